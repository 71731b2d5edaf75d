import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureTable, type LocalDynamo, startDynalite } from '../../infra/local/dynamodb.js';
import { loadConfig } from '../../shared/config.js';
import { createDb } from '../../shared/store/db.js';
import { makeLinkStore } from '../../shared/store/links.js';
import { inProcessApi } from '../support/in-process-api.js';
import { type StoreFront, startStoreFront } from '../support/store-front.js';

// A batch whose store dies part way through its writes (the Lambda crashing, or DynamoDB failing
// until the SDK gives up): the links written so far stay, whole subtrees from the top, and a retry
// with the same Idempotency-Key writes exactly the missing ones.
let dynamo: LocalDynamo;
let front: StoreFront;
const direct = () => createDb(loadConfig({ RIPPLE_DYNAMODB_ENDPOINT: dynamo.endpoint }));
const throughFront = () => createDb(loadConfig({ RIPPLE_DYNAMODB_ENDPOINT: front.endpoint }));

beforeAll(async () => {
  dynamo = await startDynalite();
  await ensureTable(dynamo.endpoint, 'ripple');
  front = await startStoreFront();
  front.setTarget(dynamo.endpoint);
});
afterEach(() => front.reset());
afterAll(async () => {
  await front?.close();
  await dynamo?.close();
});

/** The store dies after `written` link puts: every later PutItem fails (the SDK retries, then gives up). */
const dieAfterPuts = (written: number) => front.inject({ action: 'PutItem', fault: 'InternalServerError', after: written, times: Number.POSITIVE_INFINITY });

// 200 links: a binary tree by refs, made over the last days.
const links = Array.from({ length: 200 }, (_, index) => ({
  ref: `n${index}`,
  ...(index === 0 ? {} : { parent: { ref: `n${Math.floor((index - 1) / 2)}` } }),
  sharer: `sharer ${index}`,
  createdAt: new Date(Date.parse('2026-11-20T00:00:00.000Z') + index * 60_000).toISOString(),
}));

async function storedLinks(workspaceId: string, contentId: string) {
  const store = makeLinkStore(direct());
  const all = [];
  let cursor: string | undefined;
  do {
    const page = await store.listOfContent(workspaceId, contentId, { limit: 100, cursor });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

describe('a batch that fails part way through its writes', () => {
  it('is completed by a retry with the same key: every link once, under the codes the first attempt used', async () => {
    const { call: healthy, workspace } = await inProcessApi(direct());
    const contentId = (await healthy('POST', '/v1/contents', { url: 'https://shop.example.com/crash', createdAt: '2026-11-01T00:00:00Z' })).body.id as string;
    dieAfterPuts(70);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const { call: failing } = await inProcessApi(throughFront(), { workspace });

      const crashed = await failing('POST', `/v1/contents/${contentId}/links/batch`, { links }, { 'idempotency-key': 'import-crash' });

      expect(crashed.status).toBe(503);
      expect(crashed.body.error.code).toBe('unavailable');
    } finally {
      vi.restoreAllMocks();
      front.reset();
    }
    const partial = await storedLinks(workspace.workspaceId, contentId);
    expect(partial).toHaveLength(70);
    // Level by level: no link was written before its parent.
    const partialCodes = new Set(partial.map((link) => link.code));
    for (const link of partial) if (link.parent !== null) expect(partialCodes).toContain(link.parent);

    const retried = await healthy('POST', `/v1/contents/${contentId}/links/batch`, { links }, { 'idempotency-key': 'import-crash' });

    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    const items = retried.body.items as { code: string; ref: string; parent: string | null; createdAt: string }[];
    expect(items.map((item) => item.ref)).toEqual(links.map((link) => link.ref));
    const stored = await storedLinks(workspace.workspaceId, contentId);
    expect(stored.map((link) => link.code).sort()).toEqual(items.map((item) => item.code).sort());
    for (const link of partial) expect(items.find((item) => item.code === link.code)).toMatchObject({ createdAt: link.createdAt });
    items.forEach((item, index) => expect(item.parent).toBe(index === 0 ? null : items[Math.floor((index - 1) / 2)]?.code));

    const replayed = await healthy('POST', `/v1/contents/${contentId}/links/batch`, { links }, { 'idempotency-key': 'import-crash' });
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.body).toEqual(retried.body);
  });

  it('answers 409 to the same key with another body, even half written, and writes nothing more', async () => {
    const { call: healthy, workspace } = await inProcessApi(direct());
    const contentId = (await healthy('POST', '/v1/contents', { url: 'https://shop.example.com/crash-2', createdAt: '2026-11-01T00:00:00Z' })).body.id as string;
    dieAfterPuts(5);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const { call: failing } = await inProcessApi(throughFront(), { workspace });
      expect((await failing('POST', `/v1/contents/${contentId}/links/batch`, { links }, { 'idempotency-key': 'import-crash-2' })).status).toBe(503);
    } finally {
      vi.restoreAllMocks();
      front.reset();
    }

    const other = await healthy('POST', `/v1/contents/${contentId}/links/batch`, { links: links.slice(0, 199) }, { 'idempotency-key': 'import-crash-2' });

    expect(other.status).toBe(409);
    expect(await storedLinks(workspace.workspaceId, contentId)).toHaveLength(5);
  });
});
