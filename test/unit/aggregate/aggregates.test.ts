import { randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { type ContentAggregate, emptyAggregate } from '../../../shared/domain/aggregate/content-aggregate.js';
import { AggregateStateCorrupt, makeAggregateStore } from '../../../shared/store/aggregates.js';
import { mockDynamo, serviceError, testDb } from '../../support/mock-dynamo.js';
import { fakeTable } from './fake-table.js';
import { anAggregate, aTally, CONTENT, WS } from './fixtures.js';

const ddb = mockDynamo();
const CONTENT_PK = `WS#${WS}#CNT#${CONTENT}`;
const NEXT = { position: '2024-06-01T12:00:00.000Z#click1', computedAt: '2024-06-01T12:01:00.000Z', eventsThrough: '2024-06-01T12:00:00.000Z' };

const store = () => makeAggregateStore(testDb());
const EMPTY_HEAD = { version: 0, position: '', stateId: null, chunks: 0, computedAt: null, eventsThrough: null };
const withClicks = (clicks: number): ContentAggregate => anAggregate({ clicks, links: [aTally({ clicks })] });
/** The state ids that have chunks stored for the content. */
const storedStates = (table: ReturnType<typeof fakeTable>) =>
  [...new Set([...table.items.values()].filter((item) => String(item.sk).startsWith('AGG#STATE#')).map((item) => String(item.sk).split('#')[2]))];
const headOf = (table: ReturnType<typeof fakeTable>) => table.get(CONTENT_PK, 'AGG#HEAD');

describe('aggregate store: load and commit', () => {
  it('loads version 0 and an empty aggregate before any commit', async () => {
    fakeTable(ddb);

    await expect(store().load(WS, CONTENT)).resolves.toEqual({
      head: EMPTY_HEAD,
      aggregate: emptyAggregate(),
    });
  });

  it('answers a fresh empty head for each load of a content without one: changing one changes no other', async () => {
    fakeTable(ddb);
    const aggregates = store();

    const first = await aggregates.load(WS, CONTENT);
    first.head.version = 7;
    first.head.position = 'changed by a caller';
    const second = await aggregates.load(WS, 'cnt_other');

    expect(second.head).toEqual(EMPTY_HEAD);
    expect(second.head).not.toBe(first.head);
    await expect(aggregates.load(WS, CONTENT)).resolves.toMatchObject({ head: EMPTY_HEAD });
  });

  it('reads the head consistently', async () => {
    fakeTable(ddb);

    await store().load(WS, CONTENT);

    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({ Key: { pk: CONTENT_PK, sk: 'AGG#HEAD' }, ConsistentRead: true });
  });

  it('commits a first state as gzip chunks under a fresh state id, then creates the head', async () => {
    const table = fakeTable(ddb);
    const aggregates = store();

    await expect(aggregates.commit(WS, CONTENT, (await aggregates.load(WS, CONTENT)).head, { aggregate: withClicks(3), ...NEXT })).resolves.toBe(true);

    const puts = ddb.commandCalls(PutCommand).map((call) => call.args[0].input);
    // The state's meta item first (so a crash leaves a findable state), its chunks, then the head.
    expect(puts.map((put) => String(put.Item?.sk).replace(/#[0-9a-f-]{36}(#\d+)?$/, (_m, chunk) => (chunk ? '#<state>#<n>' : '#<state>')))).toEqual([
      'AGG#STATEMETA#<state>',
      'AGG#STATE#<state>#<n>',
      'AGG#HEAD',
    ]);
    expect(puts.at(-1)?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(headOf(table)).toMatchObject({ version: 1, chunks: 1, ...NEXT, stateId: storedStates(table)[0] });
    expect(puts[1]?.Item?.data).toBeInstanceOf(Uint8Array);
  });

  it('loads back what it committed', async () => {
    fakeTable(ddb);
    const aggregates = store();
    await aggregates.commit(WS, CONTENT, (await aggregates.load(WS, CONTENT)).head, { aggregate: withClicks(3), ...NEXT });

    const loaded = await aggregates.load(WS, CONTENT);

    expect(loaded.aggregate).toEqual(withClicks(3));
    expect(loaded.head).toMatchObject({ version: 1, ...NEXT });
  });

  it('commits a later state with a compare-and-set on the version, and deletes the replaced state’s chunks', async () => {
    const table = fakeTable(ddb);
    const aggregates = store();
    await aggregates.commit(WS, CONTENT, (await aggregates.load(WS, CONTENT)).head, { aggregate: withClicks(1), ...NEXT });
    const first = storedStates(table);

    const { head } = await aggregates.load(WS, CONTENT);
    await expect(aggregates.commit(WS, CONTENT, head, { aggregate: withClicks(2), ...NEXT })).resolves.toBe(true);

    const headPut = ddb.commandCalls(PutCommand).at(-1)?.args[0].input;
    expect(headPut).toMatchObject({ ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': 1 } });
    expect(headOf(table)?.version).toBe(2);
    expect(storedStates(table)).toHaveLength(1);
    expect(storedStates(table)).not.toEqual(first);
    expect((await aggregates.load(WS, CONTENT)).aggregate).toEqual(withClicks(2));
  });

  it('returns false when another run committed first, deleting only its own chunks', async () => {
    const table = fakeTable(ddb);
    const [runA, runB] = [store(), store()];
    const start = (await runA.load(WS, CONTENT)).head;
    await runA.commit(WS, CONTENT, start, { aggregate: withClicks(1), ...NEXT });
    const winner = storedStates(table);

    await expect(runB.commit(WS, CONTENT, start, { aggregate: withClicks(99), ...NEXT })).resolves.toBe(false);

    expect(storedStates(table)).toEqual(winner);
    expect(headOf(table)?.version).toBe(1);
    expect((await runB.load(WS, CONTENT)).aggregate).toEqual(withClicks(1));
  });

  it('returns false on a lost compare-and-set at a later version too', async () => {
    const table = fakeTable(ddb);
    const [runA, runB] = [store(), store()];
    await runA.commit(WS, CONTENT, (await runA.load(WS, CONTENT)).head, { aggregate: withClicks(1), ...NEXT });
    const { head } = await runA.load(WS, CONTENT);
    await runA.commit(WS, CONTENT, head, { aggregate: withClicks(2), ...NEXT });

    await expect(runB.commit(WS, CONTENT, head, { aggregate: withClicks(99), ...NEXT })).resolves.toBe(false);

    expect(headOf(table)?.version).toBe(2);
    expect(storedStates(table)).toHaveLength(1);
    expect((await runB.load(WS, CONTENT)).aggregate).toEqual(withClicks(2));
  });

  it('splits a state bigger than one chunk (300 KB gzipped) and reads it back equal', async () => {
    const table = fakeTable(ddb);
    const aggregates = store();
    // Random base64 compresses poorly: ~600 KB of it stays well above 300 KB gzipped.
    const noise = randomBytes(450_000).toString('base64');
    const referrers: Record<string, number> = {};
    for (let i = 0; i < 1000; i++) referrers[noise.slice(i * 600, (i + 1) * 600)] = i;
    const big = anAggregate({ referrers });

    await aggregates.commit(WS, CONTENT, (await aggregates.load(WS, CONTENT)).head, { aggregate: big, ...NEXT });

    const chunks = ddb.commandCalls(PutCommand).filter((call) => String(call.args[0].input.Item?.sk).startsWith('AGG#STATE#'));
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    expect(headOf(table)?.chunks).toBe(chunks.length);
    for (const chunk of chunks) expect((chunk.args[0].input.Item?.data as Uint8Array).length).toBeLessThanOrEqual(300 * 1024);
    expect((await aggregates.load(WS, CONTENT)).aggregate).toEqual(big);
  });

  it('when a chunk vanishes while loading (a newer commit replaced it), loads the new head instead', async () => {
    const table = fakeTable(ddb);
    const [reader, writer] = [store(), store()];
    await writer.commit(WS, CONTENT, (await writer.load(WS, CONTENT)).head, { aggregate: withClicks(1), ...NEXT });
    const old = (await writer.load(WS, CONTENT)).head;
    let raced = false;
    table.before = async (command, input) => {
      const key = input.Key as { sk?: string } | undefined;
      if (raced || command !== 'Get' || !key?.sk?.startsWith('AGG#STATE#')) return;
      raced = true;
      await writer.commit(WS, CONTENT, old, { aggregate: withClicks(2), ...NEXT });
    };

    const loaded = await reader.load(WS, CONTENT);

    expect(raced).toBe(true);
    expect(loaded.head.version).toBe(2);
    expect(loaded.aggregate).toEqual(withClicks(2));
  });

  it('reports the state as corrupt (not a passing outage) when its chunks stay missing', async () => {
    const table = fakeTable(ddb);
    table.put({ pk: CONTENT_PK, sk: 'AGG#HEAD', version: 4, position: 'p', stateId: 'gone', chunks: 1 });

    await expect(store().load(WS, CONTENT)).rejects.toBeInstanceOf(AggregateStateCorrupt);
  });

  it('reports the state as corrupt when a chunk cannot be unpacked', async () => {
    const table = fakeTable(ddb);
    table.put({ pk: CONTENT_PK, sk: 'AGG#HEAD', version: 4, position: 'p', stateId: 'bad', chunks: 1 });
    table.put({ pk: CONTENT_PK, sk: 'AGG#STATE#bad#0000', data: new Uint8Array([1, 2, 3]) });

    await expect(store().load(WS, CONTENT)).rejects.toBeInstanceOf(AggregateStateCorrupt);
  });

  it('resets a content to an empty state at the start of the feed, even from a corrupt one', async () => {
    const table = fakeTable(ddb);
    table.put({ pk: CONTENT_PK, sk: 'AGG#HEAD', version: 4, position: 'p', stateId: 'gone', chunks: 1 });

    await expect(store().reset(WS, CONTENT, new Date('2024-06-01T00:00:00.000Z'))).resolves.toBe(true);

    const { head, aggregate } = await store().load(WS, CONTENT);
    expect(head).toMatchObject({ version: 5, position: '', eventsThrough: null });
    expect(aggregate).toEqual(emptyAggregate());
  });

  it('keeps a list of lagging contents', async () => {
    fakeTable(ddb);
    const aggregates = store();

    await aggregates.markLagging(WS, CONTENT, 'boom', new Date('2024-06-01T00:00:00.000Z'));
    expect(await aggregates.isLagging(WS, CONTENT)).toBe(true);
    expect(await aggregates.laggingContents()).toEqual([{ workspaceId: WS, contentId: CONTENT, since: '2024-06-01T00:00:00.000Z', error: 'boom' }]);
    await aggregates.clearLagging(WS, CONTENT);

    expect(await aggregates.isLagging(WS, CONTENT)).toBe(false);
    expect(await aggregates.laggingContents()).toEqual([]);
  });

  it('maps a store outage to unavailable', async () => {
    ddb.on(GetCommand).rejects(serviceError('ThrottlingException', 400));

    await expect(store().load(WS, CONTENT)).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('lets a commit error other than a failed condition through, without switching the head', async () => {
    ddb.on(PutCommand).rejects(serviceError('ValidationException', 400));

    await expect(store().commit(WS, CONTENT, EMPTY_HEAD, { aggregate: withClicks(1), ...NEXT })).rejects.toMatchObject({
      name: 'ValidationException',
    });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(1);
  });

  /** A state a crashed run wrote but never switched to: its meta item and one chunk. */
  const abandon = (table: ReturnType<typeof fakeTable>, stateId: string, writtenAtMs?: number) => {
    const stamp = writtenAtMs === undefined ? {} : { writtenAtMs };
    table.put({ pk: CONTENT_PK, sk: `AGG#STATEMETA#${stateId}`, stateId, chunks: 1, ...stamp });
    table.put({ pk: CONTENT_PK, sk: `AGG#STATE#${stateId}#0000`, data: new Uint8Array([1]), ...stamp });
  };
  const metaStates = (table: ReturnType<typeof fakeTable>) =>
    [...table.items.values()].map((item) => String(item.sk)).filter((sk) => sk.startsWith('AGG#STATEMETA#')).map((sk) => sk.slice('AGG#STATEMETA#'.length));

  it("removes a crashed run's unreferenced state once it is older than any live run, and keeps a young one", async () => {
    const table = fakeTable(ddb);
    abandon(table, 'crashed-long-ago', Date.now() - 60 * 60_000);
    abandon(table, 'still-committing', Date.now() - 1_000);

    await store().commit(WS, CONTENT, (await store().load(WS, CONTENT)).head, { aggregate: withClicks(1), ...NEXT });

    expect(storedStates(table)).not.toContain('crashed-long-ago');
    expect(metaStates(table)).not.toContain('crashed-long-ago');
    expect(storedStates(table)).toContain('still-committing');
  });

  it('stamps each state with the time it was written', async () => {
    fakeTable(ddb);
    const before = Date.now();

    await store().commit(WS, CONTENT, EMPTY_HEAD, { aggregate: withClicks(1), ...NEXT });

    const [meta, chunk] = ddb.commandCalls(PutCommand).map((call) => call.args[0].input.Item);
    expect(String(meta?.sk)).toMatch(/^AGG#STATEMETA#/);
    expect(String(chunk?.sk)).toMatch(/^AGG#STATE#/);
    for (const item of [meta, chunk]) {
      expect(item?.writtenAtMs).toBeGreaterThanOrEqual(before);
      expect(item?.writtenAtMs).toBeLessThanOrEqual(Date.now());
    }
  });

  it('removes unreferenced states only past 15 minutes old, and counts an unstamped state as old', async () => {
    const table = fakeTable(ddb);
    abandon(table, 'sixteen-minutes', Date.now() - 16 * 60_000);
    abandon(table, 'fourteen-minutes', Date.now() - 14 * 60_000);
    abandon(table, 'unstamped');

    await store().commit(WS, CONTENT, EMPTY_HEAD, { aggregate: withClicks(1), ...NEXT });

    const head = headOf(table);
    expect(storedStates(table).sort()).toEqual(['fourteen-minutes', String(head?.stateId)].sort());
    expect(metaStates(table).sort()).toEqual(['fourteen-minutes', String(head?.stateId)].sort());
  });

  it('deletes a replaced state of many chunks whole, by its keys', async () => {
    const table = fakeTable(ddb);
    const aggregates = store();
    const big = anAggregate({ referrers: Object.fromEntries(Array.from({ length: 30_000 }, (_, i) => [`${randomBytes(12).toString('hex')}.example`, i])) });
    await aggregates.commit(WS, CONTENT, EMPTY_HEAD, { aggregate: big, ...NEXT });
    const first = headOf(table);
    expect(Number(first?.chunks)).toBeGreaterThan(1);

    await aggregates.commit(WS, CONTENT, (await aggregates.load(WS, CONTENT)).head, { aggregate: withClicks(1), ...NEXT });

    expect(storedStates(table)).toEqual([String(headOf(table)?.stateId)]);
    expect(metaStates(table)).toEqual([String(headOf(table)?.stateId)]);
  });

  it('after a lost compare-and-set, deletes only its own state, leaving even old orphans for a later commit', async () => {
    const table = fakeTable(ddb);
    abandon(table, 'crashed-long-ago', Date.now() - 60 * 60_000);
    const aggregates = store();
    await aggregates.commit(WS, CONTENT, EMPTY_HEAD, { aggregate: withClicks(1), ...NEXT });
    const winner = String(headOf(table)?.stateId);
    abandon(table, 'crashed-again', Date.now() - 60 * 60_000);

    await expect(aggregates.commit(WS, CONTENT, EMPTY_HEAD, { aggregate: withClicks(9), ...NEXT })).resolves.toBe(false);

    expect(storedStates(table).sort()).toEqual(['crashed-again', winner].sort());
  });

  // A commit deletes only the state it replaced (and long-abandoned orphans), never a racing run's.
  it('keeps the state a racing run committed between this commit’s head switch and its clean-up', async () => {
    const table = fakeTable(ddb);
    const [runA, runB] = [store(), store()];
    await runA.commit(WS, CONTENT, (await runA.load(WS, CONTENT)).head, { aggregate: withClicks(1), ...NEXT });
    const headA = (await runA.load(WS, CONTENT)).head;
    let raced = false;
    table.before = async (command) => {
      if (raced || command !== 'Query') return;
      raced = true; // run A switched the head to v2 and is about to clean up: run B commits v3 now
      const loaded = await runB.load(WS, CONTENT);
      await runB.commit(WS, CONTENT, loaded.head, { aggregate: withClicks(3), ...NEXT });
    };

    await expect(runA.commit(WS, CONTENT, headA, { aggregate: withClicks(2), ...NEXT })).resolves.toBe(true);

    expect(headOf(table)?.version).toBe(3);
    expect((await runA.load(WS, CONTENT)).aggregate).toEqual(withClicks(3));
  });
});

describe('aggregate store: feed checkpoint', () => {
  const to = (position: string) => ({ position, through: `${position.slice(0, 24)}`, computedAt: '2024-06-01T13:00:00.000Z' });

  it('starts at the beginning of the feed', async () => {
    fakeTable(ddb);

    await expect(store().feedCheckpoint()).resolves.toEqual({ position: '', through: null, computedAt: null });
  });

  it('advances from the start and from its current position, and reads back what it advanced to', async () => {
    fakeTable(ddb);
    const aggregates = store();
    const first = to('2024-06-01T12:00:00.000Z#a');
    const second = to('2024-06-01T12:30:00.000Z#b');

    await expect(aggregates.advanceFeedCheckpoint('', first)).resolves.toBe(true);
    await expect(aggregates.advanceFeedCheckpoint(first.position, second)).resolves.toBe(true);

    await expect(aggregates.feedCheckpoint()).resolves.toEqual(second);
  });

  it('refuses to advance from a position it is no longer at (compare-and-set)', async () => {
    fakeTable(ddb);
    const aggregates = store();
    const first = to('2024-06-01T12:00:00.000Z#a');
    await aggregates.advanceFeedCheckpoint('', first);

    await expect(aggregates.advanceFeedCheckpoint('', to('2024-06-01T12:10:00.000Z#x'))).resolves.toBe(false);
    await expect(aggregates.advanceFeedCheckpoint('2024-06-01T11:00:00.000Z#old', to('2024-06-01T12:20:00.000Z#y'))).resolves.toBe(false);

    await expect(aggregates.feedCheckpoint()).resolves.toEqual(first);
  });

  it('reads the checkpoint consistently and maps a store outage to unavailable', async () => {
    fakeTable(ddb);
    await store().feedCheckpoint();
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input.ConsistentRead).toBe(true);

    ddb.on(PutCommand).rejects(serviceError('InternalServerError', 500));
    await expect(store().advanceFeedCheckpoint('', to('2024-06-01T12:00:00.000Z#a'))).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('aggregate store: lease', () => {
  const NOW = new Date('2024-06-01T12:00:00.000Z');
  const later = (ms: number) => new Date(NOW.getTime() + ms);
  const leaseOf = (table: ReturnType<typeof fakeTable>) => table.get('AGG#FEED', 'LEASE');

  it('is acquired when nobody holds it, until now + ttl', async () => {
    const table = fakeTable(ddb);

    await expect(store().acquireLease('run-a', NOW, 60_000)).resolves.toBe(true);

    expect(leaseOf(table)).toMatchObject({ owner: 'run-a', expiresAtMs: NOW.getTime() + 60_000 });
  });

  it('is refused while another run holds it, up to its expiry', async () => {
    const table = fakeTable(ddb);
    await store().acquireLease('run-a', NOW, 60_000);

    await expect(store().acquireLease('run-b', later(30_000), 60_000)).resolves.toBe(false);
    await expect(store().acquireLease('run-b', later(60_000), 60_000)).resolves.toBe(false);

    expect(leaseOf(table)?.owner).toBe('run-a');
  });

  it('is taken over once the holder’s lease expired', async () => {
    const table = fakeTable(ddb);
    await store().acquireLease('run-a', NOW, 60_000);

    await expect(store().acquireLease('run-b', later(60_001), 60_000)).resolves.toBe(true);

    expect(leaseOf(table)).toMatchObject({ owner: 'run-b', expiresAtMs: later(120_001).getTime() });
  });

  it('is renewed by its own holder before expiry', async () => {
    const table = fakeTable(ddb);
    await store().acquireLease('run-a', NOW, 60_000);

    await expect(store().acquireLease('run-a', later(30_000), 60_000)).resolves.toBe(true);

    expect(leaseOf(table)?.expiresAtMs).toBe(later(90_000).getTime());
  });

  it('is released only by its holder', async () => {
    const table = fakeTable(ddb);
    await store().acquireLease('run-a', NOW, 60_000);

    await expect(store().releaseLease('run-b')).resolves.toBeUndefined();
    expect(leaseOf(table)?.owner).toBe('run-a');

    await store().releaseLease('run-a');
    expect(leaseOf(table)).toBeUndefined();
    await expect(store().acquireLease('run-b', later(1), 60_000)).resolves.toBe(true);
  });

  it('releasing a lease nobody holds is harmless', async () => {
    fakeTable(ddb);

    await expect(store().releaseLease('run-a')).resolves.toBeUndefined();
  });

  it('maps store outages to unavailable', async () => {
    ddb.on(PutCommand).rejects(serviceError('ThrottlingException', 400));
    ddb.on(DeleteCommand).rejects(serviceError('ThrottlingException', 400));

    await expect(store().acquireLease('run-a', NOW, 60_000)).rejects.toMatchObject({ code: 'unavailable' });
    await expect(store().releaseLease('run-a')).rejects.toMatchObject({ code: 'unavailable' });
  });
});
