import { type ValidationIssue, validationError } from '../errors.js';
import { claimedTime, isInTheFuture } from './claimed-time.js';
import type { Content } from './content.js';
import { childLink, type Link, linkCode, linkFields, seedLink } from './link.js';
import * as z from './zod.js';

// A batch of links for one content (POST /v1/contents/{id}/links/batch, docs/contract.md §7): an
// existing cascade imported whole. Pure rules: the body's shape, then everything that needs the
// content and the parents it names, checked for every item before anything is written.

export const MAX_BATCH_LINKS = 1_000;

// A client's name for an item, so later items can name it as their parent before it has a code.
const ref = z.string().check(z.minLength(1), z.maxLength(64));

const parentOfItem = z.union([linkCode, z.strictObject({ ref })], {
  error: 'must be a link code, or {"ref": …} naming an earlier link of this batch',
});

const batchItem = z.strictObject({
  ...linkFields,
  ref: z.optional(ref),
  parent: z.optional(parentOfItem),
  createdAt: z.optional(claimedTime),
});

export const linkBatchInput = z.strictObject({
  links: z
    .array(batchItem)
    .check(
      z.minLength(1, 'must hold at least one link'),
      z.maxLength(MAX_BATCH_LINKS, `must hold at most ${MAX_BATCH_LINKS.toLocaleString('en-US')} links: send more batches`),
    ),
});
export type LinkBatchInput = z.output<typeof linkBatchInput>;
type BatchItem = LinkBatchInput['links'][number];

/** One item of a batch, checked: where its parent is, and when it was made if the client said. */
export interface PlannedLink {
  index: number;
  ref: string | null;
  /** An earlier item of the batch, a link that already exists, or none (a seed link). */
  parent: { inBatch: number } | { existing: Link } | null;
  /** The creation time the client gave; null: stamped when written, as a single mint is. */
  createdAt: string | null;
  fields: Pick<BatchItem, 'sharer' | 'channel' | 'utm'>;
  /** Writes go level by level, a parent before its children: 0 for items whose parent is not in the batch. */
  level: number;
}

/** The existing links the batch names as parents, to look up before planning. */
export const parentCodesOf = (input: LinkBatchInput): string[] => [
  ...new Set(input.links.flatMap((item) => (typeof item.parent === 'string' ? [item.parent] : []))),
];

interface PlanContext {
  content: Content;
  /** The links named as parents by code, as this workspace sees them (another tenant's are absent). */
  parents: ReadonlyMap<string, Link>;
  /** When the request arrived: no claimed time may be later. */
  now: Date;
}

type IssueAt = (field: string, message: string) => void;

/**
 * Checks every item against the content and the parents looked up (by code, this workspace's
 * only), and plans the writes. Throws one validation error naming every offending item.
 */
export function planLinkBatch(input: LinkBatchInput, context: PlanContext): PlannedLink[] {
  const issues: ValidationIssue[] = [];
  const refs = new Map<string, number>();
  const planned: PlannedLink[] = [];
  input.links.forEach((item, index) => {
    const issue: IssueAt = (field, message) => issues.push({ path: ['links', index, field], message });
    if (item.ref !== undefined) {
      const earlier = refs.get(item.ref);
      if (earlier === undefined) refs.set(item.ref, index);
      else issue('ref', `is already the ref of links[${earlier}]`);
    }
    const parent = parentOf(item, index, input, refs, context, issue);
    const createdAt = item.createdAt ?? null;
    if (createdAt !== null) {
      checkCreatedAt(createdAt, parent === null ? null : parentTime(parent, planned), context, issue);
    }
    const level = parent && 'inBatch' in parent ? (planned[parent.inBatch]?.level ?? 0) + 1 : 0;
    const fields = { sharer: item.sharer, channel: item.channel, utm: item.utm };
    planned.push({ index, ref: item.ref ?? null, parent, createdAt, fields, level });
  });
  if (issues.length > 0) throw validationError(issues);
  return planned;
}

// A ref names an item before this one (refs are unique), so the batch can hold no cycle.
function parentOf(
  item: BatchItem,
  index: number,
  input: LinkBatchInput,
  refs: ReadonlyMap<string, number>,
  context: PlanContext,
  issue: IssueAt,
): PlannedLink['parent'] | null {
  if (item.parent === undefined) return null;
  if (typeof item.parent === 'string') {
    const existing = context.parents.get(item.parent);
    if (existing?.contentId === context.content.id) return { existing };
    issue('parent', 'is not a link of this content');
    return null;
  }
  const wanted = item.parent.ref;
  const inBatch = refs.get(wanted);
  if (inBatch !== undefined && inBatch < index) return { inBatch };
  const later = input.links.findIndex((other, at) => at >= index && other.ref === wanted);
  issue('parent', later >= 0 ? `names links[${later}], which is not before it: list parents before their children` : 'names no earlier link of this batch');
  return null;
}

// When the parent was made, as far as is known now: a batch parent without a claimed time is
// stamped when written, after this request began.
function parentTime(parent: NonNullable<PlannedLink['parent']>, planned: readonly PlannedLink[]): string | 'when written' {
  if ('existing' in parent) return parent.existing.createdAt;
  return planned[parent.inBatch]?.createdAt ?? 'when written';
}

function checkCreatedAt(createdAt: string, parentAt: string | 'when written' | null, context: PlanContext, issue: IssueAt) {
  const contentAt = context.content.createdAt;
  if (isInTheFuture(createdAt, context.now)) issue('createdAt', 'must not be in the future');
  else if (createdAt < contentAt) issue('createdAt', `must not be before the content was created (${contentAt})`);
  else if (parentAt === 'when written') {
    issue('createdAt', 'must not be before its parent, which has no createdAt and is stamped when written: give the parent one');
  } else if (parentAt !== null && createdAt < parentAt) issue('createdAt', `must not be before its parent's (${parentAt})`);
}

/**
 * The link of one planned item: its claimed creation time, or the write's stamp. The stamp, taken
 * just before the write, is the link's place in the aggregation's feed either way.
 */
export function batchLink(item: PlannedLink, code: string, context: { content: Content; parent: Link | null; stamp: Date }): Link {
  const createdAt = item.createdAt === null ? context.stamp : new Date(item.createdAt);
  const link = context.parent ? childLink(context.parent, code, item.fields, createdAt, null) : seedLink(context.content, code, item.fields, createdAt);
  return item.createdAt === null ? link : { ...link, receivedAt: context.stamp.toISOString() };
}
