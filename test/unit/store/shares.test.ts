import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { hashShareToken, newShare, type Share } from '../../../shared/domain/share.js';
import { keys } from '../../../shared/store/keys.js';
import { makeShareStore } from '../../../shared/store/shares.js';
import { mockDynamo, serviceError, testDb } from '../../support/mock-dynamo.js';
import { type FakeTable, fakeTable } from './fake-table.js';

const ddb = mockDynamo();
const NOW = new Date('2026-11-26T12:00:00.000Z');
const LATER = new Date('2026-12-01T00:00:00.000Z');
const CONTENT = { workspaceId: 'ws_a', contentId: 'cnt_a' };

let table: FakeTable;
beforeEach(() => {
  table = fakeTable(ddb);
});

const shares = () => makeShareStore(testDb());
const created = async (input: { expiresAt?: string; label?: string } = {}, at = NOW) => {
  const made = newShare(CONTENT, input, at);
  await shares().create(made.share);
  return made;
};
const commandsSent = () => ddb.calls().map((call) => (call.args[0] as { constructor: { name: string } }).constructor.name);

// The fake table runs no index queries: answer gsi1 from its items, newest first, as DynamoDB would.
function answerListingQueries() {
  ddb.on(QueryCommand).callsFake(async (input: QueryCommand['input']) => {
    const partition = input.ExpressionAttributeValues?.[':partition'];
    const Items = [...table.items.values()]
      .filter((item) => item.gsi1pk === partition)
      .sort((a, b) => (String(a.gsi1sk) < String(b.gsi1sk) ? 1 : -1))
      .slice(0, input.Limit);
    return { Items };
  });
}

describe('create', () => {
  it('writes the share item under its content, then the token item by hash, each only if absent', async () => {
    const { share } = await created({ label: 'Agency' });

    const puts = ddb.commandCalls(PutCommand).map((call) => call.args[0].input);
    expect(puts.map((put) => [put.Item?.pk, put.Item?.sk])).toEqual([
      ['WS#ws_a#CNT#cnt_a', `SHARE#${share.id}`],
      [`SHARETOKEN#${share.tokenHash}`, 'SHARETOKEN'],
    ]);
    for (const put of puts) expect(put.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(puts[0]?.Item).toMatchObject({ gsi1pk: 'WS#ws_a#CNT#cnt_a#SHARES', gsi1sk: `${NOW.toISOString()}#${share.id}`, label: 'Agency' });
  });

  it('stores no plain token: the items hold its hash only', async () => {
    const { token } = await created();
    const stored = JSON.stringify([...table.items.values()]);
    expect(stored).not.toContain(token);
    expect(stored).toContain(hashShareToken(token));
  });

  it('gives both items the TTL attribute (epoch seconds) of an expiring share, and none to a lasting one', async () => {
    const { share: expiring } = await created({ expiresAt: LATER.toISOString() });
    const { share: lasting } = await created();

    const itemsOf = (share: Share) => [table.get('WS#ws_a#CNT#cnt_a', `SHARE#${share.id}`), table.get(`SHARETOKEN#${share.tokenHash}`, 'SHARETOKEN')];
    for (const item of itemsOf(expiring)) expect(item).toMatchObject({ expiresAt: LATER.getTime() / 1000, validUntil: LATER.toISOString() });
    for (const item of itemsOf(lasting)) expect(item).not.toHaveProperty('expiresAt');
  });
});

describe('shareForToken', () => {
  it('answers what a live token opens, with one consistent GetItem by hash', async () => {
    const { share, token } = await created({ expiresAt: LATER.toISOString() });
    ddb.resetHistory();

    const grant = await shares().shareForToken(hashShareToken(token), NOW);

    expect(grant).toEqual({ workspaceId: 'ws_a', contentId: 'cnt_a', shareId: share.id, expiresAt: LATER.toISOString() });
    expect(commandsSent()).toEqual(['GetCommand']);
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({ Key: keys.shareToken(hashShareToken(token)), ConsistentRead: true });
  });

  it('answers null for an unknown token', async () => {
    await expect(shares().shareForToken(hashShareToken('rshr_unknown'), NOW)).resolves.toBeNull();
  });

  it('answers null once the share has expired, though TTL has not removed the item yet', async () => {
    const { token } = await created({ expiresAt: LATER.toISOString() });
    await expect(shares().shareForToken(hashShareToken(token), LATER)).resolves.toBeNull();
    expect(table.get(`SHARETOKEN#${hashShareToken(token)}`, 'SHARETOKEN')).toBeDefined();
  });

  it('fails as unavailable on an outage rather than answering null', async () => {
    ddb.on(GetCommand).rejects(serviceError('InternalServerError', 500));
    await expect(shares().shareForToken('a'.repeat(64), NOW)).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('revoke', () => {
  it('deletes the token item before the share item, so the token stops opening first', async () => {
    const { share, token } = await created();
    ddb.resetHistory();

    await expect(shares().revoke('ws_a', 'cnt_a', share.id)).resolves.toBe(true);

    expect(ddb.commandCalls(DeleteCommand).map((call) => call.args[0].input.Key)).toEqual([
      keys.shareToken(share.tokenHash),
      keys.share('ws_a', 'cnt_a', share.id),
    ]);
    expect(table.items.size).toBe(0);
    await expect(shares().shareForToken(hashShareToken(token), NOW)).resolves.toBeNull();
  });

  it('answers false for an unknown share, one already revoked, and one of another content or workspace', async () => {
    const { share } = await created();
    await shares().revoke('ws_a', 'cnt_a', share.id);
    const { share: kept } = await created();

    await expect(shares().revoke('ws_a', 'cnt_a', share.id)).resolves.toBe(false);
    await expect(shares().revoke('ws_a', 'cnt_b', kept.id)).resolves.toBe(false);
    await expect(shares().revoke('ws_b', 'cnt_a', kept.id)).resolves.toBe(false);
    expect(table.items.size).toBe(2);
  });

  it('ends access even when the share-item delete fails, and a retry finishes the revocation', async () => {
    const { share, token } = await created();
    let failures = 1;
    table.before = (command, input) => {
      const key = input.Key as { sk?: string } | undefined;
      if (command === 'Delete' && key?.sk?.startsWith('SHARE#') && failures-- > 0) throw serviceError('InternalServerError', 500);
    };

    await expect(shares().revoke('ws_a', 'cnt_a', share.id)).rejects.toMatchObject({ code: 'unavailable' });
    await expect(shares().shareForToken(hashShareToken(token), NOW)).resolves.toBeNull();

    await expect(shares().revoke('ws_a', 'cnt_a', share.id)).resolves.toBe(true);
    expect(table.items.size).toBe(0);
  });
});

describe('list', () => {
  it("lists a content's shares newest first from gsi1, with a cursor past a full page", async () => {
    answerListingQueries();
    const { share: first } = await created({ label: 'first' }, NOW);
    const { share: second } = await created({ label: 'second' }, LATER);

    const page = await shares().list('ws_a', 'cnt_a', { limit: 1 });

    expect(page.items).toEqual([second]);
    expect(page.nextCursor).toEqual(expect.any(String));
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'gsi1',
      ExpressionAttributeValues: { ':partition': 'WS#ws_a#CNT#cnt_a#SHARES' },
    });
    expect((await shares().list('ws_a', 'cnt_a', { limit: 10 })).items.map((share) => share.id)).toEqual([second.id, first.id]);
  });

  it('refuses a cursor from another content before querying', async () => {
    answerListingQueries();
    await created();
    await created();
    const { nextCursor } = await shares().list('ws_a', 'cnt_a', { limit: 1 });
    ddb.resetHistory();

    await expect(shares().list('ws_a', 'cnt_b', { limit: 1, cursor: nextCursor ?? '' })).rejects.toMatchObject({ code: 'validation_error' });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });
});
