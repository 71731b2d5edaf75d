import fc from 'fast-check';
import * as z from '../../../shared/domain/zod.js';

// Request bodies generated from a route's own zod schema (through its JSON Schema), and bodies
// deliberately off it: wrong types, unknown and prototype keys, missing fields, strings past their
// limit, numbers out of range, deep nesting, invalid JSON, huge, non-UTF-8. Whether the server must
// refuse a body is not guessed from how it was made: `refusal` asks the same schema.

export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
}

/** Generators to use instead of the schema's for some fields (dotted paths): refinements JSON Schema cannot say. */
export type Hints = Record<string, fc.Arbitrary<unknown>>;

export const jsonSchemaOf = (schema: z.ZodMiniType): JsonSchema => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

const MAX_BODY_BYTES = 64 * 1024;

/** Why the server must refuse this body for `schema` (docs/contract.md §2), or null when it may take it. */
export function refusal(schema: z.ZodMiniType, body: Buffer | undefined): string | null {
  if (!body || body.length === 0) return schema.safeParse({}).success ? null : 'an empty body where fields are required';
  if (body.length > MAX_BODY_BYTES) return 'a body over 64 KiB';
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return 'a body that is not JSON';
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? null : `a body off its schema (${parsed.error.issues[0]?.path.join('.') || 'root'}: ${parsed.error.issues[0]?.message})`;
}

// Text a person might type anywhere: ASCII, any grapheme, combining marks, RTL, emoji.
export const anyText = (constraints: { minLength?: number; maxLength?: number } = {}) =>
  fc.oneof(
    fc.string(constraints),
    fc.string({ ...constraints, unit: 'grapheme' }),
    fc.string({ ...constraints, unit: 'grapheme-composite' }),
    fc
      .constantFrom('Ünïcödé', 'עברית', '😀🚀', 'a\u0301', '\u202etxt.exe', 'null', '<script>alert(1)</script>', "'; DROP TABLE x; --")
      .filter((text) => text.length >= (constraints.minLength ?? 0) && text.length <= (constraints.maxLength ?? Infinity)),
  );

// http(s) URLs with odd paths, queries and fragments (fast-check's webUrl costs seconds to build).
const urlPart = anyText({ maxLength: 12 }).map(encodeURIComponent);
export const webPathOf = fc.array(urlPart, { maxLength: 4 }).map((segments) => `/${segments.join('/')}`);
export const webUrl = (hosts: fc.Arbitrary<string> = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}\.(com|net|example|co\.uk|xn--p1ai)$/)) =>
  fc
    .tuple(
      fc.constantFrom('http', 'https'),
      hosts,
      fc.option(fc.integer({ min: 1, max: 65_535 }), { nil: undefined }),
      webPathOf,
      fc.array(fc.tuple(fc.stringMatching(/^[a-z_]{1,8}$/), urlPart), { maxLength: 3 }),
      fc.option(urlPart, { nil: undefined }),
    )
    .map(([scheme, host, port, path, query, fragment]) => {
      const search = query.length > 0 ? `?${query.map(([name, value]) => `${name}=${value}`).join('&')}` : '';
      return `${scheme}://${host}${port === undefined ? '' : `:${port}`}${path}${search}${fragment === undefined ? '' : `#${fragment}`}`;
    });

/** Values of the shape the schema describes. */
export function conforming(schema: JsonSchema, hints: Hints = {}, path: string[] = []): fc.Arbitrary<unknown> {
  const hint = hints[path.join('.')];
  if (hint) return hint;
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((option) => conforming(option, hints, path)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  switch (schema.type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const model = Object.fromEntries(Object.entries(properties).map(([key, property]) => [key, conforming(property, hints, [...path, key])]));
      return fc.record(model, { requiredKeys: schema.required ?? [] });
    }
    case 'array':
      return fc.array(conforming(schema.items ?? {}, hints, [...path, '0']), { minLength: schema.minItems ?? 0, maxLength: schema.maxItems ?? 5 });
    case 'string':
      if (schema.format === 'uri') return webUrl();
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      return anyText({ minLength: schema.minLength ?? 0, maxLength: schema.maxLength ?? 300 });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -(2 ** 31), max: schema.maximum ?? 2 ** 31 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e15, max: schema.maximum ?? 1e15, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__'];

/** Objects of the schema with one thing wrong: the value the schema must refuse (usually; `refusal` decides). */
export function offSchema(schema: JsonSchema, hints: Hints = {}): fc.Arbitrary<unknown> {
  const properties = Object.entries(schema.properties ?? {});
  const base = conforming(schema, hints) as fc.Arbitrary<Record<string, unknown>>;
  const mutations: fc.Arbitrary<unknown>[] = [
    // Not an object at all.
    fc.oneof(fc.constant(null), fc.boolean(), fc.double(), fc.string(), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 })),
    // An unknown key, or one that would pollute a prototype if merged naively.
    fc
      .tuple(base, fc.oneof(fc.constantFrom(...POLLUTING_KEYS), fc.string({ minLength: 1, maxLength: 20 })), fc.jsonValue({ maxDepth: 2 }))
      .map(([object, key, value]) => withKey(object, key, key === '__proto__' ? { active: false, admin: true } : value)),
  ];
  // A field of the wrong type (deep nesting among them), or past its own limits. (Arbitraries are
  // built here, once: building them per value costs more than drawing from them.)
  for (const [key, property] of properties) {
    for (const wrong of [wrongTypeFor(property), beyondLimits(property)]) {
      mutations.push(fc.tuple(base, wrong).map(([object, value]) => withKey(object, key, value)));
    }
  }
  if ((schema.required ?? []).length > 0) {
    mutations.push(
      fc.tuple(base, fc.constantFrom(...(schema.required ?? []))).map(([object, key]) => {
        const { [key]: _dropped, ...rest } = object;
        return rest;
      }),
    );
  }
  return fc.oneof(...mutations);
}

// Own, enumerable, even for "__proto__" (an object literal would set the prototype instead).
function withKey(object: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...object };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

const JSON_TYPES = ['string', 'number', 'boolean', 'null', 'array', 'object'] as const;

function allowedTypes(schema: JsonSchema): Set<string> {
  if (schema.anyOf) return new Set(schema.anyOf.flatMap((option) => [...allowedTypes(option)]));
  if (schema.enum) return new Set(schema.enum.map(jsonTypeOf));
  if (schema.type === 'integer') return new Set(['number']);
  return schema.type ? new Set([schema.type]) : new Set(JSON_TYPES);
}

const jsonTypeOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

function wrongTypeFor(schema: JsonSchema): fc.Arbitrary<unknown> {
  const allowed = allowedTypes(schema);
  const byType: Record<(typeof JSON_TYPES)[number], fc.Arbitrary<unknown>> = {
    string: anyText({ maxLength: 30 }),
    number: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
    boolean: fc.boolean(),
    null: fc.constant(null),
    array: fc.oneof(fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }), fc.integer({ min: 100, max: 3_000 }).map(nested)),
    object: fc.oneof(
      fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
      fc.constant({ __proto__: null, toString: 'x' }),
    ),
  };
  const wrong = JSON_TYPES.filter((type) => !allowed.has(type));
  return wrong.length > 0 ? fc.oneof(...wrong.map((type) => byType[type])) : fc.constant(Symbol('no wrong type'));
}

/** Arrays nested `depth` deep: [[[…]]]. */
const nested = (depth: number): unknown => {
  let value: unknown = [];
  for (let level = 1; level < depth; level++) value = [value];
  return value;
};

function beyondLimits(schema: JsonSchema): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [];
  const filler = fc.constantFrom('x', 'é', '€', '😀');
  // Lengths count code points (as zod does): each filler is one, however many UTF-16 units.
  if (schema.maxLength !== undefined) {
    options.push(fc.tuple(filler, fc.integer({ min: schema.maxLength + 1, max: schema.maxLength + 2_000 })).map(([unit, length]) => unit.repeat(length)));
  }
  if (schema.pattern) options.push(anyText({ maxLength: 40 }).filter((text) => !new RegExp(schema.pattern ?? '').test(text)));
  if (schema.minimum !== undefined) options.push(fc.double({ max: schema.minimum, maxExcluded: true, noNaN: true, noDefaultInfinity: true }));
  if (schema.maximum !== undefined) options.push(fc.double({ min: schema.maximum, minExcluded: true, noNaN: true, noDefaultInfinity: true }));
  if (schema.type === 'integer') options.push(fc.double({ min: -1e6, max: 1e6, noNaN: true }).filter((value) => !Number.isInteger(value)));
  if (schema.enum) options.push(anyText({ maxLength: 30 }).filter((text) => !schema.enum?.includes(text)));
  if (schema.minItems !== undefined && schema.minItems > 0) options.push(fc.constant([]));
  if (schema.maxItems !== undefined)
    options.push(fc.array(conforming(schema.items ?? {}), { minLength: schema.maxItems + 1, maxLength: schema.maxItems + 30 }));
  if (schema.format === 'uri')
    options.push(
      fc.constantFrom('javascript:alert(1)', 'data:text/html,x', 'ftp://x.example/', '//x.example', 'https://user:pw@x.example/', 'http://', 'not a url'),
    );
  return options.length > 0 ? fc.oneof(...options) : wrongTypeFor(schema);
}

/** Bytes that are not a JSON document, or not UTF-8, or too big: each refused before any schema. */
export const notJson: fc.Arbitrary<Buffer> = fc.oneof(
  fc.string({ minLength: 1, maxLength: 60 }).map((text) => Buffer.from(text)),
  fc
    .constantFrom('{', '{"a":', '{"a":1,}', "{'a':1}", 'NaN', 'undefined', '{"a":01}', '\u0000', '[', '"unterminated', '{"a":"\\x41"}')
    .map((text) => Buffer.from(text)),
  // A byte-order mark before valid JSON, UTF-16, and bytes that are no UTF-8 at all.
  fc.constant(Buffer.from('\uFEFF{}')),
  fc.constant(Buffer.from('{}', 'utf16le')),
  fc.uint8Array({ minLength: 1, maxLength: 40 }).map((bytes) => Buffer.from(bytes)),
  // Nested deeper than any parser should recurse.
  fc.integer({ min: 1_000, max: 30_000 }).map((depth) => Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}`)),
  fc.integer({ min: 1_000, max: 20_000 }).map((depth) => Buffer.from(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`)),
);

/** A valid JSON object just over the 64 KiB limit (413), or far over it (built once: they are big). */
export const oversized: fc.Arbitrary<Buffer> = fc.constantFrom(
  ...[MAX_BODY_BYTES + 1, 100_000, 3 * MAX_BODY_BYTES].map((size) => Buffer.from(JSON.stringify({ title: 'x'.repeat(size - 12) }))),
);
