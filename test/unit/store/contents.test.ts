import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { makeContentStore } from '../../../shared/store/contents.js';
import { encodeCursor } from '../../../shared/store/pagination.js';
import { aContent } from '../domain/fixtures.js';
import { conditionFailed, mockDynamo, serviceError, testDb } from '../../support/mock-dynamo.js';

const ddb = mockDynamo();

const NOW = new Date('2024-06-01T00:00:00.000Z');

describe('insert', () => {
  it('writes the content only if new, listed under its workspace (gsi1)', async () => {
    ddb.on(PutCommand).resolves({});
    const content = aContent({ id: 'cnt_a', workspaceId: 'ws_a', createdAt: '2024-05-01T00:00:00.000Z' });
    await makeContentStore(testDb()).insert(content);
    const input = ddb.commandCalls(PutCommand)[0]?.args[0].input;
    expect(input?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(input?.Item).toMatchObject({ ...content, gsi1pk: 'WS#ws_a#CONTENTS' });
    expect(String(input?.Item?.gsi1sk).startsWith('2024-05-01T00:00:00.000Z')).toBe(true);
    expect(input?.Item).not.toHaveProperty('gsi2pk');
  });

  it('also lists a content with a campaign under that campaign (gsi2)', async () => {
    ddb.on(PutCommand).resolves({});
    await makeContentStore(testDb()).insert(aContent({ workspaceId: 'ws_a', campaign: 'spring' }));
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item?.gsi2pk).toBe('WS#ws_a#CAMPAIGN#spring');
  });

  it('hands out no cursor when the page holds the last items', async () => {
    ddb.on(QueryCommand).resolves({ Items: [aContent({ id: 'a' }), aContent({ id: 'b' })] });
    const page = await makeContentStore(testDb()).list('ws_a', { limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toBeNull();
  });
});

describe('insert when the id is taken', () => {
  it('reports the stored content and its request fingerprint, read consistently', async () => {
    const stored = aContent({ id: 'cnt_a', workspaceId: 'ws_a', title: 'first' });
    ddb.on(PutCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({ Item: { pk: 'p', sk: 'CONTENT', ...stored, requestFingerprint: 'fp-1' } });

    const outcome = await makeContentStore(testDb()).insert(aContent({ id: 'cnt_a', workspaceId: 'ws_a', title: 'second' }), 'fp-2');

    expect(outcome).toEqual({ created: false, existing: stored, fingerprint: 'fp-1' });
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input.ConsistentRead).toBe(true);
  });

  it('stores the request fingerprint with a new content', async () => {
    ddb.on(PutCommand).resolves({});
    const outcome = await makeContentStore(testDb()).insert(aContent({ id: 'cnt_a' }), 'fp-1');
    expect(outcome.created).toBe(true);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item?.requestFingerprint).toBe('fp-1');
  });

  it('hands out no cursor when the page holds the last items', async () => {
    ddb.on(QueryCommand).resolves({ Items: [aContent({ id: 'a' }), aContent({ id: 'b' })] });
    const page = await makeContentStore(testDb()).list('ws_a', { limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toBeNull();
  });
});

describe('get', () => {
  it('reads the content of one workspace, null when absent', async () => {
    ddb
      .on(GetCommand)
      .resolvesOnce({ Item: { pk: 'p', sk: 'CONTENT', type: 'content', ...aContent({ id: 'cnt_a' }) } })
      .resolves({});
    const store = makeContentStore(testDb());
    expect(await store.get('ws_one', 'cnt_a')).toEqual(aContent({ id: 'cnt_a' }));
    expect(await store.get('ws_one', 'cnt_missing')).toBeNull();
    const keys = ddb.commandCalls(GetCommand).map((call) => call.args[0].input.Key?.pk);
    expect(keys).toEqual(['WS#ws_one#CNT#cnt_a', 'WS#ws_one#CNT#cnt_missing']);
  });

  it('reads eventually consistently by default, and consistently when made for the management API', async () => {
    ddb.on(GetCommand).resolves({});

    await makeContentStore(testDb()).get('ws_one', 'cnt_a');
    await makeContentStore(testDb(), { consistentReads: true }).get('ws_one', 'cnt_a');

    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input.ConsistentRead)).toEqual([false, true]);
  });

  it('hands out no cursor when the page holds the last items', async () => {
    ddb.on(QueryCommand).resolves({ Items: [aContent({ id: 'a' }), aContent({ id: 'b' })] });
    const page = await makeContentStore(testDb()).list('ws_a', { limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toBeNull();
  });
});

describe('update', () => {
  it('sets only the given fields and updatedAt, on an existing item, returning the new content', async () => {
    const updated = aContent({ id: 'cnt_a', active: false, updatedAt: NOW.toISOString() });
    ddb.on(UpdateCommand).resolves({ Attributes: { pk: 'p', sk: 'CONTENT', ...updated } });
    const result = await makeContentStore(testDb()).update('ws_one', 'cnt_a', { active: false }, NOW);
    expect(result).toEqual(updated);
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input?.ConditionExpression).toBe('attribute_exists(pk)');
    expect(input?.ExpressionAttributeValues).toEqual({ ':updatedAt': NOW.toISOString(), ':active': false });
    expect(input?.UpdateExpression).not.toMatch(/title/);
  });

  it('can clear the title with null', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: aContent({ title: null }) });
    await makeContentStore(testDb()).update('ws_one', 'cnt_a', { title: null }, NOW);
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input.ExpressionAttributeValues).toMatchObject({ ':title': null });
  });

  it('returns null when the content does not exist (condition failed)', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    await expect(makeContentStore(testDb()).update('ws_one', 'cnt_nope', { active: false }, NOW)).resolves.toBeNull();
  });

  it('propagates other failures', async () => {
    ddb.on(UpdateCommand).rejects(serviceError('ProvisionedThroughputExceededException', 400));
    await expect(makeContentStore(testDb()).update('ws_one', 'cnt_a', { active: false }, NOW)).rejects.toMatchObject({
      code: 'unavailable',
    });
  });

  it('hands out no cursor when the page holds the last items', async () => {
    ddb.on(QueryCommand).resolves({ Items: [aContent({ id: 'a' }), aContent({ id: 'b' })] });
    const page = await makeContentStore(testDb()).list('ws_a', { limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toBeNull();
  });
});

describe('list', () => {
  it('lists a workspace’s contents from gsi1, newest first', async () => {
    ddb.on(QueryCommand).resolves({ Items: [aContent({ id: 'cnt_new' }), aContent({ id: 'cnt_old' })] });
    const page = await makeContentStore(testDb()).list('ws_a', { limit: 20 });
    expect(page).toEqual({ items: [aContent({ id: 'cnt_new' }), aContent({ id: 'cnt_old' })], nextCursor: null });
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'gsi1',
      ExpressionAttributeNames: { '#partition': 'gsi1pk' },
      ExpressionAttributeValues: { ':partition': 'WS#ws_a#CONTENTS' },
      ScanIndexForward: false,
      Limit: 21, // one more than the page, to know whether another page exists
    });
  });

  it('lists a campaign’s contents from gsi2, newest first', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    await makeContentStore(testDb()).list('ws_a', { campaign: 'spring', limit: 5 });
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'gsi2',
      ExpressionAttributeNames: { '#partition': 'gsi2pk' },
      ExpressionAttributeValues: { ':partition': 'WS#ws_a#CAMPAIGN#spring' },
      ScanIndexForward: false,
      Limit: 6,
    });
  });

  it('hands out a cursor that the next call accepts, and refuses it in another workspace', async () => {
    const lastKey = { pk: 'WS#ws_a#CNT#c', sk: 'CONTENT', gsi1pk: 'WS#ws_a#CONTENTS', gsi1sk: '2024#c' };
    const nextKey = { pk: 'WS#ws_a#CNT#b', sk: 'CONTENT', gsi1pk: 'WS#ws_a#CONTENTS', gsi1sk: '2023#b' };
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [
          { ...aContent({ id: 'c' }), ...lastKey },
          { ...aContent({ id: 'b' }), ...nextKey },
        ],
      })
      .resolves({ Items: [] });
    const store = makeContentStore(testDb());
    const first = await store.list('ws_a', { limit: 1 });
    expect(first.nextCursor).toEqual(expect.any(String));
    await store.list('ws_a', { limit: 1, cursor: first.nextCursor ?? '' });
    expect(ddb.commandCalls(QueryCommand)[1]?.args[0].input.ExclusiveStartKey).toEqual(lastKey);

    await expect(store.list('ws_b', { limit: 1, cursor: first.nextCursor ?? '' })).rejects.toMatchObject({
      code: 'validation_error',
    });
    await expect(store.list('ws_a', { campaign: 'spring', limit: 1, cursor: encodeCursor(lastKey) ?? '' })).rejects.toMatchObject({
      code: 'validation_error',
    });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(2);
  });

  it('hands out no cursor when the page holds the last items', async () => {
    ddb.on(QueryCommand).resolves({ Items: [aContent({ id: 'a' }), aContent({ id: 'b' })] });
    const page = await makeContentStore(testDb()).list('ws_a', { limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toBeNull();
  });
});
