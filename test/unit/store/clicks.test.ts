import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { Click } from '../../../shared/domain/click.js';
import { clickFromItem, clickItem, makeClickStore } from '../../../shared/store/clicks.js';
import { mockDynamo, testDb } from '../../support/mock-dynamo.js';

const ddb = mockDynamo();

const SHARDS = 16;
const DAY = 86_400;

const aClick = (overrides: Partial<Click> = {}): Click => ({
  id: 'click1',
  workspaceId: 'ws_a',
  contentId: 'cnt_a',
  code: 'Code000001',
  rootCode: 'Code000001',
  generation: 0,
  channel: null,
  visitorId: 'h_AAAAAAAAAAAAAAAAAAAAAA',
  bot: false,
  device: 'desktop',
  referrerHost: 'news.example',
  arrival: 'direct',
  at: '2024-05-01T10:00:00.000Z',
  ...overrides,
});

const partitionOf = (shard: number) => `WS#ws_a#LINK#Code000001#CLICKS#${shard}`;

describe('record', () => {
  it('writes one unconditional PutItem of the click', async () => {
    ddb.on(PutCommand).resolves({});
    await makeClickStore(testDb(), { retentionDays: 180 }).record(aClick());
    const puts = ddb.commandCalls(PutCommand);
    expect(ddb.calls()).toHaveLength(1);
    expect(puts).toHaveLength(1);
    expect(puts[0]?.args[0].input.ConditionExpression).toBeUndefined();
    expect(puts[0]?.args[0].input.Item).toMatchObject({ type: 'click', code: 'Code000001', visitorId: 'h_AAAAAAAAAAAAAAAAAAAAAA' });
  });

  it('expires the item (TTL attribute expiresAt, epoch seconds) retention days after the click', async () => {
    ddb.on(PutCommand).resolves({});
    await makeClickStore(testDb(), { retentionDays: 30 }).record(aClick({ at: '2024-05-01T10:00:00.000Z' }));
    const item = ddb.commandCalls(PutCommand)[0]?.args[0].input.Item ?? {};
    expect(item.expiresAt).toBe(Date.UTC(2024, 4, 1, 10) / 1000 + 30 * DAY);
  });

  it('spreads clicks of one link over the 16 shard partitions', async () => {
    ddb.on(PutCommand).resolves({});
    const store = makeClickStore(testDb(), { retentionDays: 180 });
    for (let i = 0; i < 200; i++) await store.record(aClick({ id: `c${i}` }));
    const pks = ddb.commandCalls(PutCommand).map((call) => String(call.args[0].input.Item?.pk));
    const allowed = new Set(Array.from({ length: SHARDS }, (_, shard) => partitionOf(shard)));
    expect(pks.every((pk) => allowed.has(pk))).toBe(true);
    // 200 uniform draws over 16 shards miss one with probability < 1e-4.
    expect(new Set(pks).size).toBeGreaterThan(8);
  });

  it('sorts clicks by time and id, and feeds the activity index by minute', async () => {
    ddb.on(PutCommand).resolves({});
    await makeClickStore(testDb(), { retentionDays: 180 }).record(aClick({ id: 'cid', at: '2024-05-01T10:11:12.000Z' }));
    const item = ddb.commandCalls(PutCommand)[0]?.args[0].input.Item ?? {};
    expect(String(item.sk).startsWith('2024-05-01T10:11:12.000Z')).toBe(true);
    expect(String(item.sk)).toContain('cid');
    expect(item.gsi3pk).toMatch(/^ACTIVITY#(\d|[12]\d|3[01])$/);
  });

  it('stores no raw IP address or user agent', async () => {
    ddb.on(PutCommand).resolves({});
    await makeClickStore(testDb(), { retentionDays: 180 }).record(aClick());
    const item = ddb.commandCalls(PutCommand)[0]?.args[0].input.Item ?? {};
    const names = Object.keys(item).map((name) => name.toLowerCase());
    for (const forbidden of ['ip', 'sourceip', 'clientaddress', 'address', 'useragent', 'user-agent', 'ua']) {
      expect(names).not.toContain(forbidden);
    }
    expect(JSON.stringify(item)).not.toMatch(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b|Mozilla/);
  });
});

describe('tailOfLink', () => {
  const tailOf = (after = '') => makeClickStore(testDb(), { retentionDays: 180 }).tailOfLink('ws_a', 'Code000001', after);

  it('queries every one of the 16 shard partitions of the link, only after the given position', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    await tailOf('2026-11-26T10:00:00.000Z#zzz');
    const inputs = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(new Set(inputs.map((input) => input.ExpressionAttributeValues?.[':partition']))).toEqual(
      new Set(Array.from({ length: SHARDS }, (_, shard) => partitionOf(shard))),
    );
    for (const input of inputs) {
      expect(input.KeyConditionExpression).toBe('#partition = :partition AND #sort > :after');
      expect(input.ExpressionAttributeValues?.[':after']).toBe('2026-11-26T10:00:00.000Z#zzz');
    }
  });

  it('reads whole shard partitions from the feed start, with no empty string in the key condition (DynamoDB refuses one)', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    await tailOf('');
    const inputs = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(inputs).toHaveLength(SHARDS);
    for (const input of inputs) {
      expect(input.KeyConditionExpression).toBe('#partition = :partition');
      expect(Object.values(input.ExpressionAttributeValues ?? {})).not.toContain('');
    }
  });

  it('sums human and bot clicks over shards and groups the human clicks by visitor', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':partition': partitionOf(0) } }).resolves({
      Items: [
        { id: 'c1', bot: false, visitorId: 'h_alice' },
        { id: 'c2', bot: false, visitorId: 'h_bob' },
        { id: 'c3', bot: true, visitorId: 'h_slackbot' },
      ],
    });
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':partition': partitionOf(7) } }).resolves({
      Items: [
        { id: 'c4', bot: false, visitorId: 'h_alice' },
        { id: 'c5', bot: true, visitorId: 'h_alice' },
      ],
    });
    const tail = await tailOf();
    expect(tail.clicks).toBe(3);
    expect(tail.botClicks).toBe(2);
    expect([...tail.visitors.keys()].sort()).toEqual(['h_alice', 'h_bob']);
    expect(tail.visitors.get('h_alice')?.sort()).toEqual(['c1', 'c4']);
  });

  it('follows LastEvaluatedKey through every page of a shard', async () => {
    const page2Key = { pk: partitionOf(2), sk: 'k1' };
    const page3Key = { pk: partitionOf(2), sk: 'k2' };
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':partition': partitionOf(2) } })
      .resolvesOnce({ Items: [{ id: 'a', bot: false, visitorId: 'h_1' }], LastEvaluatedKey: page2Key })
      .resolvesOnce({ Items: [{ id: 'b', bot: false, visitorId: 'h_2' }], LastEvaluatedKey: page3Key })
      .resolvesOnce({ Items: [{ id: 'c', bot: false, visitorId: 'h_1' }] });
    const tail = await tailOf();
    expect(tail.clicks).toBe(3);
    expect(tail.visitors.size).toBe(2);
    const shard2 = ddb
      .commandCalls(QueryCommand)
      .map((call) => call.args[0].input)
      .filter((input) => input.ExpressionAttributeValues?.[':partition'] === partitionOf(2));
    expect(shard2.map((input) => input.ExclusiveStartKey)).toEqual([undefined, page2Key, page3Key]);
  });

  it('fails as unavailable when a shard cannot be read', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':partition': partitionOf(9) } })
      .rejects(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    await expect(tailOf()).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('clickFromItem', () => {
  it('reads back the click it stored, arrival channel included', () => {
    const click = aClick({ arrival: 'qr' });

    expect(clickFromItem(clickItem(click, DAY))).toEqual(click);
  });

  it('reads a click stored before arrivals were recorded as `direct`, and an arrival it does not know as `other`', () => {
    const { arrival: _none, ...old } = aClick();

    expect(clickFromItem(clickItem(old, DAY)).arrival).toBe('direct');
    expect(clickFromItem({ ...clickItem(aClick(), DAY), arrival: 'carrier-pigeon' }).arrival).toBe('other');
  });
});
