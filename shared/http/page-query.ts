import * as z from '../domain/zod.js';

// `?limit=&cursor=` on every listing; unknown query parameters are ignored, as on Stripe.
export const pageQuery = {
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
};
