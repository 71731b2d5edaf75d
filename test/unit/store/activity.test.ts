import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FEED_START, feedPositionAt, readFeedStep } from '../../../shared/store/activity.js';
import { clickItem } from '../../../shared/store/clicks.js';
import { conversionItem } from '../../../shared/store/conversions.js';
import { ACTIVITY_SHARDS } from '../../../shared/store/keys.js';
import { linkItem } from '../../../shared/store/links.js';
import { mockDynamo, serviceError, testDb } from '../../support/mock-dynamo.js';
import { aClick, aConversion, aLink, at } from '../aggregation/fixtures.js';

const ddb = mockDynamo();
type Item = Record<string, unknown>;

/** Puts an item on an activity shard of the fake index. */
const onShard = (shard: number, item: Item): Item => ({ ...item, gsi3pk: `ACTIVITY#${shard}` });
const clickOn = (shard: number, second: number, id: string) => onShard(shard, clickItem(aClick({ id, at: at(second) }), 86_400));
const positionOf = (item: Item) => String(item.gsi3sk);

/**
 * The activity index as DynamoDB serves it: per partition in sort-key order, BETWEEN inclusive,
 * at most `Limit` items per page (and at most `pageSize`, standing in for the 1 MB page cap), with
 * a LastEvaluatedKey whenever a page stopped early.
 */
function serveIndex(items: Item[], options: { pageSize?: number } = {}) {
  ddb.on(QueryCommand).callsFake(async (input: QueryCommand['input']) => {
    const values = input.ExpressionAttributeValues ?? {};
    const names = input.ExpressionAttributeNames ?? {};
    const partitionName = names['#partition'] ?? '';
    const sortName = names['#sort'] ?? '';
    const from = String(values[':after']);
    const to = String(values[':until']);
    const startAfter = input.ExclusiveStartKey ? String(input.ExclusiveStartKey[sortName]) : undefined;
    const matching = items
      .filter((item) => item[partitionName] === values[':partition'])
      .filter((item) => String(item[sortName]) >= from && String(item[sortName]) <= to)
      .filter((item) => startAfter === undefined || String(item[sortName]) > startAfter)
      .sort((a, b) => (String(a[sortName]) < String(b[sortName]) ? -1 : 1));
    const size = Math.min(input.Limit ?? Infinity, options.pageSize ?? Infinity);
    const page = matching.slice(0, size);
    const stoppedEarly = page.length === size && page.length > 0;
    const last = page.at(-1);
    return {
      Items: page.map((item) => ({ ...item })),
      ...(stoppedEarly && last ? { LastEvaluatedKey: { pk: last.pk, sk: last.sk, [partitionName]: last[partitionName], [sortName]: last[sortName] } } : {}),
    };
  });
}

const queries = () => ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);

describe('readFeedStep: the queries', () => {
  it('queries each of the 32 activity partitions of gsi3, strictly after `after` and up to `until` inclusive', async () => {
    serveIndex([]);

    await readFeedStep(testDb(), { after: '2024-06-01T12:00:00.000Z#x', until: '2024-06-01T13:00:00.000Z#\uffff', maxEvents: 64 });

    expect(queries()).toHaveLength(ACTIVITY_SHARDS);
    expect(new Set(queries().map((input) => input.ExpressionAttributeValues?.[':partition']))).toEqual(
      new Set(Array.from({ length: 32 }, (_, shard) => `ACTIVITY#${shard}`)),
    );
    for (const input of queries()) {
      expect(input).toMatchObject({
        TableName: 'ripple',
        IndexName: 'gsi3',
        KeyConditionExpression: '#partition = :partition AND #sort BETWEEN :after AND :until',
        ExpressionAttributeNames: { '#partition': 'gsi3pk', '#sort': 'gsi3sk' },
        Limit: 2,
      });
      expect(input.ExpressionAttributeValues).toMatchObject({ ':after': '2024-06-01T12:00:00.000Z#x\u0000', ':until': '2024-06-01T13:00:00.000Z#\uffff' });
    }
  });

  it('asks each shard for its share of maxEvents, at least 1', async () => {
    serveIndex([]);
    await readFeedStep(testDb(), { after: FEED_START, until: 'z', maxEvents: 100 });
    expect(queries()[0]?.Limit).toBe(4);

    ddb.resetHistory();
    await readFeedStep(testDb(), { after: FEED_START, until: 'z', maxEvents: 5 });
    expect(queries()[0]?.Limit).toBe(1);
  });

  it('maps a store outage to unavailable', async () => {
    ddb.on(QueryCommand).rejects(serviceError('ProvisionedThroughputExceededException', 400));

    await expect(readFeedStep(testDb(), { after: FEED_START, until: 'z', maxEvents: 10 })).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('readFeedStep: a complete step', () => {
  it('reads through `until` when every shard is exhausted, merging the shards in position order', async () => {
    const items = [clickOn(7, 30, 'c3'), clickOn(0, 10, 'c1'), clickOn(31, 20, 'c2'), clickOn(0, 40, 'c4')];
    serveIndex(items);
    const until = feedPositionAt(new Date(at(3600)));

    const step = await readFeedStep(testDb(), { after: FEED_START, until, maxEvents: 320 });

    expect(step.complete).toBe(true);
    expect(step.through).toBe(until);
    expect(step.events.map((event) => event.type === 'click' && event.click.id)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(step.events.map((event) => event.position)).toEqual([at(10), at(20), at(30), at(40)].map((time, i) => `${time}#c${i + 1}`));
  });

  it('types each event as a link, click or conversion, and skips unknown types', async () => {
    const link = aLink({ code: 'Seed000001', sharer: 'alice', createdAt: at(1) });
    const click = aClick({ id: 'c1', code: 'Seed000001', at: at(2) });
    const conversion = aConversion({ externalId: 'order-1', visitorId: 'h_v', value: 5, currency: 'EUR', createdAt: at(3) });
    serveIndex([
      onShard(1, linkItem(link)),
      onShard(2, clickItem(click, 86_400)),
      onShard(3, conversionItem(conversion)),
      onShard(4, { pk: 'X', sk: 'Y', type: 'somethingNew', gsi3sk: `${at(4)}#new` }),
    ]);

    const step = await readFeedStep(testDb(), { after: FEED_START, until: feedPositionAt(new Date(at(10))), maxEvents: 320 });

    expect(step.events).toEqual([
      { position: `${at(1)}#Seed000001`, type: 'link', link },
      { position: `${at(2)}#c1`, type: 'click', click },
      { position: `${at(3)}#conv_${sha256Hex('order-1').slice(0, 24)}`, type: 'conversion', conversion },
    ]);
  });

  it('leaves out events at or before `after` and after `until`', async () => {
    serveIndex([clickOn(0, 10, 'c1'), clickOn(0, 20, 'c2'), clickOn(1, 30, 'c3'), clickOn(1, 31, 'c4')]);

    const step = await readFeedStep(testDb(), { after: `${at(10)}#c1`, until: `${at(30)}#c3`, maxEvents: 320 });

    expect(step.events.map((event) => event.position)).toEqual([`${at(20)}#c2`, `${at(30)}#c3`]);
  });
});

describe('readFeedStep: a step cut short', () => {
  it('ends at the last position of a shard that hit its limit, leaving later events to the next step', async () => {
    // maxEvents 64 → 2 per shard; shard 5 has 3 events.
    serveIndex([clickOn(5, 10, 'a1'), clickOn(5, 20, 'a2'), clickOn(5, 30, 'a3'), clickOn(9, 15, 'b1'), clickOn(9, 25, 'b2x')]);

    const step = await readFeedStep(testDb(), { after: FEED_START, until: 'z', maxEvents: 64 });

    expect(step.complete).toBe(false);
    expect(step.through).toBe(`${at(20)}#a2`);
    expect(step.events.map((event) => event.position)).toEqual([`${at(10)}#a1`, `${at(15)}#b1`, `${at(20)}#a2`]);
  });

  it('ends at the smallest last position among the shards that hit their limit', async () => {
    serveIndex([
      clickOn(1, 10, 'a1'),
      clickOn(1, 50, 'a2'),
      clickOn(1, 60, 'a3'),
      clickOn(2, 20, 'b1'),
      clickOn(2, 30, 'b2'),
      clickOn(2, 70, 'b3'),
      clickOn(3, 40, 'c1'),
    ]);

    const step = await readFeedStep(testDb(), { after: FEED_START, until: 'z', maxEvents: 64 });

    expect(step.through).toBe(`${at(30)}#b2`);
    expect(step.events.map((event) => event.position)).toEqual([`${at(10)}#a1`, `${at(20)}#b1`, `${at(30)}#b2`]);
  });

  it('follows a shard over several short pages until it has its share', async () => {
    serveIndex([clickOn(0, 10, 'a1'), clickOn(0, 20, 'a2'), clickOn(0, 30, 'a3'), clickOn(0, 40, 'a4')], { pageSize: 1 });

    const step = await readFeedStep(testDb(), { after: FEED_START, until: 'z', maxEvents: 96 });

    const shard0 = queries().filter((input) => input.ExpressionAttributeValues?.[':partition'] === 'ACTIVITY#0');
    expect(shard0.map((input) => input.Limit)).toEqual([3, 2, 1]);
    expect(shard0[1]?.ExclusiveStartKey).toMatchObject({ gsi3sk: `${at(10)}#a1` });
    expect(step.through).toBe(`${at(30)}#a3`);
    expect(step.events).toHaveLength(3);
  });

  it('reading step after step from the start yields every event once, in order, whatever the step and page sizes', async () => {
    const eventArb = fc.record({ shard: fc.nat(ACTIVITY_SHARDS - 1), second: fc.nat(50) });
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { maxLength: 40 }), fc.integer({ min: 1, max: 100 }), fc.nat(3), async (specs, maxEvents, pageSize) => {
        ddb.reset();
        const items = specs.map((spec, i) => clickOn(spec.shard, spec.second, `id${String(i).padStart(3, '0')}`));
        serveIndex(items, pageSize === 0 ? {} : { pageSize });
        const until = feedPositionAt(new Date(at(40)));
        const expected = items
          .map(positionOf)
          .filter((position) => position <= until)
          .sort();

        const read: string[] = [];
        let after = FEED_START;
        for (let steps = 0; steps < 200; steps++) {
          const step = await readFeedStep(testDb(), { after, until, maxEvents });
          read.push(...step.events.map((event) => event.position));
          expect(step.through > after).toBe(true);
          after = step.through;
          if (step.complete) break;
        }

        expect(after).toBe(until);
        expect(read).toEqual(expected);
      }),
      { numRuns: 15 },
    );
  });
});

describe('feedPositionAt', () => {
  it('sorts after every event of its instant and before every event of the next millisecond', () => {
    const instant = new Date('2024-06-01T12:00:00.000Z');
    const position = feedPositionAt(instant);

    for (const id of ['0', 'zzzzzzzzzzzzzzzzzzzzz', 'conv_~~~~', 'Seed000001']) {
      expect(`2024-06-01T12:00:00.000Z#${id}` < position).toBe(true);
      expect(`2024-06-01T12:00:00.001Z#${id}` > position).toBe(true);
    }
  });
});

function sha256Hex(text: string) {
  return createHash('sha256').update(text).digest('hex');
}
