import { BatchGetCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it, vi } from 'vitest';
import { RippleError } from '../../../shared/errors.js';
import { encodeCursor } from '../../../shared/store/pagination.js';
import { makeLinkStore } from '../../../shared/store/links.js';
import { aLink } from '../domain/fixtures.js';
import { conditionFailed, mockDynamo, serviceError, testDb } from '../../support/mock-dynamo.js';

const ddb = mockDynamo();

const putItems = () => ddb.commandCalls(PutCommand).map((call) => call.args[0].input.Item ?? {});

describe('create', () => {
  it('stores the built link under a fresh code, only if that code is free', async () => {
    ddb.on(PutCommand).resolves({});
    const store = makeLinkStore(testDb(), { newCode: () => 'FreshCode1' });
    const link = await store.create((code) => aLink({ code, rootCode: code }));
    expect(link.code).toBe('FreshCode1');
    const [put] = ddb.commandCalls(PutCommand);
    expect(put?.args[0].input.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(put?.args[0].input.TableName).toBe('ripple');
    expect(put?.args[0].input.Item).toMatchObject({ pk: 'LINK#FreshCode1', code: 'FreshCode1' });
  });

  it('draws a new code after a collision and returns the link built with it', async () => {
    ddb.on(PutCommand).rejectsOnce(conditionFailed()).resolves({});
    ddb.on(GetCommand).resolves({ Item: { ...aLink({ code: 'TakenCode1' }), writeToken: 'someone-else' } });
    const newCode = vi.fn<() => string>().mockReturnValueOnce('TakenCode1').mockReturnValueOnce('FreeCode01');
    const link = await makeLinkStore(testDb(), { newCode }).create((code) => aLink({ code, rootCode: code }));
    expect(link.code).toBe('FreeCode01');
    expect(link.rootCode).toBe('FreeCode01');
    expect(putItems().map((item) => item.code)).toEqual(['TakenCode1', 'FreeCode01']);
  });

  it('gives up after 3 collisions with internal_error', async () => {
    ddb.on(PutCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({ Item: { ...aLink(), writeToken: 'someone-else' } });
    let n = 0;
    const store = makeLinkStore(testDb(), { newCode: () => `Collide${String(++n).padStart(3, '0')}` });
    const error = await store.create((code) => aLink({ code })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RippleError);
    expect((error as RippleError).code).toBe('internal_error');
    expect(ddb.commandCalls(PutCommand)).toHaveLength(3);
    expect(new Set(putItems().map((item) => item.code)).size).toBe(3);
  });

  it('does not retry other failures', async () => {
    ddb.on(PutCommand).rejects(serviceError('ProvisionedThroughputExceededException', 400));
    const store = makeLinkStore(testDb(), { newCode: () => 'SomeCode01' });
    await expect(store.create((code) => aLink({ code }))).rejects.toMatchObject({ code: 'unavailable' });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(1);
  });
});

describe('createWithCode (idempotent mint)', () => {
  const stored = (overrides: Parameters<typeof aLink>[0], fingerprint: string) => ({
    Item: { pk: 'LINK#KeyCode001', sk: 'LINK', ...aLink({ code: 'KeyCode001', ...overrides }), requestFingerprint: fingerprint },
  });

  it('stores the link under its own code with the request fingerprint, once', async () => {
    ddb.on(PutCommand).resolves({});
    const outcome = await makeLinkStore(testDb()).createWithCode(aLink({ code: 'KeyCode001' }), 'fp-1');
    expect(outcome).toEqual({ created: true, value: aLink({ code: 'KeyCode001' }) });
    const input = ddb.commandCalls(PutCommand)[0]?.args[0].input;
    expect(input?.Item).toMatchObject({ code: 'KeyCode001', requestFingerprint: 'fp-1' });
    expect(input?.ConditionExpression).toBe('attribute_not_exists(pk)');
  });

  it('reports the stored link, read consistently, when the code is taken — never drawing another code', async () => {
    ddb.on(PutCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves(stored({ workspaceId: 'ws_a', sharer: 'first' }, 'fp-1'));

    const outcome = await makeLinkStore(testDb()).createWithCode(aLink({ code: 'KeyCode001', workspaceId: 'ws_a' }), 'fp-2');

    expect(outcome).toMatchObject({ created: false, existing: { code: 'KeyCode001', sharer: 'first' }, fingerprint: 'fp-1' });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(1);
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input.ConsistentRead).toBe(true);
  });

  it("stores a visitor's claimed child under its code without any fingerprint", async () => {
    ddb.on(PutCommand).resolves({});
    await makeLinkStore(testDb()).createWithCode(aLink({ code: 'ClaimCode1', parent: 'ParentCode' }));
    const input = ddb.commandCalls(PutCommand)[0]?.args[0].input;
    expect(input?.Item).toMatchObject({ pk: 'LINK#ClaimCode1', code: 'ClaimCode1' });
    expect(input?.Item).not.toHaveProperty('requestFingerprint');
    expect(input?.ConditionExpression).toBe('attribute_not_exists(pk)');
  });

  it("never reports another workspace's link under that code as a replay", async () => {
    ddb.on(PutCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves(stored({ workspaceId: 'ws_other' }, 'fp-1'));

    const outcome = await makeLinkStore(testDb()).createWithCode(aLink({ code: 'KeyCode001', workspaceId: 'ws_a' }), 'fp-1');

    expect(outcome).toMatchObject({ created: false, fingerprint: null });
  });
});

describe('stored link item', () => {
  const store = (code: string) => makeLinkStore(testDb(), { newCode: () => code });

  it('is listed under its content (gsi1) ordered by creation time', async () => {
    ddb.on(PutCommand).resolves({});
    await store('SeedCode01').create((code) => aLink({ code, workspaceId: 'ws_a', contentId: 'cnt_a', createdAt: '2024-05-01T10:00:00.000Z' }));
    const item = putItems()[0] ?? {};
    expect(item.gsi1pk).toBe('WS#ws_a#CNT#cnt_a#LINKS');
    expect(String(item.gsi1sk).startsWith('2024-05-01T10:00:00.000Z')).toBe(true);
  });

  it('has no children-index (gsi2) keys for a seed link', async () => {
    ddb.on(PutCommand).resolves({});
    await store('SeedCode01').create((code) => aLink({ code, parent: null }));
    const item = putItems()[0] ?? {};
    expect(item).not.toHaveProperty('gsi2pk');
    expect(item).not.toHaveProperty('gsi2sk');
  });

  it('is listed under its parent’s children (gsi2) for a re-share', async () => {
    ddb.on(PutCommand).resolves({});
    await store('ChildCode1').create((code) => aLink({ code, workspaceId: 'ws_a', parent: 'ParentCode', generation: 1 }));
    const item = putItems()[0] ?? {};
    expect(item.gsi2pk).toBe('WS#ws_a#LINK#ParentCode#CHILDREN');
    expect(item.gsi2sk).toEqual(expect.any(String));
  });

  it('appears in the activity feed (gsi3) by creation minute and one of 16 shards', async () => {
    ddb.on(PutCommand).resolves({});
    await store('SeedCode01').create((code) => aLink({ code, createdAt: '2024-05-01T10:11:12.000Z' }));
    const item = putItems()[0] ?? {};
    expect(item.gsi3pk).toMatch(/^ACTIVITY#(\d|[12]\d|3[01])$/);
    expect(String(item.gsi3sk).startsWith('2024-05-01T10:11:12.000Z')).toBe(true);
  });
});

describe('an imported link', () => {
  const imported = aLink({ code: 'Imported01', createdAt: '2024-03-01T09:00:00.000Z', receivedAt: '2024-05-01T10:11:12.000Z' });

  it('is in the activity feed (gsi3) by when it was received, and listed (gsi1) by when it was made', async () => {
    ddb.on(PutCommand).resolves({});
    await makeLinkStore(testDb()).createWithCode(imported);
    const item = putItems()[0] ?? {};
    expect(item.gsi3sk).toBe('2024-05-01T10:11:12.000Z#Imported01');
    expect(item.gsi1sk).toBe('2024-03-01T09:00:00.000Z#Imported01');
    expect(item).toMatchObject({ createdAt: imported.createdAt, receivedAt: imported.receivedAt });
  });

  it('reads back with both times; a link minted now has no receivedAt', async () => {
    ddb.on(GetCommand, { Key: { pk: 'LINK#Imported01', sk: 'LINK' } }).resolves({ Item: { pk: 'LINK#Imported01', sk: 'LINK', ...imported } });
    ddb
      .on(GetCommand, { Key: { pk: 'LINK#Minted0001', sk: 'LINK' } })
      .resolves({ Item: { pk: 'LINK#Minted0001', sk: 'LINK', ...aLink({ code: 'Minted0001' }) } });
    const store = makeLinkStore(testDb());
    expect(await store.get('Imported01')).toEqual(imported);
    expect(await store.get('Minted0001')).not.toHaveProperty('receivedAt');
  });
});

describe('getManyInWorkspace and findKeyedMany', () => {
  const item = (code: string, workspaceId: string, fingerprint?: string) => ({
    pk: `LINK#${code}`,
    sk: 'LINK',
    ...aLink({ code, workspaceId }),
    ...(fingerprint ? { requestFingerprint: fingerprint } : {}),
  });

  it('read many codes at once, consistently, each once, leaving out other tenants’ links', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { ripple: [item('Mine000001', 'ws_a', 'fp'), item('Theirs0001', 'ws_b')] } });
    const store = makeLinkStore(testDb());

    const links = await store.getManyInWorkspace('ws_a', ['Mine000001', 'Theirs0001', 'Mine000001', 'Unknown001']);
    const keyed = await store.findKeyedMany('ws_a', ['Mine000001', 'Theirs0001']);

    expect([...links.keys()]).toEqual(['Mine000001']);
    expect(keyed.get('Mine000001')).toEqual({ link: aLink({ code: 'Mine000001', workspaceId: 'ws_a' }), fingerprint: 'fp' });
    expect(keyed.has('Theirs0001')).toBe(false);
    const [first] = ddb.commandCalls(BatchGetCommand);
    expect(first?.args[0].input.RequestItems?.ripple).toMatchObject({ ConsistentRead: true });
    expect(first?.args[0].input.RequestItems?.ripple?.Keys).toHaveLength(3);
  });
});

describe('get and getInWorkspace', () => {
  const stored = (overrides: Parameters<typeof aLink>[0] = {}) => ({ pk: 'LINK#Code000001', sk: 'LINK', type: 'link', ...aLink(overrides) });

  it('reads a link by code', async () => {
    ddb.on(GetCommand, { Key: { pk: 'LINK#Code000001', sk: 'LINK' } }).resolves({ Item: stored({ code: 'Code000001' }) });
    expect(await makeLinkStore(testDb()).get('Code000001')).toEqual(aLink({ code: 'Code000001' }));
  });

  it('returns null for an unknown code', async () => {
    ddb.on(GetCommand).resolves({});
    expect(await makeLinkStore(testDb()).get('Nope000001')).toBeNull();
  });

  it('reads absent optional attributes as null', async () => {
    const { sharer: _s, channel: _c, utm: _u, parent: _p, creatorVisitorId: _v, ...bare } = stored({ code: 'Code000001' });
    ddb.on(GetCommand).resolves({ Item: bare });
    const link = await makeLinkStore(testDb()).get('Code000001');
    expect(link).toMatchObject({ sharer: null, channel: null, utm: null, parent: null, creatorVisitorId: null });
  });

  it('reads eventually consistently by default, and consistently when made for the management API', async () => {
    ddb.on(GetCommand).resolves({});

    await makeLinkStore(testDb()).get('Code000001');
    await makeLinkStore(testDb(), { consistentReads: true }).getInWorkspace('ws_owner', 'Code000001');

    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input.ConsistentRead)).toEqual([false, true]);
  });

  it('getInWorkspace answers null for another workspace’s link', async () => {
    ddb.on(GetCommand).resolves({ Item: stored({ code: 'Code000001', workspaceId: 'ws_owner' }) });
    const store = makeLinkStore(testDb());
    expect(await store.getInWorkspace('ws_other', 'Code000001')).toBeNull();
    expect((await store.getInWorkspace('ws_owner', 'Code000001'))?.code).toBe('Code000001');
  });
});

describe('listOfContent', () => {
  it('queries the content’s links newest first and returns a cursor for the next page', async () => {
    const lastKey = { pk: 'LINK#a', sk: 'LINK', gsi1pk: 'WS#ws_a#CNT#cnt_a#LINKS', gsi1sk: '2024#a' };
    ddb.on(QueryCommand).resolves({ Items: [{ ...aLink({ code: 'Code00000A' }), ...lastKey }, aLink({ code: 'Code00000B' })] });
    const page = await makeLinkStore(testDb()).listOfContent('ws_a', 'cnt_a', { limit: 1 });
    expect(page.items.map((link) => link.code)).toEqual(['Code00000A']);
    expect(page.nextCursor).toBe(encodeCursor(lastKey));
    const input = ddb.commandCalls(QueryCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      IndexName: 'gsi1',
      ExpressionAttributeValues: { ':partition': 'WS#ws_a#CNT#cnt_a#LINKS' },
      ScanIndexForward: false,
      Limit: 2,
    });
  });

  it('continues from a cursor and refuses a cursor of another content before querying', async () => {
    const lastKey = { pk: 'LINK#a', sk: 'LINK', gsi1pk: 'WS#ws_a#CNT#cnt_a#LINKS', gsi1sk: '2024#a' };
    ddb.on(QueryCommand).resolves({ Items: [] });
    const store = makeLinkStore(testDb());
    const page = await store.listOfContent('ws_a', 'cnt_a', { limit: 5, cursor: encodeCursor(lastKey) ?? '' });
    expect(page.nextCursor).toBeNull();
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input.ExclusiveStartKey).toEqual(lastKey);

    await expect(store.listOfContent('ws_a', 'cnt_b', { limit: 5, cursor: encodeCursor(lastKey) ?? '' })).rejects.toMatchObject({ code: 'validation_error' });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(1);
  });
});

describe('countChildren', () => {
  it('counts the children partition over every page', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Count: 3, LastEvaluatedKey: { pk: 'x' } })
      .resolvesOnce({ Count: 2 });
    expect(await makeLinkStore(testDb()).countChildren('ws_a', 'ParentCode')).toBe(5);
    const inputs = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(inputs[0]?.ExpressionAttributeValues).toEqual({ ':partition': 'WS#ws_a#LINK#ParentCode#CHILDREN' });
    expect(inputs[0]?.IndexName).toBe('gsi2');
    expect(inputs[1]?.ExclusiveStartKey).toEqual({ pk: 'x' });
  });
});
