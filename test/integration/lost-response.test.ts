import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, type LocalDynamo } from '../../infra/local/dynamodb.js';
import { loadConfig } from '../../shared/config.js';
import type { Content } from '../../shared/domain/content.js';
import { seedLink } from '../../shared/domain/link.js';
import { makeContentStore } from '../../shared/store/contents.js';
import { createDb } from '../../shared/store/db.js';
import { makeLinkStore } from '../../shared/store/links.js';
import { startLossyProxy } from '../support/lossy-proxy.js';
import { startTestDynamo, testTableName } from '../support/test-dynamo.js';

// The real AWS SDK against dynalite, with the response to a write lost on the way back: the SDK
// retries, and the retry must be recognised as the same write, not a second one or a conflict.
let dynamo: LocalDynamo;
const table = testTableName('ripple');
const direct = () => createDb(loadConfig({ RIPPLE_DYNAMODB_ENDPOINT: dynamo.endpoint, RIPPLE_TABLE: table }));

beforeAll(async () => {
  dynamo = await startTestDynamo();
  await ensureTable(dynamo.endpoint, table);
});
afterAll(async () => {
  await dynamo?.close();
});

const content: Content = {
  id: 'cnt_lostResponse000000001',
  workspaceId: 'ws_lost',
  url: 'https://shop.example.com/',
  title: null,
  campaign: null,
  refParam: 'ref',
  kWindowSeconds: 86_400,
  active: true,
  createdAt: '2026-11-26T00:00:00.000Z',
  updatedAt: '2026-11-26T00:00:00.000Z',
};

describe('a write whose response is lost', () => {
  it('mints exactly one link, not a second under a fresh code', async () => {
    const proxy = await startLossyProxy(dynamo.endpoint, 'PutItem');
    try {
      const viaProxy = createDb(loadConfig({ RIPPLE_DYNAMODB_ENDPOINT: proxy.endpoint, RIPPLE_TABLE: table }));

      const link = await makeLinkStore(viaProxy).create((code) => seedLink(content, code, {}, new Date()));

      expect(proxy.dropped()).toBe(1);
      const stored = await makeLinkStore(direct()).listOfContent(content.workspaceId, content.id, { limit: 10, cursor: undefined });
      expect(stored.items.map((item) => item.code)).toEqual([link.code]);
    } finally {
      await proxy.close();
    }
  });

  it('creates the content, without a false conflict', async () => {
    const proxy = await startLossyProxy(dynamo.endpoint, 'PutItem');
    try {
      const viaProxy = createDb(loadConfig({ RIPPLE_DYNAMODB_ENDPOINT: proxy.endpoint, RIPPLE_TABLE: table }));

      const outcome = await makeContentStore(viaProxy).insert(content);

      expect(proxy.dropped()).toBe(1);
      expect(outcome).toEqual({ created: true, value: content });
      expect(await makeContentStore(direct()).get(content.workspaceId, content.id)).toEqual(content);
    } finally {
      await proxy.close();
    }
  });
});
