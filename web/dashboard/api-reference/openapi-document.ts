// The parts of an OpenAPI 3.1 document the reference page reads (docs/openapi.json), and the
// reading itself: references followed, operations grouped by tag. Pure: no DOM.

export interface Reference {
  $ref: string;
}

export interface Schema {
  $ref?: string;
  type?: string | string[];
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  default?: unknown;
}

export interface MediaType {
  schema?: Schema;
  example?: unknown;
  examples?: Record<string, { summary?: string; value: unknown }>;
}

export interface ResponseObject {
  description: string;
  headers?: Record<string, { description?: string; required?: boolean; schema?: Schema }>;
  content?: Record<string, MediaType>;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema?: Schema;
}

export interface Operation {
  operationId?: string;
  tags?: string[];
  summary?: string;
  description?: string;
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; description?: string; content: Record<string, MediaType> };
  responses: Record<string, ResponseObject | Reference>;
}

export type PathItem = Partial<Record<HttpMethod, Operation>>;

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  servers?: { url: string; description?: string }[];
  tags?: { name: string; description?: string }[];
  paths: Record<string, PathItem>;
  webhooks?: Record<string, PathItem>;
  components?: {
    schemas?: Record<string, Schema>;
    responses?: Record<string, ResponseObject>;
    securitySchemes?: Record<string, { type: string; scheme?: string; bearerFormat?: string; description?: string }>;
  };
}

export const HTTP_METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete', 'options'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface OperationEntry {
  method: HttpMethod;
  /** The path, or for a webhook its event name. */
  path: string;
  operation: Operation;
  /** The page's anchor for it. */
  anchor: string;
}

export const isReference = (value: unknown): value is Reference => typeof value === 'object' && value !== null && typeof (value as Reference).$ref === 'string';

/** What a local reference (`#/components/…`) points at, or undefined. */
export function resolve<T>(document: OpenApiDocument, value: T | Reference): T | undefined {
  if (!isReference(value)) return value;
  if (!value.$ref.startsWith('#/')) return undefined;
  let node: unknown = document;
  for (const segment of value.$ref.slice(2).split('/')) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node as T | undefined;
}

/** The component's name a reference names (`#/components/schemas/Content` → `Content`). */
export const referenceName = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);

export const anchorOf = (method: string, path: string) => `op-${method}-${path.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;

function entriesOf(items: Record<string, PathItem>): OperationEntry[] {
  return Object.entries(items).flatMap(([path, item]) =>
    HTTP_METHODS.flatMap((method) => {
      const operation = item[method];
      return operation ? [{ method, path, operation, anchor: anchorOf(method, path) }] : [];
    }),
  );
}

/** The operations, in the document's order, under each tag in the tags' order (untagged last). */
export function operationsByTag(document: OpenApiDocument): { name: string; description?: string; operations: OperationEntry[] }[] {
  const entries = entriesOf(document.paths);
  const named = document.tags ?? [];
  const groups = named.map((tag) => ({ ...tag, operations: entries.filter((entry) => entry.operation.tags?.[0] === tag.name) }));
  const untagged = entries.filter((entry) => !named.some((tag) => tag.name === entry.operation.tags?.[0]));
  return [...groups, ...(untagged.length ? [{ name: 'Other', operations: untagged }] : [])].filter((group) => group.operations.length > 0);
}

export const webhooksOf = (document: OpenApiDocument): OperationEntry[] =>
  entriesOf(document.webhooks ?? {}).map((entry) => ({ ...entry, anchor: `webhook-${entry.path.replace(/[^A-Za-z0-9]+/g, '-')}` }));

/** The `error.code`s an error response lists (its JSON schema's enum), empty for other answers. */
export function errorCodesOf(document: OpenApiDocument, response: ResponseObject): string[] {
  const schema = resolve(document, response.content?.['application/json']?.schema ?? {});
  const error = schema?.properties?.error;
  const code = error ? resolve(document, error)?.properties?.code : undefined;
  return (code?.enum ?? []).map(String);
}

/** A schema's type in a few characters: `string`, `Content`, `Link[]`, `integer | null`, `"a" | "b"`. */
export function typeLabel(schema: Schema | undefined): string {
  if (!schema) return 'any';
  if (schema.$ref) return referenceName(schema.$ref);
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return union.map(typeLabel).join(' | ');
  if (schema.type === 'array') return `${typeLabel(schema.items)}[]`;
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  if (schema.type === 'object' && !schema.properties && typeof schema.additionalProperties === 'object')
    return `map of ${typeLabel(schema.additionalProperties)}`;
  return schema.type ?? 'any';
}

/** A schema's limits, said briefly: `1–100`, `≤ 2048 characters`, `matches ^…$`, `default 20`. */
export function constraintsOf(schema: Schema | undefined): string[] {
  if (!schema) return [];
  const said: string[] = [];
  const safe = (value: number | undefined) => (value !== undefined && Math.abs(value) < Number.MAX_SAFE_INTEGER ? value : undefined);
  const [min, max] = [safe(schema.minimum), safe(schema.maximum)];
  if (min !== undefined && max !== undefined) said.push(`${min}\u2013${max}`);
  else if (min !== undefined) said.push(`\u2265 ${min}`);
  else if (max !== undefined) said.push(`\u2264 ${max}`);
  if (schema.minLength !== undefined || schema.maxLength !== undefined) said.push(`${schema.minLength ?? 0}\u2013${schema.maxLength ?? '\u221e'} characters`);
  if (schema.format) said.push(schema.format);
  if (schema.pattern && schema.pattern.length <= 60) said.push(`matches ${schema.pattern}`);
  if (schema.default !== undefined) said.push(`default ${JSON.stringify(schema.default)}`);
  return said;
}
