import type { APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { HttpEvent } from '../../shared/http/event.js';
import type { FunctionName } from '../../shared/routes.js';

export type HttpLambda = (event: HttpEvent, context: Context) => Promise<APIGatewayProxyResultV2>;

const loaded = new Map<FunctionName, Promise<HttpLambda>>();

// The very modules Lambda runs (functions/<name>/handler.ts), imported on first use after the
// local stack has set the environment they read their configuration from.
export function loadHandler(name: FunctionName): Promise<HttpLambda> {
  let handler = loaded.get(name);
  if (!handler) {
    handler = import(`../../functions/${name}/handler.ts`).then((module: { handler: HttpLambda }) => module.handler);
    loaded.set(name, handler);
  }
  return handler;
}
