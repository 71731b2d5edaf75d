import * as z from './zod.js';

// A time a client gives for something that happened before Ripple saw it: when a content's sharing
// began, when an imported link was made (docs/contract.md §7). ISO 8601 with a zone, kept in UTC.
// Not after the request (callers check that against their clock), and not before 2000: an earlier
// date is a typo or an empty spreadsheet cell read as the epoch, never a share link.
export const EARLIEST_CLAIMED_TIME = '2000-01-01T00:00:00.000Z';

const ISO_DATE_TIME = 'must be an ISO 8601 date-time with a time zone, such as 2026-03-01T09:30:00Z';
const notTooEarly = (value: string) => Date.parse(value) >= Date.parse(EARLIEST_CLAIMED_TIME);

export const claimedTime = z.pipe(
  z.iso.datetime({ offset: true, abort: true, error: ISO_DATE_TIME }).check(z.refine(notTooEarly, 'must not be before 2000-01-01T00:00:00Z')),
  z.transform((value: string) => new Date(value).toISOString()),
);

/** Is a claimed time after the request that claims it? */
export const isInTheFuture = (at: string, now: Date) => Date.parse(at) > now.getTime();
