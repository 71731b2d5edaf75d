import type { ZodOpenApiResponseObject } from 'zod-openapi';
import type { ErrorCode } from '../errors.js';
import type * as z from '../domain/zod.js';
import type { HttpFunctionName, RouteKey } from '../topology.js';
import type { ErrorPages } from './errors.js';

// One description per route of the route table (shared/topology.ts): what it is for, what it
// takes (the schemas its handler parses with) and everything it can answer. The document adds
// what the route table already says: the path parameters' place, the auth scheme, and the errors
// every route of a kind can answer (401 for a key's routes, 500 for all).

export const TAGS = {
  Contents: 'A destination URL and its settings: what share links lead to.',
  Links: 'Share links: seed links minted with a key, re-share links one generation below.',
  Reports: 'Viral metrics (docs/metrics.md) from the scheduled aggregation, as JSON or CSV; the cascade tree.',
  Series: 'Tallies over time in any time zone, as JSON or CSV.',
  Conversions: 'Orders and sign-ups attributed to a link or a visitor.',
  Webhooks: 'Signed events when a content crosses a threshold (Standard Webhooks), and their delivery log.',
  Shares: 'Read-only report links for people without a key.',
  'Share button': 'The public routes a campaign page\u2019s share button calls: a visitor\u2019s own child link, its QR code.',
  Redirect: 'The short links themselves.',
  Dashboard: 'The dashboard\u2019s page and files, and this document.',
} as const;
export type Tag = keyof typeof TAGS;

export interface OperationDoc {
  operationId: string;
  tag: Tag;
  summary: string;
  description: string;
  /** The path parameters, described; their names are the route's `{…}` (tested). */
  path?: z.ZodMiniObject;
  /** The query the handler parses, each parameter described (schema-kit's queryParameters). */
  query?: z.ZodMiniObject;
  headers?: z.ZodMiniObject;
  body?: { schema: z.ZodMiniType; example: unknown };
  /** Every answer that is not an error: its status, headers and media types, each with an example. */
  responses: Record<string, ZodOpenApiResponseObject>;
  /** The error codes this route answers with, beyond those the document adds for its kind of route. */
  errors: ErrorCode[];
  /** Error statuses also answered in another media type (a dead link's page for browsers). */
  errorPages?: ErrorPages;
}

/** A route's key in the route table: `GET /v1/contents/{id}`. */
export type AnyRouteKey = RouteKey<HttpFunctionName>;
export type OperationDocs<K extends AnyRouteKey = AnyRouteKey> = { [key in K]: OperationDoc };
