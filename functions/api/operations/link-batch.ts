import { forEachLimit } from '../../../shared/concurrency.js';
import type { Content } from '../../../shared/domain/content.js';
import { linkCodeForBatchItem } from '../../../shared/domain/ids.js';
import type { Link } from '../../../shared/domain/link.js';
import { batchLink, linkBatchInput, parentCodesOf, type PlannedLink, planLinkBatch } from '../../../shared/domain/link-batch.js';
import { gone } from '../../../shared/errors.js';
import { publicBaseUrl } from '../../../shared/http/event.js';
import { type Idempotency, idempotencyOf, replayHeaders, settleCreate } from '../../../shared/http/idempotency.js';
import { parseBody } from '../../../shared/http/input.js';
import { json } from '../../../shared/http/responses.js';
import { linkView } from '../../../shared/http/views.js';
import type { LinkStore } from '../../../shared/store/links.js';
import { requireContent } from './lookups.js';
import { contentIdParam } from './path.js';
import type { Operation } from './types.js';

// 1,000 links with a ref, a parent, a createdAt, a sharer and a channel each are about 120 KB,
// with three utm tags too 200 KB; only every field at its longest (1.5 MB) needs two requests
// (docs/contract.md §7).
export const MAX_BATCH_BODY_BYTES = 1024 * 1024;
// Writes in flight at once. A content's links share one gsi1 partition (~1,000 writes/s on AWS),
// so more would only meet throttling sooner; 16 keeps a 1,000-link batch well inside the api
// function's 29 s (docs/benchmarks.md, "Importing links").
const WRITES_IN_FLIGHT = 16;

// POST /v1/contents/{id}/links/batch: up to 1,000 links of one content, parents before children,
// every item checked before anything is written. With an Idempotency-Key each item's code derives
// from (workspace, key, index): a retry after a crash mid-batch writes only what is missing, a
// retry of a finished batch replays it, and the same key with another body is a 409.
export const mintLinkBatch: Operation = async ({ event, workspaceId, now }, deps) => {
  const input = parseBody(event, linkBatchInput, { maxBytes: MAX_BATCH_BODY_BYTES });
  const idempotency = idempotencyOf(event, input);
  const codes = idempotency ? input.links.map((_, index) => linkCodeForBatchItem(workspaceId, idempotency.key, index)) : null;
  const earlier = idempotency && codes ? await earlierAttempt(deps.links, workspaceId, codes, idempotency) : new Map<number, Link>();
  const baseUrl = publicBaseUrl(event, deps.publicUrl);
  const answer = (links: readonly Link[], replayed: boolean) => {
    const items = links.map((link, index) => ({ ...linkView(link, baseUrl), ...refOf(input.links[index]) }));
    return json(201, { items }, { headers: replayHeaders(replayed) });
  };
  if (earlier.size === input.links.length)
    return answer(
      input.links.map((_, index) => earlier.get(index) as Link),
      true,
    );

  const content = await requireContent(deps, workspaceId, contentIdParam(event));
  if (!content.active) throw gone('This content is no longer active');
  const parents = await deps.links.getManyInWorkspace(workspaceId, parentCodesOf(input));
  const plan = planLinkBatch(input, { content, parents, now });
  const written = await writeBatch(plan, { links: deps.links, clock: deps.clock, content, codes, idempotency, earlier });
  return answer(written.links, written.created === 0);
};

const refOf = (item: { ref?: string } | undefined) => (item?.ref === undefined ? {} : { ref: item.ref });

// The links an earlier attempt with this key wrote, by index; any written for another request is a 409.
async function earlierAttempt(links: LinkStore, workspaceId: string, codes: readonly string[], idempotency: Idempotency) {
  const found = await links.findKeyedMany(workspaceId, codes);
  const earlier = new Map<number, Link>();
  codes.forEach((code, index) => {
    const stored = found.get(code);
    if (!stored) return;
    const outcome = { created: false as const, existing: stored.link, fingerprint: stored.fingerprint };
    earlier.set(index, settleCreate(outcome, idempotency).value);
  });
  return earlier;
}

interface BatchWrite {
  links: LinkStore;
  clock: () => Date;
  content: Content;
  /** The derived codes under an Idempotency-Key; null: fresh codes. */
  codes: readonly string[] | null;
  idempotency: Idempotency | null;
  earlier: ReadonlyMap<number, Link>;
}

// Level by level, so a child is only ever written once its parent is: a crash leaves a batch's
// links as whole subtrees from the top, never an orphan. Each link is one conditional put, stamped
// just before it (the aggregation's watermark).
async function writeBatch(plan: readonly PlannedLink[], batch: BatchWrite): Promise<{ links: Link[]; created: number }> {
  const written: Link[] = new Array(plan.length);
  let created = 0;
  for (const level of levelsOf(plan)) {
    await forEachLimit(level, WRITES_IN_FLIGHT, async (item) => {
      const known = batch.earlier.get(item.index);
      if (known) {
        written[item.index] = known;
        return;
      }
      const parent = parentLink(item, written);
      const build = (code: string) => batchLink(item, code, { content: batch.content, parent, stamp: batch.clock() });
      const code = batch.codes?.[item.index];
      if (code === undefined) {
        written[item.index] = await batch.links.create(build);
        created++;
        return;
      }
      // A concurrent retry with the same key may have written it first: that is the same link.
      const outcome = await batch.links.createWithCode(build(code), batch.idempotency?.fingerprint);
      const { value, replayed } = settleCreate(outcome, batch.idempotency);
      written[item.index] = value;
      if (!replayed) created++;
    });
  }
  return { links: written, created };
}

// A parent in the batch was written a level before: its link is there.
function parentLink(item: PlannedLink, written: readonly Link[]): Link | null {
  if (item.parent === null) return null;
  return 'existing' in item.parent ? item.parent.existing : (written[item.parent.inBatch] as Link);
}

function levelsOf(plan: readonly PlannedLink[]): PlannedLink[][] {
  const levels: PlannedLink[][] = [];
  for (const item of plan) (levels[item.level] ??= []).push(item);
  return levels;
}
