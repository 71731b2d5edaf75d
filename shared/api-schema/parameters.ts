// Path parameters by route, and the request and response headers several routes share.
import * as z from '../domain/zod.js';
import { described } from './schema-kit.js';
import { campaign, contentId, linkCode, shareId, webhookId } from './values.js';

// A malformed id cannot name anything: it is a 404 without a read, like an unknown one.
const MALFORMED_IS_404 = 'A malformed one is a 404, like an unknown one.';

export const contentPath = z.object({ id: described(contentId, { description: `The content\u2019s id. ${MALFORMED_IS_404}` }) });
export const linkPath = z.object({ code: described(linkCode, { description: `The link\u2019s code. ${MALFORMED_IS_404}` }) });
export const campaignPath = z.object({
  campaign: described(campaign, { description: `The campaign label its contents were created with. ${MALFORMED_IS_404}` }),
});
export const webhookPath = z.object({ id: described(webhookId, { description: `The subscription\u2019s id. ${MALFORMED_IS_404}` }) });
export const sharePath = z.object({ ...contentPath.shape, shareId: described(shareId, { description: `The share\u2019s id. ${MALFORMED_IS_404}` }) });
export const appPath = z.object({
  path: described(z.string(), {
    description:
      'One or more path segments under /app: a dashboard page (`contents/…`, `webhooks`, `api`, `r/<token>`), a built file (`assets/<name>`) or `share.js`.',
    example: 'contents/cnt_V1StGXR8_Z5jdHi6Bmy0T',
  }),
});

export const idempotencyHeader = z.object({
  'Idempotency-Key': described(z.optional(z.string().check(z.regex(/^[\x21-\x7e]{1,255}$/))), {
    description:
      'Makes a retry safe: the same key with the same request answers 201 with what the first request created (`Idempotent-Replayed: true`) and creates nothing; with a different request, 409 `conflict`. 1\u2013255 printable ASCII characters, per workspace, never expiring.',
    example: 'order-4711',
  }),
});

export const replayedHeader = {
  'Idempotent-Replayed': described(z.optional(z.literal('true')), { description: 'Present when this answer replays an earlier request\u2019s result.' }),
};

export const locationHeader = (what: string, example: string) => ({
  Location: described(z.string(), { description: `The path of ${what}.`, example }),
});
