import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { forbidden } from '../errors.js';
import { count, observed } from '../observability/powertools.js';
import { corsHeaders, preflightHeaders, requestOrigin } from './cors.js';
import { jsonErrors } from './error-response.js';
import { type HttpEvent, type HttpResult, httpMethod } from './event.js';
import { noContent } from './responses.js';

export type HttpFunction = (event: HttpEvent, context: Context) => Promise<HttpResult>;

export interface CorsPolicy {
  methods: string;
  /** The one origin allowed to call this request (it may throw not found / gone for the resource). */
  allowedOrigin(event: HttpEvent): Promise<string>;
}

// Every HTTP Lambda's middy stack: logs and metrics outermost, so they see every outcome. The
// error mapper is registered last so that on the way out it runs first, and the CORS layer then
// decorates error responses as well as successes.
export function httpHandler(fn: HttpFunction, options: { cors?: CorsPolicy } = {}) {
  const stack = middy<HttpEvent, HttpResult, Error, Context>().use(observed<HttpEvent, HttpResult>()).use(responseMetrics());
  if (options.cors) stack.use(cors(options.cors));
  return stack.use(jsonErrors()).handler(fn);
}

// Answers, and among them 4xx and 5xx, as EMF counts per function (the 5xx rate is alarmed).
function responseMetrics(): middy.MiddlewareObj<HttpEvent, HttpResult, Error, Context> {
  const record = (request: Request) => {
    const status = request.response?.statusCode ?? 500;
    count('Responses');
    if (status >= 500) count('ServerErrors');
    else if (status >= 400) count('ClientErrors');
  };
  return { after: record, onError: record };
}

type Request = middy.Request<HttpEvent, HttpResult, Error, Context>;

// Browsers send Origin on every cross-origin call. One from anywhere but the allowed origin is
// refused before the handler runs, so another site cannot act in a visitor's name with their
// cookie (CSRF) nor read the answer. Calls without Origin (servers, curl) are not browsers.
function cors(policy: CorsPolicy): middy.MiddlewareObj<HttpEvent, HttpResult, Error, Context> {
  const allowed = new WeakMap<HttpEvent, string>();
  const decorate = (request: Request) => {
    const origin = allowed.get(request.event);
    if (!request.response || origin === undefined) return;
    request.response.headers = { ...request.response.headers, ...corsHeaders(origin) };
  };
  return {
    before: async (request) => {
      const origin = requestOrigin(request.event);
      const preflight = httpMethod(request.event) === 'OPTIONS';
      if (origin === undefined) return preflight ? noContent() : undefined;
      if (origin !== (await policy.allowedOrigin(request.event))) {
        throw forbidden(`Origin ${origin} may not call this endpoint`);
      }
      allowed.set(request.event, origin);
      return preflight ? noContent(preflightHeaders(origin, policy.methods)) : undefined;
    },
    after: decorate,
    onError: decorate,
  };
}
