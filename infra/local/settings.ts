import { resolve } from 'node:path';

export interface LocalSettings {
  port: number;
  host: string;
  dataDir: string;
  apiKey: string | undefined;
  /** The local aggregate function's timeout: a run stops starting steps 30 s before it (functions/aggregate). */
  aggregateTimeoutMs: number;
  /** How long `npm run aggregate` waits for a run that holds the lease, or retries a failing stack. */
  aggregateWaitMs: number;
  /** The DynamoDB the stack uses: one it starts (dynalite or DynamoDB Local, on disk), or one it is given. */
  dynamodb: LocalDynamoChoice;
  /**
   * Where the functions reach DynamoDB, when not dynalite's own endpoint: a proxy in front of it
   * that injects store faults (tests). The stack's own setup always goes to dynalite directly.
   */
  functionsDynamodbEndpoint: string | undefined;
}

export type LocalDynamoChoice = { kind: 'dynalite' } | { kind: 'dynamodb-local' } | { kind: 'external'; endpoint: string };

const LOCAL_DYNAMODB_KINDS = ['dynalite', 'dynamodb-local'] as const;

// The local stack's own settings (docs/contract.md §5); function settings come from shared/config.ts.
export function localSettings(env: Record<string, string | undefined> = process.env): LocalSettings {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  return {
    port,
    host: env.RIPPLE_HOST ?? '127.0.0.1',
    dataDir: resolve(env.RIPPLE_DATA_DIR || '.ripple'),
    apiKey: env.RIPPLE_API_KEY || undefined,
    // 30 s like the HTTP functions' context: each run then takes about 5 s, and npm run aggregate
    // shows progress between runs. Tests set about a second to force several runs. As on Lambda, a
    // call past it fails (middy's timeout) while its run ends in the background: the command retries.
    aggregateTimeoutMs: seconds(env, 'RIPPLE_LOCAL_AGGREGATE_TIMEOUT_SECONDS', 30) * 1000,
    aggregateWaitMs: seconds(env, 'RIPPLE_AGGREGATE_WAIT_SECONDS', 120) * 1000,
    dynamodb: dynamodbChoice(env),
    functionsDynamodbEndpoint: env.RIPPLE_LOCAL_FUNCTIONS_DYNAMODB_ENDPOINT || undefined,
  };
}

// An endpoint given outright wins: the stack then starts no DynamoDB and only ensures its table.
function dynamodbChoice(env: Record<string, string | undefined>): LocalDynamoChoice {
  if (env.RIPPLE_DYNAMODB_ENDPOINT) return { kind: 'external', endpoint: env.RIPPLE_DYNAMODB_ENDPOINT };
  const kind = env.RIPPLE_LOCAL_DYNAMODB || 'dynalite';
  if (!(LOCAL_DYNAMODB_KINDS as readonly string[]).includes(kind)) {
    throw new Error(`RIPPLE_LOCAL_DYNAMODB must be one of ${LOCAL_DYNAMODB_KINDS.join(', ')}, got ${kind}`);
  }
  return { kind: kind as (typeof LOCAL_DYNAMODB_KINDS)[number] };
}

function seconds(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number of seconds, got ${raw}`);
  return value;
}
