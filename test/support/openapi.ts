import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { matchRoute } from '../../infra/local/route-matcher.js';
import { REPO_ROOT } from '../../infra/repo-root.js';
import { OPENAPI_DOCUMENT_PATH, openApiPath } from '../../shared/api-schema/document.js';
import { DEFAULT_ROUTE_KEY } from '../../shared/topology.js';

// Holds an answer of the stack to docs/openapi.json, as committed and served: the route table
// names the operation (the local gateway's own matcher), the document must list the status, the
// headers it requires (and each documented header present must match its schema) and the media
// type, and a JSON body must match the schema (JSON Schema 2020-12, the dialect of OpenAPI 3.1).
// The same for the events a webhook receiver verifies.

export interface Answer {
  method: string;
  /** The URL asked for (only its path matters). */
  url: string;
  status: number;
  /** Header names in any case. */
  headers: Record<string, string | undefined>;
  body: string;
}

export interface ResponseChecker {
  /**
   * The answer's route and what is wrong with it (nothing when it matches the document), or null
   * when it is not the API's (the local stack's /_local/ controls).
   */
  check(answer: Answer): { routeKey: string; problems: string[] } | null;
  /** What is wrong with a webhook event's body, by its type. */
  webhookProblems(payload: unknown): string[];
}

type JsonObject = Record<string, any>;

export const readOpenApiDocument = (): JsonObject => JSON.parse(readFileSync(join(REPO_ROOT, OPENAPI_DOCUMENT_PATH), 'utf8'));

const pointer = (...segments: string[]) => `#/${segments.map((segment) => segment.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

export function responseChecker(document: JsonObject = readOpenApiDocument()): ResponseChecker {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(document, 'openapi.json');
  const validators = new Map<string, ValidateFunction>();
  const validate = (at: string, value: unknown): string[] => {
    let validator = validators.get(at);
    if (!validator) {
      validator = ajv.getSchema(`openapi.json${at}`);
      if (!validator) throw new Error(`No schema at ${at} of ${OPENAPI_DOCUMENT_PATH}`);
      validators.set(at, validator);
    }
    if (validator(value)) return [];
    return (validator.errors ?? []).map((error) => `${error.instancePath || '(body)'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
  };

  // A response object and where it sits (component responses are shared by reference).
  const responseAt = (operationAt: string[], status: number): { at: string[]; response: JsonObject } | null => {
    const operation = operationAt.reduce<JsonObject | undefined>((node, key) => node?.[key], document);
    const response = operation?.responses?.[String(status)];
    if (!response) return null;
    if (typeof response.$ref === 'string') {
      const at = (response.$ref as string).replace(/^#\//, '').split('/');
      return { at, response: at.reduce<JsonObject>((node, key) => node[key], document) };
    }
    return { at: [...operationAt, 'responses', String(status)], response };
  };

  return {
    check(answer) {
      const path = new URL(answer.url).pathname;
      if (path.startsWith('/_local/')) return null;
      const method = answer.method.toUpperCase();
      const header = (name: string) => Object.entries(answer.headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
      const { routeKey } = matchRoute(method, path);
      return { routeKey, problems: answerProblems(answer, method, path, routeKey, header) };
    },

    webhookProblems(payload) {
      const type = (payload as JsonObject | null)?.type;
      const schema = { 'content.threshold_crossed': 'ThresholdCrossedEvent', 'webhook.test': 'WebhookTestEvent' }[String(type)];
      if (!schema || !document.webhooks?.[type]) return [`webhook event of undocumented type ${String(type)}`];
      return validate(pointer('components', 'schemas', schema), payload).map((problem) => `${type} event: ${problem}`);
    },
  };

  function answerProblems(answer: Answer, method: string, path: string, routeKey: string, header: (name: string) => string | undefined): string[] {
    const mediaType = (header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const label = `${method} ${path} → ${answer.status} (${routeKey})`;

    // No route: the api function's JSON 404 (the document's Error).
    if (routeKey === DEFAULT_ROUTE_KEY) {
      if (answer.status !== 404) return [`${label}: an unmatched request must answer 404`];
      return method === 'HEAD' ? [] : jsonProblems(label, mediaType, answer.body, pointer('components', 'schemas', 'Error'));
    }
    const routePath = routeKey.slice(routeKey.indexOf(' ') + 1);
    const found = responseAt(['paths', openApiPath(routePath), method.toLowerCase()], answer.status);
    if (!found) return [`${label}: status ${answer.status} is not documented for ${routeKey}`];
    const { at, response } = found;
    const problems: string[] = [];
    for (const [name, spec] of Object.entries<JsonObject>(response.headers ?? {})) {
      const value = header(name);
      if (value === undefined) {
        if (spec.required) problems.push(`${label}: no ${name} header, which the document requires`);
      } else if (spec.schema) {
        problems.push(...validate(pointer(...at, 'headers', name, 'schema'), value).map((problem) => `${label}: header ${name}: ${problem}`));
      }
    }
    if (method === 'HEAD') return problems;
    const media = Object.keys(response.content ?? {});
    if (media.length === 0) return answer.body === '' ? problems : [...problems, `${label}: a body, where the document has none`];
    if (!media.includes(mediaType)) return [...problems, `${label}: content-type ${mediaType || '(none)'}, documented: ${media.join(', ')}`];
    if (mediaType !== 'application/json') return problems;
    return [...problems, ...jsonProblems(label, mediaType, answer.body, pointer(...at, 'content', 'application/json', 'schema'))];
  }

  function jsonProblems(label: string, mediaType: string, body: string, at: string): string[] {
    if (mediaType !== 'application/json') return [`${label}: content-type ${mediaType || '(none)'}, not application/json`];
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return [`${label}: the body is not JSON: ${body.slice(0, 200)}`];
    }
    return validate(at, value).map((problem) => `${label}: ${problem}`);
  }
}
