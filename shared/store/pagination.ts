import { validationError } from '../errors.js';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type Key = Record<string, string>;

const MAX_KEY_BYTES = 1024;

// Cursors are DynamoDB's LastEvaluatedKey, base64url-encoded. Decoding checks the key belongs
// to the very partition being listed, so a cursor can never steer a query into another
// partition (or tenant) and a tampered one is a clean 400, not a DynamoDB error.
export function encodeCursor(lastKey: Record<string, unknown> | undefined): string | null {
  return lastKey ? Buffer.from(JSON.stringify(lastKey)).toString('base64url') : null;
}

export function decodeCursor(
  cursor: string | undefined,
  expected: { attributes: readonly string[]; partition: [attribute: string, value: string] },
): Key | undefined {
  if (cursor === undefined) return undefined;
  const invalid = () => validationError([{ path: ['cursor'], message: 'is not a cursor from this listing' }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid();
  const entries = Object.entries(parsed);
  const wanted = new Set(expected.attributes);
  if (entries.length !== wanted.size) throw invalid();
  for (const [name, value] of entries) {
    // DynamoDB refuses empty key values and sort keys over 1 KB with a ValidationException.
    if (!wanted.has(name) || typeof value !== 'string' || value === '' || Buffer.byteLength(value) > MAX_KEY_BYTES) {
      throw invalid();
    }
  }
  const key = parsed as Key;
  const [partitionAttribute, partitionValue] = expected.partition;
  if (key[partitionAttribute] !== partitionValue) throw invalid();
  return key;
}
