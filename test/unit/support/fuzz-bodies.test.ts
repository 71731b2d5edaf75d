import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonSchemaOf, notJson, offSchema, oversized, refusal } from '../../support/fuzz/json-bodies.js';
import { routeSpecs } from '../../support/fuzz/route-specs.js';

// The hostile-input fuzzer's bodies are what they claim: drawn from each route's own schema, the
// "off" ones are refused by that schema, and `refusal` says what the API's body parsing would.
const NOW = new Date('2026-12-05T12:00:00Z');
const withBodies = Object.entries(routeSpecs).flatMap(([key, spec]) => (spec.body ? [[key, spec.body(NOW)] as const] : []));

describe('bodies drawn from a route schema', () => {
  it('covers every route that reads a body', () => {
    expect(withBodies.map(([key]) => key).sort()).toEqual([
      'PATCH /v1/contents/{id}',
      'POST /v1/contents',
      'POST /v1/contents/{id}/links',
      'POST /v1/contents/{id}/links/batch',
      'POST /v1/contents/{id}/shares',
      'POST /v1/conversions',
      'POST /v1/links/{code}/reshare',
      'POST /v1/webhooks',
    ]);
  });

  it.each(withBodies)(
    '%s: every body drawn off the schema is refused by it',
    (key, schema) => {
      fc.assert(
        fc.property(offSchema(jsonSchemaOf(schema)), (value) => {
          expect(refusal(schema, Buffer.from(JSON.stringify(value) ?? ''))).not.toBeNull();
        }),
        // A batch's bodies hold up to a thousand links each: fewer of them, in the same time.
        { numRuns: key.endsWith('/batch') ? 60 : 300, seed: 1 },
      );
    },
    30_000,
  );
});

describe('refusal', () => {
  const [, contentSchema] = withBodies.find(([key]) => key === 'POST /v1/contents')!;
  const [, reshareSchema] = withBodies.find(([key]) => key === 'POST /v1/links/{code}/reshare')!;

  it('reads no body as {}: refused only where fields are required', () => {
    expect(refusal(contentSchema, undefined)).toMatch(/required/);
    expect(refusal(reshareSchema, undefined)).toBeNull();
    expect(refusal(reshareSchema, Buffer.alloc(0))).toBeNull();
  });

  it('refuses every body drawn as not a JSON object, even where {} would do', () => {
    fc.assert(
      fc.property(notJson, (bytes) => {
        expect(refusal(reshareSchema, bytes)).not.toBeNull();
      }),
      { numRuns: 300, seed: 1 },
    );
    expect(refusal(reshareSchema, Buffer.from('{"a":'))).toMatch(/not JSON/);
    for (const bytes of fc.sample(oversized, { numRuns: 5, seed: 1 })) expect(refusal(reshareSchema, bytes)).toMatch(/64 KiB/);
  });
});
