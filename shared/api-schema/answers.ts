import type { ZodOpenApiResponseObject } from 'zod-openapi';
import * as z from '../domain/zod.js';
import { described } from './schema-kit.js';

// The non-error answers operations describe, each with an example.

export const jsonAnswer = (description: string, schema: z.ZodMiniType, example: unknown, headers?: z.ZodMiniObject): ZodOpenApiResponseObject => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema, example } },
});

/** A report or a series: JSON, or CSV for `?format=csv` or an Accept that ranks text/csv above JSON. */
export const jsonOrCsvAnswer = (description: string, schema: z.ZodMiniType, example: unknown, csvExample: string): ZodOpenApiResponseObject => ({
  description: `${description} As CSV (\`text/csv\`, a download) with \`?format=csv\`, or when the \`Accept\` header ranks \`text/csv\` above JSON.`,
  headers: z.object({
    'Content-Disposition': described(z.optional(z.string()), {
      description: 'With CSV: `attachment; filename="<name>.csv"`.',
      example: 'attachment; filename="report-cnt_V1StGXR8_Z5jdHi6Bmy0T.csv"',
    }),
  }),
  content: {
    'application/json': { schema, example },
    'text/csv': { schema: described(z.string(), { description: 'RFC 4180 CSV, rows ending in CRLF.' }), example: csvExample },
  },
});

/** An HTML page (the dashboard, a dead link's page for browsers). */
export const htmlPage = (example: string) => ({ 'text/html': { schema: z.string(), example } });

export const noStore = { 'Cache-Control': described(z.literal('no-store'), { description: 'Never cached.' }) };
