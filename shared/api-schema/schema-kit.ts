// The few helpers the API description is written with (dev-time: no Lambda imports shared/api-schema/).
import type { ZodOpenApiOverrideMetaContext } from 'zod-openapi';
import type { $ZodType } from 'zod/v4/core';
import * as z from '../domain/zod.js';

type Meta = Parameters<typeof z.meta>[0];

/** A copy of `schema` with a description (or other OpenAPI metadata), the original untouched. */
export function described<S extends z.ZodMiniType>(schema: S, meta: Omit<Meta, 'id'> & { id?: never }): S {
  return schema.check(z.meta(meta));
}

/**
 * `schema` itself, registered as a component of the document (`#/components/schemas/<id>`). Not a
 * check: zod/mini copies checks into every copy of a schema, so each described copy of a component
 * would claim its id again.
 */
export function component<S extends z.ZodMiniType>(schema: S, meta: Meta & { id: string }): S {
  z.globalRegistry.add(schema, meta);
  return schema;
}

/** True when A and B are the same type (each assignable to the other): the shapes below against the server's views. */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

type FieldDocs<S> = { [field in keyof S]?: string };

/**
 * A handler's own object schema (a body, a query), each named field described. A field the schema
 * does not have fails here, so a renamed field cannot keep a stale description.
 */
export function withFieldDocs<S extends z.ZodMiniObject>(schema: S, docs: FieldDocs<S['shape']>, meta: Meta & { id: string }): S {
  const shape = schema._zod.def.shape as Record<string, $ZodType>;
  for (const field of Object.keys(docs)) if (!(field in shape)) throw new Error(`No field ${field} to describe`);
  const copy = described(schema, {
    override: ({ jsonSchema }: ZodOpenApiOverrideMetaContext) => {
      const properties = (jsonSchema.properties ?? {}) as Record<string, Record<string, unknown>>;
      for (const [field, description] of Object.entries(docs)) {
        const property = properties[field];
        if (property && typeof description === 'string') property.description = description;
      }
    },
  });
  return component(copy, meta);
}

/**
 * A handler's query schema as OpenAPI parameters: the same fields, each with its description
 * (parameters take theirs from their schema).
 */
export function queryParameters<S extends z.ZodMiniObject>(schema: S, docs: Required<FieldDocs<S['shape']>>): z.ZodMiniObject {
  const shape = schema._zod.def.shape as Record<string, z.ZodMiniType>;
  const missing = Object.keys(shape).filter((field) => !(field in docs));
  if (missing.length) throw new Error(`Undescribed query parameters: ${missing.join(', ')}`);
  return z.object(
    Object.fromEntries(
      Object.entries(shape).map(([field, fieldSchema]) => [field, described(fieldSchema, { description: docs[field as keyof typeof docs] as string })]),
    ),
  );
}
