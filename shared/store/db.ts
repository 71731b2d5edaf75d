import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.js';
import { unavailable } from '../errors.js';

export interface Db {
  doc: DynamoDBDocumentClient;
  table: string;
}

export function createDb(
  config: Pick<Config, 'RIPPLE_TABLE' | 'RIPPLE_DYNAMODB_ENDPOINT' | 'AWS_REGION'> & Partial<Pick<Config, 'RIPPLE_DYNAMODB_TIMEOUT_MS'>>,
): Db {
  const local = config.RIPPLE_DYNAMODB_ENDPOINT;
  const timeout = config.RIPPLE_DYNAMODB_TIMEOUT_MS ?? 2_000;
  const client = new DynamoDBClient({
    region: config.AWS_REGION,
    maxAttempts: 3,
    // Without throwOnRequestTimeout the SDK only logs a slow request and keeps waiting.
    requestHandler: {
      connectionTimeout: Math.min(timeout, 1_000),
      requestTimeout: timeout,
      throwOnRequestTimeout: true,
      // Locally one client carries every request in flight of its function (on Lambda, each instance
      // its own): past the SDK's 50 sockets calls would queue, and the queue counts against the
      // connection timeout — 503s under load. So one connection per call in flight, as on Lambda.
      ...(local ? { httpAgent: { maxSockets: Infinity } } : {}),
    },
    ...(local ? { endpoint: local, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { doc, table: config.RIPPLE_TABLE };
}

export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

// Faults worth retrying: DynamoDB throttling and 5xx, SDK timeouts, and the network.
const RETRYABLE_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function isRetryable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const details = error as Error & { $fault?: string; $retryable?: unknown; code?: string };
  return (
    RETRYABLE_NAMES.has(error.name) ||
    details.$fault === 'server' ||
    Boolean(details.$retryable) ||
    (details.code !== undefined && NETWORK_CODES.has(details.code))
  );
}

// A fault the caller can retry becomes `unavailable` (503); a failed condition is left for the
// caller to interpret; anything else (a bad request, denied access, a marshalling error) is our
// bug or misconfiguration and stays an internal error (500).
export function asStoreError(error: unknown): unknown {
  return isRetryable(error) ? unavailable(error) : error;
}

// Wraps one DynamoDB call: `await guard(() => db.doc.send(new GetCommand(...)))` keeps the
// command's output type and maps its faults.
export async function guard<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw asStoreError(error);
  }
}

/** A conditional write: its output, or null when its condition failed (someone else got there first). */
export async function ifConditionHolds<T>(call: () => Promise<T>): Promise<T | null> {
  try {
    return await guard(call);
  } catch (error) {
    if (isConditionalCheckFailed(error)) return null;
    throw error;
  }
}
