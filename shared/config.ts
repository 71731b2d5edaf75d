import * as z from 'zod/mini';

// zod/mini keeps the redirect bundle small; a handful of env settings needs no more.
const positiveInt = (fallback: number) => z._default(z.coerce.number().check(z.int(), z.gt(0)), fallback);

// A setting that is off unless set to 1 (or true).
const switchedOn = z._default(
  z.pipe(
    z.enum(['', '0', '1', 'false', 'true']),
    z.transform((value) => value === '1' || value === 'true'),
  ),
  false,
);

const configSchema = z.object({
  RIPPLE_TABLE: z._default(z.string().check(z.minLength(3)), 'ripple'),
  // Set for the local stack (dynalite); unset on Lambda, where the SDK finds DynamoDB itself.
  RIPPLE_DYNAMODB_ENDPOINT: z.optional(z.url()),
  AWS_REGION: z._default(z.string(), 'us-east-1'),
  // Base of `shortUrl`; when unset it is derived from the request's host.
  RIPPLE_PUBLIC_URL: z.optional(z.url()),
  // Max age of cached link and content lookups on the redirect path. docs/contract.md §2 wants a
  // deactivated content to answer 410 within a minute, so this must stay ≤ 60.
  RIPPLE_CACHE_SECONDS: z._default(z.coerce.number().check(z.gte(0), z.lte(60)), 30),
  RIPPLE_CACHE_MAX_ENTRIES: positiveInt(10_000),
  RIPPLE_RESHARE_LIMIT_PER_VISITOR: positiveInt(10),
  RIPPLE_RESHARE_LIMIT_PER_ADDRESS: positiveInt(60),
  RIPPLE_RESHARE_LIMIT_WINDOW_SECONDS: positiveInt(60),
  RIPPLE_CLICK_RETENTION_DAYS: positiveInt(180),
  // Per attempt; the SDK makes up to 3. A stalled socket then ends as a JSON 503 well inside
  // the function's timeout instead of as a gateway error.
  RIPPLE_DYNAMODB_TIMEOUT_MS: positiveInt(2_000),
  // The aggregation's watermark on AWS: events younger than this wait for the next run. An event is
  // stamped just before its single write, which gives up within 3 attempts of RIPPLE_DYNAMODB_TIMEOUT_MS
  // (about 7 s at 2 s), and the index usually follows within a second; 15 s covers both.
  RIPPLE_AGGREGATE_LAG_SECONDS: z._default(z.coerce.number().check(z.gte(0), z.lte(3600)), 15),
  RIPPLE_AGGREGATE_STEP_EVENTS: positiveInt(25_000),
  // docs/contract.md §4, §6: private (and loopback) webhook targets only when an operator says so, for local work.
  RIPPLE_ALLOW_PRIVATE_WEBHOOKS: switchedOn,
  RIPPLE_WEBHOOK_TIMEOUT_MS: positiveInt(15_000),
  // Seconds to wait after attempt 1, 2, …; default 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 24 h.
  RIPPLE_WEBHOOK_RETRY_SCHEDULE_SECONDS: z._default(z.string().check(z.regex(/^\d+(\.\d+)?(,\d+(\.\d+)?)*$/)), '5,300,1800,7200,18000,36000,86400'),
  RIPPLE_WEBHOOK_DISABLE_AFTER_FAILURES: positiveInt(20),
  // The dashboard's built files (infra/web-bundling.ts); unset on Lambda, where they sit beside the bundle.
  RIPPLE_WEB_DIR: z.optional(z.string().check(z.minLength(1))),
  // Set by the local stack only (infra/local/main.ts): the dashboard function also serves the sample
  // campaign page, /app/demo (shared/dashboard/demo-page.ts).
  RIPPLE_DEMO_PAGE: switchedOn,
  // Set by Lambda: the function's memory, which bounds how much link structure a warm instance keeps.
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: positiveInt(1024),
});

export type Config = z.infer<typeof configSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new Error(`Invalid Ripple configuration: ${fields}`);
  }
  return parsed.data;
}
