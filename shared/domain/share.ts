import { createHash } from 'node:crypto';
import { customAlphabet } from 'nanoid';
import type { RouteKey } from '../topology.js';
import { ALPHANUMERIC, newShareId } from './ids.js';
import * as z from './zod.js';

// A read-only report link, `/app/r/<token>`: whoever holds the token may read one content's
// report, cascade and series, until the share is revoked or expires.
export interface Share {
  id: string;
  workspaceId: string;
  contentId: string;
  /** sha256 of the token: the token itself is shown once, at creation, and stored nowhere. */
  tokenHash: string;
  label: string | null;
  createdAt: string;
  /** ISO-8601 UTC; null for a share that lasts until it is revoked. */
  expiresAt: string | null;
}

/** What a share token opens: one content of one workspace. */
export interface ShareGrant {
  workspaceId: string;
  contentId: string;
  shareId: string;
  expiresAt: string | null;
}

// `rshr_` tells a share token from an API key (`rpl_…`) in the same Authorization header.
// 32 alphanumeric characters carry 190 bits, like an API key, so a plain sha256 is enough to
// store it by (no password KDF) and the lookup stays one GetItem.
export const SHARE_TOKEN_PREFIX = 'rshr_';
const SHARE_TOKEN_SECRET_LENGTH = 32;
const shareTokenSecret = customAlphabet(ALPHANUMERIC, SHARE_TOKEN_SECRET_LENGTH);
const SHARE_TOKEN_FORMAT = new RegExp(`^${SHARE_TOKEN_PREFIX}[0-9A-Za-z]{${SHARE_TOKEN_SECRET_LENGTH}}$`);

export const newShareToken = () => `${SHARE_TOKEN_PREFIX}${shareTokenSecret()}`;
export const isShareToken = (value: string) => SHARE_TOKEN_FORMAT.test(value);
/** A bearer token meant as a share token (well-formed or not): it is never tried as an API key. */
export const claimsToBeShareToken = (value: string) => value.startsWith(SHARE_TOKEN_PREFIX);
export const hashShareToken = (token: string) => createHash('sha256').update(token).digest('hex');

export const MAX_SHARE_LABEL_LENGTH = 100;

const ISO_DATE_TIME = 'must be an ISO 8601 date-time with a time zone, such as 2026-12-31T23:59:59Z';

// The create body; `now` decides what "in the future" means for this request. A malformed
// date-time stops there (abort), rather than being called "not in the future" as well.
export function createShareInput(now: Date) {
  return z.strictObject({
    expiresAt: z.optional(
      z.iso
        .datetime({ offset: true, abort: true, error: ISO_DATE_TIME })
        .check(z.refine((value) => Date.parse(value) > now.getTime(), 'must be in the future')),
    ),
    label: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_SHARE_LABEL_LENGTH))),
  });
}
export type CreateShareInput = z.output<ReturnType<typeof createShareInput>>;

/** A new share of a content and the token that opens it (returned once, never stored). */
export function newShare(target: { workspaceId: string; contentId: string }, input: CreateShareInput, now: Date): { share: Share; token: string } {
  const token = newShareToken();
  const share: Share = {
    id: newShareId(),
    workspaceId: target.workspaceId,
    contentId: target.contentId,
    tokenHash: hashShareToken(token),
    label: input.label ?? null,
    createdAt: now.toISOString(),
    expiresAt: input.expiresAt === undefined ? null : new Date(input.expiresAt).toISOString(),
  };
  return { share, token };
}

/** Whether a share still opens at `now`: it stops at its `expiresAt` instant. */
export const shareIsLive = (share: { expiresAt: string | null }, now: Date) => share.expiresAt === null || Date.parse(share.expiresAt) > now.getTime();

// The only routes a share token authorizes, and only for its own content (`{id}`): reading the
// content, its report, cascade and series. Everything else answers 404, never 403.
export const SHARE_READABLE_ROUTES = [
  'GET /v1/contents/{id}',
  'GET /v1/contents/{id}/report',
  'GET /v1/contents/{id}/cascade',
  'GET /v1/contents/{id}/series',
] as const satisfies readonly RouteKey<'api'>[];
const shareReadable: ReadonlySet<string> = new Set(SHARE_READABLE_ROUTES);

export const shareOpens = (grant: Pick<ShareGrant, 'contentId'>, request: { routeKey: string; contentId: string | undefined }) =>
  shareReadable.has(request.routeKey) && request.contentId === grant.contentId;
