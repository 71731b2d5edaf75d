import { createHash } from 'node:crypto';
import { conflict, validationError } from '../errors.js';
import type { CreateOutcome } from '../store/create-outcome.js';
import { type HttpEvent, header } from './event.js';

export interface Idempotency {
  key: string;
  /** Hash of what was asked (route, path and parsed body): a replay must ask the same. */
  fingerprint: string;
}

// Stripe-style `Idempotency-Key` on create routes (optional; printable ASCII, at most 255).
export function idempotencyOf(event: HttpEvent, parsedBody: unknown): Idempotency | null {
  const key = header(event, 'idempotency-key');
  if (key === undefined) return null;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw validationError([{ path: ['Idempotency-Key'], message: 'must be 1-255 printable ASCII characters' }]);
  }
  return { key, fingerprint: requestFingerprint({ route: event.routeKey, path: event.pathParameters ?? {}, body: parsedBody }) };
}

/** A stable hash of a request's meaning: equal for equal values, whatever their key order. */
export const requestFingerprint = (request: unknown) => createHash('sha256').update(canonicalJson(request)).digest('base64url');

// A create that found its item: the same request again is a replay of it, anything else a conflict.
export function settleCreate<T>(outcome: CreateOutcome<T>, idempotency: Idempotency | null): { value: T; replayed: boolean } {
  if (outcome.created) return { value: outcome.value, replayed: false };
  if (idempotency && outcome.fingerprint === idempotency.fingerprint) return { value: outcome.existing, replayed: true };
  throw conflict('This Idempotency-Key was already used for a different request');
}

export const replayHeaders = (replayed: boolean): Record<string, string> => (replayed ? { 'idempotent-replayed': 'true' } : {});

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
