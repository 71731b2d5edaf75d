import { describe, expect, it, vi } from 'vitest';
import * as z from '../../../shared/domain/zod.js';
import { RippleError } from '../../../shared/errors.js';
import { MAX_BODY_BYTES, parseBody, parseInput, parseQuery } from '../../../shared/http/input.js';
import { anEvent } from './event-fixture.js';

const anything = z.unknown();
const KIB_64 = 64 * 1024;

function caught(fn: () => unknown): RippleError {
  try {
    fn();
  } catch (error) {
    if (error instanceof RippleError) return error;
    throw error;
  }
  throw new Error('expected a RippleError');
}

// A JSON string literal body of exactly `bytes` UTF-8 bytes.
const jsonBodyOfBytes = (bytes: number) => JSON.stringify('x'.repeat(bytes - 2));

describe('parseBody size limit', () => {
  it('is 64 KiB', () => {
    expect(MAX_BODY_BYTES).toBe(KIB_64);
  });

  it('accepts a body of exactly 65536 bytes', () => {
    const body = jsonBodyOfBytes(KIB_64);
    expect(Buffer.byteLength(body)).toBe(KIB_64);
    expect(parseBody(anEvent({ body }), anything)).toHaveLength(KIB_64 - 2);
  });

  it('refuses a body of 65537 bytes with payload_too_large', () => {
    const error = caught(() => parseBody(anEvent({ body: jsonBodyOfBytes(KIB_64 + 1) }), anything));
    expect(error.code).toBe('payload_too_large');
  });

  it('counts UTF-8 bytes, not characters', () => {
    // 3 bytes per character: 21846 characters are 65538 bytes but fewer than 65536 characters.
    const body = JSON.stringify('€'.repeat(21_846));
    expect(body.length).toBeLessThan(KIB_64);
    expect(caught(() => parseBody(anEvent({ body }), anything)).code).toBe('payload_too_large');
  });

  it('decodes a base64 body before parsing it', () => {
    const body = Buffer.from(JSON.stringify({ hello: 'wörld' })).toString('base64');
    expect(parseBody(anEvent({ body, isBase64Encoded: true }), anything)).toEqual({ hello: 'wörld' });
  });

  it('size-checks a base64 body on its decoded bytes', () => {
    // 65536 decoded bytes are ~87 KB of base64 text: still accepted.
    const exact = Buffer.from(jsonBodyOfBytes(KIB_64)).toString('base64');
    expect(exact.length).toBeGreaterThan(KIB_64);
    expect(() => parseBody(anEvent({ body: exact, isBase64Encoded: true }), anything)).not.toThrow();

    const over = Buffer.from(jsonBodyOfBytes(KIB_64 + 1)).toString('base64');
    expect(caught(() => parseBody(anEvent({ body: over, isBase64Encoded: true }), anything)).code).toBe('payload_too_large');
  });
});

describe('parseBody JSON', () => {
  it.each(['{', '{"a":1,}', "{'a':1}", 'undefined', 'NaN', '   '])('reports %j as invalid_json', (body) => {
    expect(caught(() => parseBody(anEvent({ body }), anything)).code).toBe('invalid_json');
  });

  it('reports malformed base64-encoded JSON as invalid_json', () => {
    const body = Buffer.from('{"a":').toString('base64');
    expect(caught(() => parseBody(anEvent({ body, isBase64Encoded: true }), anything)).code).toBe('invalid_json');
  });

  it('treats a missing or empty body as {}', () => {
    expect(parseBody(anEvent(), anything)).toEqual({});
    expect(parseBody(anEvent({ body: '' }), anything)).toEqual({});
  });

  it('hands the parsed value to the schema and returns its output', () => {
    const schema = z.strictObject({ n: z.number() });
    expect(parseBody(anEvent({ body: '{"n": 5}' }), schema)).toEqual({ n: 5 });
  });

  it('refuses a valid JSON body the schema rejects with validation_error', () => {
    const schema = z.strictObject({ n: z.number() });
    const error = caught(() => parseBody(anEvent({ body: '[1,2]' }), schema));
    expect(error.code).toBe('validation_error');
  });
});

describe('parseInput issues', () => {
  const schema = z.strictObject({
    name: z.string(),
    nested: z.optional(z.strictObject({ count: z.number() })),
  });

  it('reports each unknown key as its own issue at its own path', () => {
    const error = caught(() => parseInput(schema, { name: 'a', extra: 1, other: 2 }));
    expect(error.code).toBe('validation_error');
    expect(error.details.issues).toEqual(
      expect.arrayContaining([
        { path: ['extra'], message: expect.any(String) },
        { path: ['other'], message: expect.any(String) },
      ]),
    );
    expect(error.details.issues).toHaveLength(2);
  });

  it('reports nested problems at their full path, unknown nested keys included', () => {
    const error = caught(() => parseInput(schema, { name: 'a', nested: { count: 'three', color: 'red' } }));
    const paths = error.details.issues?.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        ['nested', 'count'],
        ['nested', 'color'],
      ]),
    );
  });

  it('names every bad field in the message', () => {
    const error = caught(() => parseInput(schema, { name: 1, extra: true }));
    expect(error.message).toContain('name');
    expect(error.message).toContain('extra');
  });

  it('reports a wrong top-level type with an empty path', () => {
    const error = caught(() => parseInput(schema, 'a string'));
    expect(error.details.issues).toEqual([{ path: [], message: expect.any(String) }]);
  });
});

describe('parseQuery', () => {
  it('parses the query string parameters, {} when absent', () => {
    const schema = z.object({ limit: z._default(z.coerce.number(), 20) });
    expect(parseQuery(anEvent({ query: { limit: '5' } }), schema)).toEqual({ limit: 5 });
    expect(parseQuery(anEvent(), schema)).toEqual({ limit: 20 });
  });
});

describe('a schema that throws', () => {
  it('answers a 400 validation error (and logs the bug) instead of letting the exception become a 500', () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const throwing = z.string().check(
      z.refine(() => {
        throw new TypeError('Invalid URL');
      }),
    );

    expect(() => parseInput(throwing, 'x')).toThrow(expect.objectContaining({ code: 'validation_error' }));
    expect(logged).toHaveBeenCalled();
    logged.mockRestore();
  });
});
