import type { $ZodIssue } from 'zod/v4/core';
import type * as z from '../domain/zod.js';
import { invalidJson, payloadTooLarge, type ValidationIssue, validationError } from '../errors.js';
import { logError } from '../log.js';
import type { HttpEvent } from './event.js';

// docs/contract.md §2: bodies over 64 KiB are refused before parsing; a route made for bulk (a
// batch of links) names its own limit.
export const MAX_BODY_BYTES = 64 * 1024;

type Schema = z.ZodMiniType;

export function parseBody<S extends Schema>(event: HttpEvent, schema: S, options: { maxBytes?: number } = {}): z.output<S> {
  return parseInput(schema, readJsonBody(event, options.maxBytes ?? MAX_BODY_BYTES));
}

export function parseQuery<S extends Schema>(event: HttpEvent, schema: S): z.output<S> {
  return parseInput(schema, event.queryStringParameters ?? {});
}

export function parseInput<S extends Schema>(schema: S, value: unknown): z.output<S> {
  let result: ReturnType<typeof schema.safeParse>;
  try {
    result = schema.safeParse(value);
  } catch (error) {
    // A schema callback that throws is our bug, but the input is what provoked it: answer 400.
    logError('Validation threw instead of reporting an issue', error);
    throw validationError([{ path: [], message: 'could not be validated' }]);
  }
  if (result.success) return result.data as z.output<S>;
  throw validationError(result.error.issues.flatMap(toValidationIssues));
}

function readJsonBody(event: HttpEvent, maxBytes: number): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return {};
  // Measure before decoding: base64 carries 3 bytes per 4 characters.
  const size = event.isBase64Encoded ? Math.floor((event.body.length * 3) / 4) : Buffer.byteLength(event.body, 'utf8');
  if (size > maxBytes + 2) throw payloadTooLarge(maxBytes);
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (bytes.length > maxBytes) throw payloadTooLarge(maxBytes);
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw invalidJson(error instanceof Error ? error.message : 'unparseable');
  }
}

// Name every bad field: an unknown key becomes an issue at that key's own path.
function toValidationIssues(issue: $ZodIssue): ValidationIssue[] {
  const path = issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part));
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: [...path, key], message: 'is not a known field' }));
  }
  return [{ path, message: issue.message }];
}
