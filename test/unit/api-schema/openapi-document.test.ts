import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../infra/repo-root.js';
import { OPENAPI_DOCUMENT_PATH, openApiDocument, openApiPath, serializeDocument } from '../../../shared/api-schema/document.js';
import { operationDocs } from '../../../shared/api-schema/operations.js';
import { SHARE_READABLE_ROUTES } from '../../../shared/domain/share.js';
import type { ErrorCode } from '../../../shared/errors.js';
import { statusOf } from '../../../shared/http/error-response.js';
import { routeKey, routes } from '../../../shared/topology.js';

// docs/openapi.json: what the schemas generate, valid OpenAPI 3.1, one operation per route of the
// route table, and every example in it an instance of its schema.

const generated = openApiDocument() as Record<string, any>;
const committed = readFileSync(join(REPO_ROOT, OPENAPI_DOCUMENT_PATH), 'utf8');
const operationOf = (route: { method: string; path: string }) => generated.paths[openApiPath(route.path)]?.[route.method.toLowerCase()];
const resolved = (value: any) =>
  typeof value?.$ref === 'string'
    ? value.$ref
        .slice(2)
        .split('/')
        .reduce((node: any, key: string) => node[key], generated)
    : value;

describe('docs/openapi.json', () => {
  it('is what the schemas generate (npm run openapi writes it)', () => {
    expect(committed, `${OPENAPI_DOCUMENT_PATH} is stale: run npm run openapi`).toBe(serializeDocument(generated));
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(committed));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });
});

describe('the operations', () => {
  it('describe every route of the route table, and nothing else', () => {
    expect(Object.keys(operationDocs).sort()).toEqual(routes.map(routeKey).sort());
    for (const route of routes) expect(operationOf(route), routeKey(route)).toBeDefined();
    const documented = Object.entries(generated.paths as Record<string, object>).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method} ${path}`),
    );
    expect(documented.sort()).toEqual(routes.map((route) => `${route.method.toLowerCase()} ${openApiPath(route.path)}`).sort());
  });

  it('name each path parameter of their route, and each operation once', () => {
    const ids = new Set<string>();
    for (const route of routes) {
      const operation = operationOf(route);
      const inPath = [...route.path.matchAll(/\{(\w+)\+?\}/g)].map((match) => match[1]);
      const described = (operation.parameters ?? []).filter((parameter: any) => parameter.in === 'path').map((parameter: any) => parameter.name);
      expect(described, routeKey(route)).toEqual(inPath);
      expect(ids.has(operation.operationId), operation.operationId).toBe(false);
      ids.add(operation.operationId);
    }
  });

  it('ask for the route table\u2019s auth: a key (or a share token where it opens the route), or none', () => {
    const shareReadable = new Set<string>(SHARE_READABLE_ROUTES);
    for (const route of routes) {
      const expected = route.auth === 'public' ? [] : [{ apiKey: [] }, ...(shareReadable.has(routeKey(route)) ? [{ shareToken: [] }] : [])];
      expect(operationOf(route).security, routeKey(route)).toEqual(expected);
    }
  });

  it('answer each error code at the status the error mapper gives it, with an example of each', () => {
    for (const route of routes) {
      for (const [status, response] of Object.entries<any>(operationOf(route).responses)) {
        const codes: ErrorCode[] = resolved(response).content?.['application/json']?.schema?.properties?.error?.properties?.code?.enum ?? [];
        for (const code of codes) {
          expect(statusOf(code), `${routeKey(route)} ${status} ${code}`).toBe(Number(status));
          expect(resolved(response).content['application/json'].examples[code].value.error.code).toBe(code);
        }
      }
      const statuses = Object.keys(operationOf(route).responses);
      if (route.auth === 'api-key') expect(statuses, routeKey(route)).toContain('401');
      expect(statuses, routeKey(route)).toContain('500');
    }
  });

  it('take the Idempotency-Key on the create routes that honour it', () => {
    const withKey = routes.filter((route) => operationOf(route).parameters?.some((parameter: any) => parameter.name === 'Idempotency-Key')).map(routeKey);
    expect(withKey).toEqual(['POST /v1/contents', 'POST /v1/contents/{id}/links', 'POST /v1/contents/{id}/links/batch']);
  });

  it('offer CSV beside JSON on the reports and series', () => {
    const csv = routes.filter((route) => operationOf(route).responses['200']?.content?.['text/csv']).map(routeKey);
    expect(csv).toEqual([
      'GET /v1/contents/{id}/report',
      'GET /v1/campaigns/{campaign}/report',
      'GET /v1/contents/{id}/series',
      'GET /v1/campaigns/{campaign}/series',
    ]);
  });
});

describe('the webhooks', () => {
  it('describe both events Ripple sends, signed per Standard Webhooks', () => {
    expect(Object.keys(generated.webhooks)).toEqual(['content.threshold_crossed', 'webhook.test']);
    for (const webhook of Object.values<any>(generated.webhooks)) {
      const headers = webhook.post.parameters
        .filter((parameter: any) => parameter.in === 'header' && parameter.required)
        .map((parameter: any) => parameter.name);
      expect(headers).toEqual(expect.arrayContaining(['webhook-id', 'webhook-timestamp', 'webhook-signature']));
    }
  });
});

describe('every example', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(generated, 'openapi.json');
  const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

  // Each JSON media type with a schema, wherever it sits, and its examples.
  const jsonExamples: { at: string; value: unknown }[] = [];
  const walk = (node: unknown, at: string[]) => {
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, any>;
    if (at.at(-2) === 'content' && at.at(-1) === 'application/json' && record.schema) {
      const schemaAt = `#/${[...at, 'schema'].map(escape).join('/')}`;
      if (record.example !== undefined) jsonExamples.push({ at: schemaAt, value: record.example });
      for (const example of Object.values<any>(record.examples ?? {})) jsonExamples.push({ at: schemaAt, value: example.value });
      return;
    }
    for (const [key, value] of Object.entries(record)) walk(value, [...at, key]);
  };
  walk(generated, []);

  it('is there: every JSON body, request or response, has one', () => {
    expect(jsonExamples.length).toBeGreaterThan(40);
    for (const route of routes) {
      const operation = operationOf(route);
      for (const [status, response] of Object.entries<any>(operation.responses)) {
        for (const [type, media] of Object.entries<any>(resolved(response).content ?? {})) {
          expect(media.example ?? media.examples, `${routeKey(route)} ${status} ${type}`).toBeDefined();
        }
      }
      if (operation.requestBody) expect(operation.requestBody.content['application/json'].example, routeKey(route)).toBeDefined();
    }
  });

  it.each(jsonExamples.map((example) => [example.at, example.value] as const))('at %s matches its schema', (at, value) => {
    const validate = ajv.getSchema(`openapi.json${at}`);
    expect(validate?.(value), JSON.stringify(validate?.errors)).toBe(true);
  });
});
