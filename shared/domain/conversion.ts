import { linkCode } from './link.js';
import { storableNumber } from './storable-number.js';
import * as z from './zod.js';

export interface Conversion {
  workspaceId: string;
  externalId: string;
  /** The link the conversion is attributed to, when the caller knew it. */
  code: string | null;
  /** Otherwise the visitor: attributed to the content of their latest click, when aggregated. */
  visitorId: string | null;
  /** The content, once known (at once for a code, at aggregation for a visitor). */
  contentId: string | null;
  value: number;
  currency: string | null;
  createdAt: string;
}

export const recordConversionInput = z
  .strictObject({
    code: z.optional(linkCode),
    visitor: z.optional(z.string().check(z.regex(/^h_[A-Za-z0-9_-]{22}$/, 'must be a Ripple visitor id (the rpl_vid cookie)'))),
    externalId: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
    value: z._default(z.number().check(z.gte(0), z.lte(1e12), storableNumber), 0),
    currency: z.optional(z.string().check(z.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "EUR"'))),
  })
  .check(
    z.refine((input) => input.code !== undefined || input.visitor !== undefined, {
      message: 'give the link `code` or the `visitor` that converted',
      path: ['code'],
    }),
  );
export type RecordConversionInput = z.output<typeof recordConversionInput>;
