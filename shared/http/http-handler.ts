import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { preflightHeaders, publicCorsHeaders } from './cors.js';
import { jsonErrors } from './error-response.js';
import { type HttpEvent, type HttpResult, httpMethod } from './event.js';
import { noContent } from './responses.js';

export type HttpFunction = (event: HttpEvent, context: Context) => Promise<HttpResult>;

// Every HTTP Lambda's middy stack. The error mapper is registered last so that on the way out
// it runs first, and the CORS layer then decorates error responses as well as successes.
export function httpHandler(fn: HttpFunction, options: { publicCors?: { methods: string } } = {}) {
  const stack = middy<HttpEvent, HttpResult, Error, Context>();
  if (options.publicCors) stack.use(publicCors(options.publicCors.methods));
  return stack.use(jsonErrors()).handler(fn);
}

function publicCors(methods: string): middy.MiddlewareObj<HttpEvent, HttpResult, Error, Context> {
  const decorate = (request: middy.Request<HttpEvent, HttpResult, Error, Context>) => {
    if (!request.response) return;
    request.response.headers = { ...request.response.headers, ...publicCorsHeaders(request.event) };
  };
  return {
    before: (request) => {
      if (httpMethod(request.event) === 'OPTIONS') return noContent(preflightHeaders(request.event, methods));
      return undefined;
    },
    after: decorate,
    onError: decorate,
  };
}
