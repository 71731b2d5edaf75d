import { claimedTime } from './claimed-time.js';
import * as z from './zod.js';

export interface Content {
  id: string;
  workspaceId: string;
  url: string;
  title: string | null;
  campaign: string | null;
  refParam: string;
  kWindowSeconds: number;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

const MAX_URL_LENGTH = 2048;
const DAY_SECONDS = 86_400;

// Destinations are followed by browsers, never fetched by us, so any http(s) host is fine;
// other schemes (javascript:, data:) would turn a share link into an XSS vector.
// Credentials in a URL are refused: `https://bank.example@evil.example` reads as one host and
// goes to another. The length is checked on the normalised URL, which is what is stored and
// redirected to (percent-encoding can make it several times longer than the input).
const hasNoCredentials = (raw: string) => !URL.canParse(raw) || (new URL(raw).username === '' && new URL(raw).password === '');

const destinationUrl = z.pipe(
  z
    .url({ protocol: /^https?$/, error: 'must be an absolute http:// or https:// URL' })
    .check(z.refine(hasNoCredentials, 'must not contain a user name or password')),
  z.pipe(
    z.transform((raw: string) => new URL(raw).href),
    z.string().check(z.maxLength(MAX_URL_LENGTH, `must be at most ${MAX_URL_LENGTH} characters once normalised`)),
  ),
);

const title = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));

// Campaign names appear in URL paths (/v1/campaigns/{campaign}/report), so keep them path-safe.
export const campaignName = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be 1-64 letters, digits, "_", "." or "-"'));

const queryParamName = z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,32}$/, 'must be 1-32 letters, digits, "_", "." or "-"'));

export const createContentInput = z
  .strictObject({
    url: destinationUrl,
    title: z.optional(title),
    campaign: z.optional(campaignName),
    refParam: z._default(queryParamName, 'ref'),
    // The same bounds as ?kWindow= on reports: any whole number of seconds up to a year.
    kWindowSeconds: z._default(z.int().check(z.gte(1), z.lte(365 * DAY_SECONDS)), DAY_SECONDS),
    // Backdated for an import: links imported into it may be as old as this (docs/contract.md §7).
    createdAt: z.optional(claimedTime),
  })
  .check(
    // The redirect sets `{refParam}={code}`; a destination already using that parameter would lose
    // its own value, so the clash is refused up front rather than resolved silently.
    // (zod runs this even when `url` itself failed, hence the canParse guard.)
    z.refine((input) => !URL.canParse(input.url) || !new URL(input.url).searchParams.has(input.refParam), {
      message: 'already has the ref parameter in its query; choose another refParam',
      path: ['url'],
    }),
  );
export type CreateContentInput = z.output<typeof createContentInput>;

export const updateContentInput = z
  .strictObject({
    title: z.optional(z.nullable(title)),
    active: z.optional(z.boolean()),
  })
  .check(
    z.refine((patch) => patch.title !== undefined || patch.active !== undefined, {
      message: 'give at least one of: title, active',
    }),
  );
export type UpdateContentInput = z.output<typeof updateContentInput>;

export function newContent(id: string, workspaceId: string, input: CreateContentInput, now: Date): Content {
  const at = now.toISOString();
  return {
    id,
    workspaceId,
    url: input.url,
    title: input.title ?? null,
    campaign: input.campaign ?? null,
    refParam: input.refParam,
    kWindowSeconds: input.kWindowSeconds,
    active: true,
    createdAt: input.createdAt ?? at,
    updatedAt: at,
  };
}
