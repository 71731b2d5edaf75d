import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Route, routeKey, routes } from '../../shared/topology.js';
import { type AnyRouteKey, SHARE_READABLE } from '../support/fuzz/route-specs.js';
import { buildWorld, type FuzzWorld, type WorkspaceFixtures } from '../support/fuzz/world.js';
import { api, type ApiResponse, visit } from '../support/http.js';
import { type LocalStack, REPO_ROOT, startLocalStack } from '../support/local-stack.js';
import { snapshotTable, tableChanges } from '../support/table-snapshot.js';

// Tenancy (docs/contract.md §2, docs/data-model.md "Tenancy"), as a matrix over the route table:
// every route that names a resource answers 404 (never 403) to another workspace's key and writes
// nothing; routes that name none show and take only the caller's own; a share token opens four
// reads of its own content and nothing else; public routes say why keys do not apply. A route
// added to the table does not compile here until it has its case.
let stack: LocalStack;
let world: FuzzWorld;
let otherKey: string;

beforeAll(async () => {
  stack = await startLocalStack({ env: { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0', RIPPLE_DELIVERY_INTERVAL_SECONDS: '0' } });
  world = await buildWorld(stack);
  otherKey = world.B.key;
});
afterAll(async () => {
  await stack?.stop();
});

// `npm run workspace -- …` against this test's stack.
// Asynchronous on purpose: a synchronous child blocks this process's event loop for seconds, and
// the HTTP client then reuses a keep-alive connection the stack has meanwhile closed.
async function workspaceCli(...args: string[]) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      'npm',
      ['run', '-s', 'workspace', '--', ...args],
      { cwd: REPO_ROOT, env: { ...process.env, RIPPLE_DATA_DIR: stack.dataDir }, encoding: 'utf8' },
      (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('API keys', () => {
  it('answers 401 without a key, with a malformed header, and with an unknown key', async () => {
    const missing = await api(stack, 'GET', '/v1/contents', undefined, { key: null });
    const basic = await api(stack, 'GET', '/v1/contents', undefined, { key: null, headers: { authorization: 'Basic Zm9vOmJhcg==' } });
    const unknown = await api(stack, 'GET', '/v1/contents', undefined, { key: 'rpl_live_nope' });

    for (const response of [missing, basic, unknown]) {
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('unauthorized');
    }
  });

  it('stores keys only as hashes', async () => {
    const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = stack.db();
    // A Scan is fine in a test: it proves no item anywhere holds a key in the clear.
    const { Items = [] } = await db.doc.send(new ScanCommand({ TableName: db.table }));
    const everything = JSON.stringify(Items);
    expect(everything).not.toContain(stack.apiKey);
    expect(everything).not.toContain(otherKey);
    expect(Items.some((item) => item.type === 'apiKey')).toBe(true);
  });

  it('creates a workspace and revokes its key from the CLI; a revoked key gets 401 at once', async () => {
    const created = await workspaceCli('create', 'acme');
    expect(created.status, created.stderr).toBe(0);
    const { apiKey, workspaceId } = JSON.parse(created.stdout);
    expect(workspaceId).toMatch(/^ws_/);
    expect((await api(stack, 'GET', '/v1/contents', undefined, { key: apiKey })).status).toBe(200);

    const revoked = await workspaceCli('revoke-key', apiKey);
    expect(revoked.status, revoked.stderr).toBe(0);

    const after = await api(stack, 'GET', '/v1/contents', undefined, { key: apiKey });
    expect(after.status).toBe(401);
  });
});

interface RouteRequest {
  path: string;
  body?: unknown;
}

type Isolation =
  | {
      /** The request as A's own key would make it: of A's resources, for a route whose path names one. */
      request: (A: WorkspaceFixtures) => RouteRequest;
      namesResource: boolean;
      /** What else keeps workspaces apart on this route (lists, references in bodies, names). */
      alsoCheck?: () => Promise<void>;
    }
  | { public: string; alsoCheck?: () => Promise<void> };

const idsOf = (response: ApiResponse, field = 'id') => (response.body.items as Record<string, string>[]).map((item) => item[field]);
const as = (key: string) => ({ key });
const PUBLIC_BY_CODE = 'public by design: a link code is global, resolved without knowing its workspace (docs/data-model.md, "Tenancy")';
const DASHBOARD = 'the dashboard: public files and pages; a share page opens by its own token (docs/dashboard.md)';

const isolation: Record<AnyRouteKey, Isolation> = {
  'POST /v1/contents': {
    request: () => ({ path: '/v1/contents', body: { url: 'https://tenancy.example.com/new' } }),
    namesResource: false,
    // Idempotency keys are per workspace: the same key in another workspace makes its own content.
    alsoCheck: async () => {
      const body = { url: 'https://tenancy.example.com/keyed' };
      const headers = { 'idempotency-key': 'tenancy-key-1' };
      const mine = await api(stack, 'POST', '/v1/contents', body, { headers });
      const theirs = await api(stack, 'POST', '/v1/contents', body, { key: otherKey, headers });
      expect([mine.status, theirs.status]).toEqual([201, 201]);
      expect(theirs.body.id).not.toBe(mine.body.id);
      expect(theirs.headers.get('idempotent-replayed')).toBeNull();
      expect((await api(stack, 'GET', `/v1/contents/${mine.body.id}`, undefined, as(otherKey))).status).toBe(404);
    },
  },
  'GET /v1/contents': {
    request: () => ({ path: '/v1/contents' }),
    namesResource: false,
    alsoCheck: async () => {
      const theirs = await api(stack, 'GET', '/v1/contents?limit=100', undefined, as(otherKey));
      expect(idsOf(theirs)).not.toContain(world.A.content.id);
      expect(idsOf(theirs)).toContain(world.B.content.id);
      expect((await api(stack, 'GET', `/v1/contents?campaign=${world.A.campaign}`, undefined, as(otherKey))).body.items).toEqual([]);
      // A cursor names a position in one listing: another workspace's is refused, not followed.
      const mine = await api(stack, 'GET', '/v1/contents?limit=1');
      expect(mine.body.nextCursor).toEqual(expect.any(String));
      const replayed = await api(stack, 'GET', `/v1/contents?limit=1&cursor=${encodeURIComponent(mine.body.nextCursor)}`, undefined, as(otherKey));
      expect(replayed.status).toBe(400);
      expect(replayed.body.error.issues[0].path).toEqual(['cursor']);
    },
  },
  'GET /v1/contents/{id}': { request: (A) => ({ path: `/v1/contents/${A.content.id}` }), namesResource: true },
  'PATCH /v1/contents/{id}': { request: (A) => ({ path: `/v1/contents/${A.content.id}`, body: { title: 'Renamed by its owner' } }), namesResource: true },
  'POST /v1/contents/{id}/links': {
    request: (A) => ({ path: `/v1/contents/${A.content.id}/links`, body: { sharer: 'owner' } }),
    namesResource: true,
    // Nor can a workspace hang its own link under another's.
    alsoCheck: async () => {
      const crossParent = await api(stack, 'POST', `/v1/contents/${world.B.content.id}/links`, { parent: world.A.seed }, as(otherKey));
      expect(crossParent.status).toBe(400);
      expect(crossParent.body.error.issues[0].path).toEqual(['parent']);
    },
  },
  'POST /v1/contents/{id}/links/batch': {
    request: (A) => ({ path: `/v1/contents/${A.content.id}/links/batch`, body: { links: [{ sharer: 'owner' }] } }),
    namesResource: true,
    // Nor can a batch hang its links under another workspace's.
    alsoCheck: async () => {
      const crossParent = await api(stack, 'POST', `/v1/contents/${world.B.content.id}/links/batch`, { links: [{ parent: world.A.seed }] }, as(otherKey));
      expect(crossParent.status).toBe(400);
      expect(crossParent.body.error.issues[0].path).toEqual(['links', 0, 'parent']);
    },
  },
  'GET /v1/contents/{id}/links': { request: (A) => ({ path: `/v1/contents/${A.content.id}/links` }), namesResource: true },
  'GET /v1/links/{code}': { request: (A) => ({ path: `/v1/links/${A.seed}` }), namesResource: true },
  'GET /v1/contents/{id}/report': { request: (A) => ({ path: `/v1/contents/${A.content.id}/report` }), namesResource: true },
  'GET /v1/contents/{id}/cascade': { request: (A) => ({ path: `/v1/contents/${A.content.id}/cascade` }), namesResource: true },
  'GET /v1/campaigns/{campaign}/report': {
    request: (A) => ({ path: `/v1/campaigns/${A.campaign}/report` }),
    namesResource: true,
    // A campaign is a name, not an id: the same name in two workspaces is two campaigns.
    alsoCheck: async () => {
      for (const key of [stack.apiKey, otherKey])
        await api(stack, 'POST', '/v1/contents', { url: 'https://tenancy.example.com/same', campaign: 'same-name' }, as(key));
      for (const key of [stack.apiKey, otherKey]) {
        expect((await api(stack, 'GET', '/v1/campaigns/same-name/report', undefined, as(key))).body).toMatchObject({ campaign: 'same-name', contents: 1 });
      }
    },
  },
  'GET /v1/contents/{id}/series': { request: (A) => ({ path: `/v1/contents/${A.content.id}/series` }), namesResource: true },
  'GET /v1/campaigns/{campaign}/series': { request: (A) => ({ path: `/v1/campaigns/${A.campaign}/series` }), namesResource: true },
  'POST /v1/conversions': {
    request: (A) => ({ path: '/v1/conversions', body: { code: A.seed, externalId: 'tenancy-order-a' } }),
    namesResource: false,
    alsoCheck: async () => {
      const crossCode = await api(stack, 'POST', '/v1/conversions', { code: world.A.seed, externalId: 'tenancy-order-b' }, as(otherKey));
      expect(crossCode.status).toBe(400);
      expect(crossCode.body.error.issues[0].path).toEqual(['code']);
      // External ids are per workspace: the same one elsewhere is another conversion, not a repeat or a conflict.
      const mine = await api(stack, 'POST', '/v1/conversions', { code: world.A.seed, externalId: 'tenancy-order-same', value: 5 });
      const theirs = await api(stack, 'POST', '/v1/conversions', { code: world.B.seed, externalId: 'tenancy-order-same', value: 7 }, as(otherKey));
      expect([mine.status, theirs.status]).toEqual([201, 201]);
      expect(theirs.body).toMatchObject({ code: world.B.seed, value: 7 });
    },
  },
  'POST /v1/webhooks': {
    // A target this stack refuses (422) is enough: the key is what is checked here, and it is checked first.
    request: () => ({ path: '/v1/webhooks', body: { url: 'http://127.0.0.1:9/tenancy', events: ['content.threshold_crossed'] } }),
    namesResource: false,
    alsoCheck: async () => {
      const body = { url: 'http://127.0.0.1:9/tenancy', events: ['content.threshold_crossed'], contentId: world.A.content.id };
      const crossContent = await api(stack, 'POST', '/v1/webhooks', body, as(otherKey));
      expect(crossContent.status).toBe(400);
      expect(crossContent.body.error.issues[0].path).toEqual(['contentId']);
    },
  },
  'GET /v1/webhooks': {
    request: () => ({ path: '/v1/webhooks' }),
    namesResource: false,
    alsoCheck: async () => {
      const theirs = await api(stack, 'GET', '/v1/webhooks?limit=100', undefined, as(otherKey));
      expect(idsOf(theirs)).toContain(world.B.hook);
      expect(idsOf(theirs)).not.toContain(world.A.hook);
      const mine = await api(stack, 'GET', '/v1/webhooks?limit=1');
      const replayed = await api(stack, 'GET', `/v1/webhooks?limit=1&cursor=${encodeURIComponent(mine.body.nextCursor)}`, undefined, as(otherKey));
      expect(replayed.status).toBe(400);
    },
  },
  'GET /v1/webhooks/{id}': { request: (A) => ({ path: `/v1/webhooks/${A.hook}` }), namesResource: true },
  'DELETE /v1/webhooks/{id}': { request: (A) => ({ path: `/v1/webhooks/${A.doomedHook}` }), namesResource: true },
  'POST /v1/webhooks/{id}/test': { request: (A) => ({ path: `/v1/webhooks/${A.hook}/test`, body: {} }), namesResource: true },
  'GET /v1/webhooks/{id}/deliveries': { request: (A) => ({ path: `/v1/webhooks/${A.hook}/deliveries` }), namesResource: true },
  'POST /v1/contents/{id}/shares': { request: (A) => ({ path: `/v1/contents/${A.content.id}/shares`, body: { label: 'owner' } }), namesResource: true },
  'GET /v1/contents/{id}/shares': { request: (A) => ({ path: `/v1/contents/${A.content.id}/shares` }), namesResource: true },
  'DELETE /v1/contents/{id}/shares/{shareId}': { request: (A) => ({ path: `/v1/contents/${A.content.id}/shares/${A.doomedShare}` }), namesResource: true },
  'POST /v1/links/{code}/reshare': { public: PUBLIC_BY_CODE },
  'OPTIONS /v1/links/{code}/reshare': { public: PUBLIC_BY_CODE },
  'GET /v1/links/{code}/qr.svg': { public: PUBLIC_BY_CODE },
  'GET /v1/links/{code}/qr.png': { public: PUBLIC_BY_CODE },
  'GET /v1/openapi.json': { public: 'the API description: the same document for every caller, naming no workspace' },
  'GET /': { public: DASHBOARD },
  'GET /app': { public: DASHBOARD },
  'GET /app/{path+}': { public: DASHBOARD },
  'GET /{code}': {
    public: PUBLIC_BY_CODE,
    alsoCheck: async () => {
      for (const code of [world.A.seed, world.B.seed]) expect((await visit(stack, code)).status).toBe(302);
    },
  },
  'HEAD /{code}': { public: PUBLIC_BY_CODE },
};

// Items a refused request may still write (hostile-input.test.ts says why): none of them here.
const MAY_WRITE_WHEN_REFUSED = ['RATE#', 'SALT#'];

/** Runs `attempts` and proves the table is as it was after them. */
async function writingNothing<T>(attempts: () => Promise<T>): Promise<T> {
  const before = await snapshotTable(stack.db());
  const result = await attempts();
  expect(tableChanges(before, await snapshotTable(stack.db()), MAY_WRITE_WHEN_REFUSED)).toEqual([]);
  return result;
}

const send = (route: Route, request: RouteRequest, key: string) => api(stack, route.method, request.path, request.body, as(key));

describe('every route of the table keeps workspaces apart', () => {
  it('has a case for every route, and public routes are exactly those the table calls public', () => {
    expect(Object.keys(isolation).sort()).toEqual(routes.map(routeKey).sort());
    for (const route of routes) expect('public' in isolation[routeKey(route) as AnyRouteKey], routeKey(route)).toBe(route.auth === 'public');
  });

  for (const route of routes) {
    const key = routeKey(route) as AnyRouteKey;
    const entry = isolation[key];
    const title =
      'public' in entry
        ? `${key}: ${entry.public}`
        : entry.namesResource
          ? `${key}: another workspace's resource is a 404 (never 403) and stays as it was; its own key reaches it`
          : `${key}: another workspace sees and takes only its own`;
    it(title, async () => {
      if (!('public' in entry) && entry.namesResource) {
        const request = entry.request(world.A);
        const foreign = await writingNothing(() => send(route, request, otherKey));
        expect(foreign.status, JSON.stringify(foreign.body)).toBe(404);
        expect(foreign.body.error.code).toBe('not_found');
        // The same request with the owner's key reaches the resource: the 404 was the key's doing.
        const own = await send(route, request, stack.apiKey);
        expect(own.status, JSON.stringify(own.body)).toBeLessThan(300);
      }
      await entry.alsoCheck?.();
    });
  }
});

describe('a share token opens its own content’s four reads, and nothing else on any route of the table', () => {
  const managed = routes.filter((route) => route.auth === 'api-key');

  it.each(managed.map((route) => [routeKey(route), route] as const))('%s', async (key, route) => {
    const entry = isolation[key as AnyRouteKey];
    if ('public' in entry) throw new Error(`${key} is managed, not public`);
    const request = entry.request(world.A);
    const opens = SHARE_READABLE.has(key) && request.path.includes(world.A.content.id);
    // A share token only ever reads: whatever it is sent to, nothing is written.
    const [live, revoked] = await writingNothing(() => Promise.all([send(route, request, world.A.share.token), send(route, request, world.revokedShareToken)]));
    expect(live.status, JSON.stringify(live.body)).toBe(opens ? 200 : 404);
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(404);
    for (const refused of opens ? [revoked] : [live, revoked]) expect(refused.body.error.code).toBe('not_found');
  });
});
