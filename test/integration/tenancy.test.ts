import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspaceWithKey } from '../../shared/admin.js';
import { makeWorkspaceStore } from '../../shared/store/workspaces.js';
import { api, visit } from '../support/http.js';
import { type LocalStack, REPO_ROOT, startLocalStack } from '../support/local-stack.js';

let stack: LocalStack;
let otherKey: string;

beforeAll(async () => {
  stack = await startLocalStack();
  ({ apiKey: otherKey } = await createWorkspaceWithKey(makeWorkspaceStore(stack.db()), { name: 'other' }, new Date()));
});
afterAll(async () => {
  await stack?.stop();
});

// `npm run workspace -- …` against this test's stack.
// Asynchronous on purpose: a synchronous child blocks this process's event loop for seconds, and
// the HTTP client then reuses a keep-alive connection the stack has meanwhile closed.
async function workspaceCli(...args: string[]) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile('npm', ['run', '-s', 'workspace', '--', ...args], { cwd: REPO_ROOT, env: { ...process.env, RIPPLE_DATA_DIR: stack.dataDir }, encoding: 'utf8' }, (error, stdout, stderr) =>
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
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

describe('workspace isolation', () => {
  it("answers 404 (never 403) to another workspace's content, links and link minting", async () => {
    const content = await api(stack, 'POST', '/v1/contents', { url: 'https://mine.example.com/' });
    const link = await api(stack, 'POST', `/v1/contents/${content.body.id}/links`, {});
    const as = { key: otherKey };

    const attempts = [
      await api(stack, 'GET', `/v1/contents/${content.body.id}`, undefined, as),
      await api(stack, 'PATCH', `/v1/contents/${content.body.id}`, { active: false }, as),
      await api(stack, 'GET', `/v1/contents/${content.body.id}/links`, undefined, as),
      await api(stack, 'POST', `/v1/contents/${content.body.id}/links`, {}, as),
      await api(stack, 'GET', `/v1/links/${link.body.code}`, undefined, as),
    ];

    for (const response of attempts) {
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
    expect((await api(stack, 'GET', `/v1/contents/${content.body.id}`)).body.active).toBe(true);
  });

  it("does not list another workspace's contents, nor take its link as a parent", async () => {
    const mine = await api(stack, 'POST', '/v1/contents', { url: 'https://mine.example.com/2' });
    const myLink = await api(stack, 'POST', `/v1/contents/${mine.body.id}/links`, {});
    const theirs = await api(stack, 'POST', '/v1/contents', { url: 'https://theirs.example.com/' }, { key: otherKey });

    const theirList = await api(stack, 'GET', '/v1/contents?limit=100', undefined, { key: otherKey });
    expect(theirList.body.items.map((item: { id: string }) => item.id)).toEqual([theirs.body.id]);

    const crossParent = await api(stack, 'POST', `/v1/contents/${theirs.body.id}/links`, { parent: myLink.body.code }, { key: otherKey });
    expect(crossParent.status).toBe(400);
    expect(crossParent.body.error.issues[0].path).toEqual(['parent']);
  });

  it("refuses a cursor taken from another workspace's listing", async () => {
    await api(stack, 'POST', '/v1/contents', { url: 'https://mine.example.com/3' });
    await api(stack, 'POST', '/v1/contents', { url: 'https://mine.example.com/4' });
    const myPage = await api(stack, 'GET', '/v1/contents?limit=1');
    expect(myPage.body.nextCursor).toEqual(expect.any(String));

    const replayed = await api(stack, 'GET', `/v1/contents?limit=1&cursor=${myPage.body.nextCursor}`, undefined, { key: otherKey });

    expect(replayed.status).toBe(400);
    expect(replayed.body.error.issues[0].path).toEqual(['cursor']);
  });

  it('still redirects public links of every workspace', async () => {
    const theirs = await api(stack, 'POST', '/v1/contents', { url: 'https://theirs.example.com/public' }, { key: otherKey });
    const link = await api(stack, 'POST', `/v1/contents/${theirs.body.id}/links`, {}, { key: otherKey });

    expect((await visit(stack, link.body.code)).status).toBe(302);
  });
});
