import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RippleError } from '../../../shared/errors.js';
import { decodeCursor, encodeCursor } from '../../../shared/store/pagination.js';

const expected = {
  attributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'],
  partition: ['gsi1pk', 'WS#ws_1#CONTENTS'] as [string, string],
};
const lastKey = {
  pk: 'WS#ws_1#CNT#cnt_1',
  sk: 'CONTENT',
  gsi1pk: 'WS#ws_1#CONTENTS',
  gsi1sk: '2024-01-01T00:00:00.000Z#cnt_1',
};

const encodeRaw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function cursorError(cursor: string): RippleError {
  try {
    decodeCursor(cursor, expected);
  } catch (error) {
    if (error instanceof RippleError) return error;
    throw error;
  }
  throw new Error('expected the cursor to be refused');
}

describe('cursors', () => {
  it('round-trip a LastEvaluatedKey', () => {
    const cursor = encodeCursor(lastKey);
    expect(cursor).not.toBeNull();
    expect(decodeCursor(cursor ?? '', expected)).toEqual(lastKey);
  });

  it('are URL-safe text', () => {
    const cursor = encodeCursor({ ...lastKey, gsi1sk: '???>>>~~~ÿÿÿ' }) ?? '';
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('mean “no more pages” as null, and no cursor means the first page', () => {
    expect(encodeCursor(undefined)).toBeNull();
    expect(decodeCursor(undefined, expected)).toBeUndefined();
  });

  it('round-trip any string-valued key of the listing (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 200 }),
        fc.string({ minLength: 1, maxLength: 200 }),
        fc.string({ minLength: 1, maxLength: 200 }),
        (pk, sk, sort) => {
          const key = { pk, sk, gsi1pk: 'WS#ws_1#CONTENTS', gsi1sk: sort };
          expect(decodeCursor(encodeCursor(key) ?? '', expected)).toEqual(key);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('refused cursors', () => {
  it.each([
    ['garbage', '!!!not base64!!!'],
    ['non-JSON base64', Buffer.from('hello').toString('base64url')],
    ['JSON null', encodeRaw(null)],
    ['JSON array', encodeRaw(['pk', 'sk'])],
    ['JSON string', encodeRaw('pk')],
    ['JSON number', encodeRaw(42)],
    ['another partition', encodeRaw({ ...lastKey, gsi1pk: 'WS#ws_2#CONTENTS' })],
    ['an extra attribute', encodeRaw({ ...lastKey, extra: 'x' })],
    ['a missing attribute', encodeRaw({ pk: lastKey.pk, sk: lastKey.sk, gsi1pk: lastKey.gsi1pk })],
    ['a swapped attribute name', encodeRaw({ pk: lastKey.pk, sk: lastKey.sk, gsi1pk: lastKey.gsi1pk, gsi2sk: 'x' })],
    ['a non-string value', encodeRaw({ ...lastKey, gsi1sk: 5 })],
    ['an object value', encodeRaw({ ...lastKey, sk: { S: 'CONTENT' } })],
    ['an empty key value (DynamoDB would refuse it)', encodeRaw({ ...lastKey, pk: '' })],
    ['a sort key over 1 KB (DynamoDB would refuse it)', encodeRaw({ ...lastKey, gsi1sk: 'x'.repeat(1025) })],
    ['a __proto__ key', Buffer.from(`{"pk":"a","sk":"b","gsi1pk":"WS#ws_1#CONTENTS","__proto__":"x"}`).toString('base64url')],
  ])('refuses %s with validation_error naming cursor', (_label, cursor) => {
    const error = cursorError(cursor);
    expect(error.code).toBe('validation_error');
    expect(error.details.issues?.map((issue) => issue.path)).toEqual([['cursor']]);
  });

  it('refuses a cursor whose leading characters were tampered with', () => {
    const cursor = encodeCursor(lastKey) ?? '';
    const tampered = `AAAA${cursor.slice(4)}`;
    expect(tampered).not.toBe(cursor);
    expect(cursorError(tampered).code).toBe('validation_error');
  });

  it('refuses a cursor of another listing even when well-formed', () => {
    const ofLinks = encodeRaw({ pk: 'LINK#abc', sk: 'LINK', gsi1pk: 'WS#ws_1#CNT#cnt_1#LINKS', gsi1sk: 'x' });
    expect(cursorError(ofLinks).details.issues?.[0]?.path).toEqual(['cursor']);
  });
});
