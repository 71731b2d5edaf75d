import type { Content } from './content.js';
import { isLinkCode } from './ids.js';
import * as z from './zod.js';

export interface Utm {
  source?: string;
  medium?: string;
  campaign?: string;
  term?: string;
  content?: string;
}

export interface Link {
  code: string;
  workspaceId: string;
  contentId: string;
  parent: string | null;
  rootCode: string;
  generation: number;
  sharer: string | null;
  channel: string | null;
  utm: Utm | null;
  // The visitor (cookie or salted hash) who made a public re-share; null for API-minted links.
  creatorVisitorId: string | null;
  createdAt: string;
  /**
   * When Ripple stored it, where that differs from `createdAt` (an imported link whose creation
   * time the client gave): its position in the aggregation's feed. Otherwise `createdAt` is both.
   */
  receivedAt?: string;
}

const label = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const utmValue = label(200);

export const linkCode = z.string().check(z.refine(isLinkCode, 'must be a link code (8-32 letters or digits)'));

const sharerAndChannel = {
  sharer: z.optional(label(200)),
  channel: z.optional(label(64)),
};

/** What describes a link besides its place in a cascade: shared by the single mint and the batch. */
export const linkFields = {
  ...sharerAndChannel,
  utm: z.optional(
    z.strictObject({
      source: z.optional(utmValue),
      medium: z.optional(utmValue),
      campaign: z.optional(utmValue),
      term: z.optional(utmValue),
      content: z.optional(utmValue),
    }),
  ),
};

export const mintLinkInput = z.strictObject({
  ...linkFields,
  parent: z.optional(linkCode),
});
export type MintLinkInput = z.output<typeof mintLinkInput>;

export const reshareInput = z.strictObject(sharerAndChannel);
export type ReshareInput = z.output<typeof reshareInput>;

export function seedLink(content: Content, code: string, input: MintLinkInput, now: Date): Link {
  return {
    code,
    workspaceId: content.workspaceId,
    contentId: content.id,
    parent: null,
    rootCode: code,
    generation: 0,
    sharer: input.sharer ?? null,
    channel: input.channel ?? null,
    utm: input.utm && Object.keys(input.utm).length > 0 ? input.utm : null,
    creatorVisitorId: null,
    createdAt: now.toISOString(),
  };
}

// A re-share inherits content and cascade root from its parent, one generation deeper.
export function childLink(parent: Link, code: string, input: MintLinkInput | ReshareInput, now: Date, creatorVisitorId: string | null): Link {
  const utm = 'utm' in input ? input.utm : undefined;
  return {
    code,
    workspaceId: parent.workspaceId,
    contentId: parent.contentId,
    parent: parent.code,
    rootCode: parent.rootCode,
    generation: parent.generation + 1,
    sharer: input.sharer ?? null,
    channel: input.channel ?? null,
    utm: utm && Object.keys(utm).length > 0 ? utm : null,
    creatorVisitorId,
    createdAt: now.toISOString(),
  };
}
