import type { APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { HttpEvent } from '../../shared/http/event.js';
import type { FunctionName, HttpFunctionName } from '../../shared/topology.js';

export type HttpLambda = (event: HttpEvent, context: Context) => Promise<APIGatewayProxyResultV2>;
export type Lambda = (event: unknown, context: Context) => Promise<unknown>;

const loaded = new Map<FunctionName, Promise<Lambda>>();

// The very modules Lambda runs (functions/<name>/handler.ts), imported on first use after the
// local stack has set the environment they read their configuration from.
export function loadFunction(name: FunctionName): Promise<Lambda> {
  let handler = loaded.get(name);
  if (!handler) {
    handler = import(`../../functions/${name}/handler.ts`).then((module: { handler: Lambda }) => module.handler);
    loaded.set(name, handler);
  }
  return handler;
}

export const loadHandler = (name: HttpFunctionName) => loadFunction(name) as Promise<HttpLambda>;
