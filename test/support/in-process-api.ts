import { apiDeps } from '../../functions/api/deps.js';
import { makeApiHandler } from '../../functions/api/handler.js';
import { toApiGatewayEvent } from '../../infra/local/api-gateway-event.js';
import { lambdaContext } from '../../infra/local/lambda-context.js';
import { matchRoute } from '../../infra/local/route-matcher.js';
import { createWorkspaceWithKey } from '../../shared/admin.js';
import { loadConfig } from '../../shared/config.js';
import type { Db } from '../../shared/store/db.js';
import { makeWorkspaceStore } from '../../shared/store/workspaces.js';
import type { ApiResponse } from './http.js';

export type InProcessApi = (method: string, url: string, body?: unknown, headers?: Record<string, string>) => Promise<ApiResponse>;

// The api function's handler over a table the test chooses (one behind a failing proxy, say), with
// the clock the test sets, called with the very events the local server builds from a request.
// For what an HTTP test against `npm start` cannot do; a workspace and key of its own.
export async function inProcessApi(db: Db, options: { clock?: () => Date; workspace?: { workspaceId: string; apiKey: string } } = {}) {
  const workspace = options.workspace ?? (await createWorkspaceWithKey(makeWorkspaceStore(db), { name: 'in-process' }, new Date()));
  const handler = makeApiHandler({ ...apiDeps(db, loadConfig({})), ...(options.clock ? { clock: options.clock } : {}) });
  const call: InProcessApi = async (method, url, body, headers = {}) => {
    const event = toApiGatewayEvent(
      {
        method,
        url,
        headers: { host: 'ripple.test', authorization: `Bearer ${workspace.apiKey}`, 'content-type': 'application/json', ...headers },
        body: Buffer.from(body === undefined ? '' : JSON.stringify(body)),
        sourceIp: '127.0.0.1',
      },
      matchRoute(method, url.split('?')[0] ?? '/'),
    );
    const result = await handler(event, lambdaContext('api'));
    const text = typeof result.body === 'string' ? result.body : '';
    return { status: result.statusCode ?? 0, headers: new Headers(result.headers as Record<string, string>), body: text ? JSON.parse(text) : null };
  };
  return { call, workspace };
}
