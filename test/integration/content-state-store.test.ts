import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, type LocalDynamo } from '../../infra/local/dynamodb.js';
import type { AggregationDeps } from '../../shared/aggregation/aggregation-deps.js';
import { makeContentStateReader } from '../../shared/aggregation/content-state-reader.js';
import { updateContent } from '../../shared/aggregation/content-update.js';
import type { Content } from '../../shared/domain/content.js';
import { makeFeedControlStore } from '../../shared/store/feed-control.js';
import type { VisitorFirsts } from '../../shared/domain/aggregate/content-aggregate.js';
import type { Click } from '../../shared/domain/click.js';
import type { Link } from '../../shared/domain/link.js';
import type { FeedRecord } from '../../shared/store/activity.js';
import { CHUNK_LINKS, packChunk, unpackChunk } from '../../shared/store/content-parts.js';
import { type ContentStateStore, makeContentStateStore } from '../../shared/store/content-state.js';
import type { Db } from '../../shared/store/db.js';
import { keys } from '../../shared/store/keys.js';
import { startTestDynamo, testDb, testTableName } from '../support/test-dynamo.js';

// The content state store against dynalite: what a commit writes (only what changed), what a read
// sees (the state at the head, never a later or a losing run's), compare-and-set, crashes between
// parts and head, the sealed-chunk cache, rebuilds and heads of the earlier layout.
const WS = 'ws_state';
let dynamo: LocalDynamo;
let tables = 0;

const T0 = Date.parse('2026-11-02T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const position = (ms: number, id: string) => `${iso(ms)}#${id}`;

interface Recorded {
  db: Db;
  puts: Record<string, unknown>[];
  queries: Record<string, unknown>[];
  /** Every command sent: its name and input. */
  sent: { name: string; input: Record<string, unknown> }[];
  /** The sort keys of the items queries returned. */
  queried: string[];
}

async function freshDb(): Promise<Recorded> {
  const name = testTableName(`state_${++tables}`);
  await ensureTable(dynamo.endpoint, name);
  const db = testDb(dynamo.endpoint, name);
  const recorded: Recorded = { db, puts: [], queries: [], sent: [], queried: [] };
  const send = db.doc.send.bind(db.doc);
  db.doc.send = ((command: { constructor: { name: string }; input: Record<string, unknown> }) => {
    recorded.sent.push({ name: command.constructor.name, input: command.input });
    if (command.constructor.name === 'PutCommand') recorded.puts.push(command.input.Item as Record<string, unknown>);
    if (command.constructor.name !== 'QueryCommand') return send(command as never);
    recorded.queries.push(command.input);
    return (send(command as never) as Promise<{ Items?: { sk: string }[] }>).then((output) => {
      recorded.queried.push(...(output.Items ?? []).map((item) => item.sk));
      return output;
    });
  }) as typeof db.doc.send;
  return recorded;
}

const linkRecord = (contentId: string, index: number, parent: number | null, atMs: number): FeedRecord => {
  const code = `code${String(index).padStart(6, '0')}`;
  const link: Link = {
    code,
    workspaceId: WS,
    contentId,
    parent: parent === null ? null : `code${String(parent).padStart(6, '0')}`,
    rootCode: code,
    generation: parent === null ? 0 : 1,
    sharer: null,
    channel: 'x',
    utm: null,
    creatorVisitorId: null,
    createdAt: iso(atMs),
  };
  return { position: position(atMs, code), type: 'link', link };
};

const clickRecord = (contentId: string, linkIndex: number, id: string, atMs: number): FeedRecord => {
  const code = `code${String(linkIndex).padStart(6, '0')}`;
  const click: Click = {
    id,
    workspaceId: WS,
    contentId,
    code,
    rootCode: code,
    generation: 0,
    channel: 'x',
    visitorId: `h_${id.padStart(22, '0')}`,
    bot: false,
    device: 'desktop',
    referrerHost: null,
    at: iso(atMs),
  };
  return { position: position(atMs, id), type: 'click', click };
};

const allFirsts: VisitorFirsts = { content: true, link: true, generation: true, channel: true };

function depsOf(state: ContentStateStore): AggregationDeps {
  return {
    state,
    clock: () => new Date(T0 + 86_400_000),
    maturityWatch: { watch: async () => undefined, due: async () => [], done: async () => undefined },
  } as unknown as AggregationDeps;
}

/** One commit of `records` through the real per-content update, ending at the last record. */
async function commit(state: ContentStateStore, contentId: string, records: FeedRecord[]) {
  const last = records.at(-1)?.position ?? '';
  const firsts = new Map(records.flatMap((record) => (record.type === 'click' ? [[record.click.id, allFirsts] as const] : [])));
  return updateContent(depsOf(state), { workspaceId: WS, contentId, content: null }, records, { position: last, through: last.slice(0, 24) }, firsts);
}

const manyLinks = (contentId: string, count: number, fromIndex = 0, atMs = T0) =>
  Array.from({ length: count }, (_, i) =>
    linkRecord(contentId, fromIndex + i, fromIndex + i > 0 ? Math.floor((fromIndex + i) / 2) : null, atMs + fromIndex + i),
  );

beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo?.close();
});

describe('the content state store', () => {
  it('reads an empty head, structure and tallies before any commit', async () => {
    const { db } = await freshDb();
    const state = makeContentStateStore(db);
    const head = await state.readHead(WS, 'cnt_empty');

    expect(head).toMatchObject({ version: 0, links: 0, summary: null, report: null, legacy: false });
    const structure = await state.readStructure(WS, 'cnt_empty', head);
    expect(structure).toMatchObject({ ok: true, value: { sealedIndex: { size: 0 }, tail: new Map() } });
    expect(structure.ok && structure.value.links.length).toBe(0);
    expect(structure.ok && structure.value.sealedIndex.index.get('nope')).toBeUndefined();
    expect(await state.readTallies(WS, 'cnt_empty', head, ['nope'])).toMatchObject({ ok: true });
  });

  it('reads back at its head what a commit wrote: structure, tallies, series, summary and report', async () => {
    const { db } = await freshDb();
    const state = makeContentStateStore(db);
    const records = [...manyLinks('cnt_a', 3), clickRecord('cnt_a', 1, 'c1', T0 + 60_000), clickRecord('cnt_a', 1, 'c2', T0 + 61_000)];

    expect(await commit(state, 'cnt_a', records)).toEqual({ kind: 'committed' });

    const head = await state.readHead(WS, 'cnt_a');
    expect(head).toMatchObject({ version: 1, links: 3, summary: { clicks: 2, uniqueVisitors: 2 }, report: { links: 3, clicks: 2 } });
    const structure = await state.readStructure(WS, 'cnt_a', head);
    expect(structure.ok && structure.value.links.toArray().map((link) => link.code)).toEqual(['code000000', 'code000001', 'code000002']);
    expect(await state.readTallies(WS, 'cnt_a', head, ['code000001'])).toMatchObject({
      ok: true,
      value: { tallies: new Map([['code000001', { clicks: 2, botClicks: 0, uniqueVisitors: 2 }]]) },
    });
    const series = await state.readSeries(WS, 'cnt_a', head, '2026-11-02', '2026-11-02');
    expect(series.ok && series.value.get(Date.parse('2026-11-02T10:00:00.000Z'))).toMatchObject({ clicks: 2, links: 3, newVisitors: 2 });
  });

  it.each([600, 6_000])('writes only what a commit changed, the same at %i links: the open chunk, the touched tallies and day, the head', async (links) => {
    const recorded = await freshDb();
    const state = makeContentStateStore(recorded.db);
    for (let from = 0; from < links; from += 2_000) await commit(state, 'cnt_big', manyLinks('cnt_big', Math.min(2_000, links - from), from));
    recorded.puts.length = 0;

    await commit(state, 'cnt_big', [
      linkRecord('cnt_big', links, 7, T0 + 3_600_000),
      linkRecord('cnt_big', links + 1, 8, T0 + 3_600_001),
      clickRecord('cnt_big', 3, 'k1', T0 + 3_600_002),
      clickRecord('cnt_big', 400, 'k2', T0 + 3_600_003),
    ]);

    const types = recorded.puts.map((item) => String(item.type)).sort();
    expect(types).toEqual(['aggregateHead', 'linkTally', 'linkTally', 'seriesDay', 'structureChunk']);
    const chunk = recorded.puts.find((item) => item.type === 'structureChunk');
    expect(chunk?.sk).toBe(keys.structureChunk(WS, 'cnt_big', 1, Math.floor(links / CHUNK_LINKS)).sk);
  });

  it('lets one of two commits from the same head win; the loser’s parts are never read', async () => {
    const { db } = await freshDb();
    const winner = makeContentStateStore(db);
    await commit(winner, 'cnt_race', manyLinks('cnt_race', 2));
    let overtaken = false;
    // The loser (a longer step: two clicks) writes its parts; just before its head, the winner commits one click.
    const slowDoc = {
      send: async (command: PutCommand) => {
        if (!overtaken && (command.input.Item as Record<string, unknown> | undefined)?.type === 'aggregateHead') {
          overtaken = true;
          expect(await commit(winner, 'cnt_race', [clickRecord('cnt_race', 0, 'l1', T0 + 1_000)])).toEqual({ kind: 'committed' });
        }
        return db.doc.send(command);
      },
    };
    const loser = makeContentStateStore({ ...db, doc: slowDoc as unknown as Db['doc'] });

    expect(await commit(loser, 'cnt_race', [clickRecord('cnt_race', 0, 'l1', T0 + 1_000), clickRecord('cnt_race', 0, 'l2', T0 + 2_000)])).toEqual({
      kind: 'preempted',
    });

    const head = await winner.readHead(WS, 'cnt_race');
    expect(head).toMatchObject({ version: 2, summary: { clicks: 1 } });
    const tallies = await winner.readTallies(WS, 'cnt_race', head, ['code000000']);
    expect(tallies.ok && tallies.value.tallies.get('code000000')).toEqual({ clicks: 1, botClicks: 0, uniqueVisitors: 1 });
    // The next run applies the second click once.
    await commit(winner, 'cnt_race', [clickRecord('cnt_race', 0, 'l2', T0 + 2_000)]);
    const next = await winner.readHead(WS, 'cnt_race');
    const after = await winner.readTallies(WS, 'cnt_race', next, ['code000000']);
    expect(after.ok && after.value.tallies.get('code000000')).toEqual({ clicks: 2, botClicks: 0, uniqueVisitors: 2 });
    expect(next.summary).toMatchObject({ clicks: 2, uniqueVisitors: 2 });
  });

  it('after a crash between its parts and its head, reads the old state and lets the rerun commit', async () => {
    const { db } = await freshDb();
    const state = makeContentStateStore(db);
    await commit(state, 'cnt_crash', manyLinks('cnt_crash', 2));
    const before = await state.readHead(WS, 'cnt_crash');
    const step = [clickRecord('cnt_crash', 1, 'x1', T0 + 5_000), linkRecord('cnt_crash', 2, 1, T0 + 5_001)];
    // The crashed run: its parts written, its head never.
    const crashing = makeContentStateStore({
      ...db,
      doc: {
        send: async (command: PutCommand) => {
          if ((command.input.Item as Record<string, unknown>).type === 'aggregateHead') throw new Error('crash');
          return db.doc.send(command);
        },
      } as unknown as Db['doc'],
    });
    expect(await commit(crashing, 'cnt_crash', step)).toMatchObject({ kind: 'failed' });

    const tallies = await state.readTallies(WS, 'cnt_crash', before, ['code000001']);
    expect(tallies.ok && tallies.value.tallies.size).toBe(0);
    expect((await state.readStructure(WS, 'cnt_crash', before)).ok).toBe(true);
    expect(await commit(state, 'cnt_crash', step)).toEqual({ kind: 'committed' });
    const after = await state.readHead(WS, 'cnt_crash');
    expect(after).toMatchObject({ version: 2, links: 3, summary: { clicks: 1 } });
  });

  it('after a crash that wrote more links than the rerun has, commits the rerun and keeps the crashed run’s links in the chunk', async () => {
    const { db } = await freshDb();
    const state = makeContentStateStore(db);
    await commit(state, 'cnt_longer', manyLinks('cnt_longer', 2));
    const crashing = makeContentStateStore({
      ...db,
      doc: {
        send: async (command: PutCommand) => {
          if ((command.input.Item as Record<string, unknown>)?.type === 'aggregateHead') throw new Error('crash');
          return db.doc.send(command);
        },
      } as unknown as Db['doc'],
    });
    // The crashed run's step reached two links further than the rerun's.
    expect(await commit(crashing, 'cnt_longer', manyLinks('cnt_longer', 2, 2, T0 + 5_000))).toMatchObject({ kind: 'failed' });

    expect(await commit(state, 'cnt_longer', manyLinks('cnt_longer', 1, 2, T0 + 5_000))).toEqual({ kind: 'committed' });
    const head = await state.readHead(WS, 'cnt_longer');
    const read = await makeContentStateStore(db).readStructure(WS, 'cnt_longer', head);
    expect(read.ok && read.value.links.toArray().map((link) => [link.code, link.parent])).toEqual([
      ['code000000', null],
      ['code000001', 'code000000'],
      ['code000002', 'code000001'],
    ]);
    expect(read.ok && read.value.tail.get(0)?.links.map((link) => link.code)).toEqual(['code000000', 'code000001', 'code000002', 'code000003']);
    expect(await commit(state, 'cnt_longer', manyLinks('cnt_longer', 1, 3, T0 + 6_000))).toEqual({ kind: 'committed' });
  });

  it('keeps full chunks in a warm process and queries only the chunks after them', async () => {
    const recorded = await freshDb();
    const state = makeContentStateStore(recorded.db);
    await commit(state, 'cnt_warm', manyLinks('cnt_warm', 3 * CHUNK_LINKS + 10));
    const head = await state.readHead(WS, 'cnt_warm');
    await state.readStructure(WS, 'cnt_warm', head);
    recorded.queries.length = 0;

    const warm = await state.readStructure(WS, 'cnt_warm', head);

    expect(warm.ok && warm.value.links).toHaveLength(3 * CHUNK_LINKS + 10);
    expect(JSON.stringify(recorded.queries)).toContain(keys.structureChunk(WS, 'cnt_warm', 1, 3).sk);
    expect(JSON.stringify(recorded.queries)).not.toContain(keys.structureChunk(WS, 'cnt_warm', 1, 0).sk);
  });

  it('hands a cold read’s caller the index the cache just built of the chunks it sealed, their parents resolved', async () => {
    const { db } = await freshDb();
    const writer = makeContentStateStore(db);
    await commit(writer, 'cnt_cold', manyLinks('cnt_cold', 2 * CHUNK_LINKS + 10));
    const head = await writer.readHead(WS, 'cnt_cold');

    const cold = await makeContentStateStore(db).readStructure(WS, 'cnt_cold', head);

    if (!cold.ok) throw new Error('cold read stale');
    const { links, sealedIndex } = cold.value;
    expect(sealedIndex.size).toBe(2 * CHUNK_LINKS);
    const sealed = links.slice(0, sealedIndex.size);
    expect(sealed.every((link, i) => sealedIndex.index.get(link.code) === i)).toBe(true);
    expect(sealed.map((link, i) => (link.parent === null ? -1 : links.storedParent(i)))).toEqual(
      sealed.map((link) => (link.parent === null ? -1 : links.toArray().findIndex((other) => other.code === link.parent))),
    );
  });

  it('reads a content whose full chunk holds the wrong number of links as stale, never as shifted positions', async () => {
    const { db } = await freshDb();
    await commit(makeContentStateStore(db), 'cnt_short', manyLinks('cnt_short', 2 * CHUNK_LINKS + 10));
    const head = await makeContentStateStore(db).readHead(WS, 'cnt_short');
    const key = keys.structureChunk(WS, 'cnt_short', head.epoch, 0);
    const item = (await db.doc.send(new GetCommand({ TableName: db.table, Key: key }))).Item as Record<string, unknown>;
    const short = unpackChunk(item.links as Uint8Array).links.slice(1);
    await db.doc.send(new PutCommand({ TableName: db.table, Item: { ...item, links: packChunk(short) } }));

    expect(await makeContentStateStore(db).readStructure(WS, 'cnt_short', head)).toEqual({ ok: false, reason: 'stale' });
  });

  it('resets a content to a new, empty epoch and removes the old epoch’s parts', async () => {
    const { db } = await freshDb();
    const state = makeContentStateStore(db);
    await commit(state, 'cnt_reset', [...manyLinks('cnt_reset', 3), clickRecord('cnt_reset', 0, 'r1', T0 + 9_000)]);
    const head = await state.readHead(WS, 'cnt_reset');

    expect(await state.reset(WS, 'cnt_reset', head, new Date(T0))).toBe('committed');

    const reset = await state.readHead(WS, 'cnt_reset');
    expect(reset).toMatchObject({ version: 2, epoch: 2, links: 0, summary: null, position: '' });
    const { Items = [] } = await db.doc.send(
      new (await import('@aws-sdk/lib-dynamodb')).QueryCommand({
        TableName: db.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.contentPartition(WS, 'cnt_reset'), ':prefix': 'AGG#1#' },
      }),
    );
    expect(Items).toEqual([]);
  });

  it('recognises a head of the earlier whole-state layout as one to rebuild', async () => {
    const { db } = await freshDb();
    await db.doc.send(
      new PutCommand({ TableName: db.table, Item: { ...keys.aggregateHead(WS, 'cnt_old'), type: 'aggregateHead', version: 4, stateId: 's', chunks: 1 } }),
    );

    const head = await makeContentStateStore(db).readHead(WS, 'cnt_old');

    expect(head).toMatchObject({ legacy: true, version: 4, summary: null });
  });
});

describe('the read model reads only what it needs', () => {
  const content = (id: string): Content => ({
    id,
    workspaceId: WS,
    url: 'https://shop.example.com/',
    title: null,
    campaign: null,
    refParam: 'ref',
    kWindowSeconds: 86_400,
    active: true,
    createdAt: iso(T0),
    updatedAt: iso(T0),
  });

  async function aggregated(links: number) {
    const recorded = await freshDb();
    const state = makeContentStateStore(recorded.db);
    await commit(state, 'cnt_read', [
      ...manyLinks('cnt_read', links),
      clickRecord('cnt_read', 3, 'r1', T0 + 50_000),
      clickRecord('cnt_read', 4, 'r2', T0 + 50_001),
    ]);
    const reader = makeContentStateReader({ state: makeContentStateStore(recorded.db), control: makeFeedControlStore(recorded.db) });
    recorded.sent.length = 0;
    return { recorded, reader };
  }
  const names = (recorded: Recorded) => recorded.sent.map((call) => call.name).sort();

  it('a report for the content’s own window reads its head (and the feed’s control items), no part', async () => {
    const { recorded, reader } = await aggregated(1_200);

    const report = await reader.report(content('cnt_read'), undefined);

    expect(report).toMatchObject({ links: 1_200, clicks: 2 });
    expect(names(recorded)).toEqual(['GetCommand', 'GetCommand', 'GetCommand']);
  });

  it('a report for another window recomputes from the structure and tallies, and writes nothing', async () => {
    const { recorded, reader } = await aggregated(1_200);

    const report = await reader.report(content('cnt_read'), 'all');

    expect(report).toMatchObject({ links: 1_200, clicks: 2, kWindowSeconds: 'all' });
    expect(names(recorded).filter((name) => !['GetCommand', 'QueryCommand'].includes(name))).toEqual([]);
  });

  it('a link’s counts read that link’s tally alone', async () => {
    const { recorded, reader } = await aggregated(1_200);

    const { tally } = await reader.linkTally(WS, 'cnt_read', 'code000003');

    expect(tally).toEqual({ clicks: 1, botClicks: 0, uniqueVisitors: 1 });
    const batches = recorded.sent.filter((call) => call.name === 'BatchGetCommand');
    expect(batches.map((call) => JSON.stringify(call.input))).toEqual([expect.stringContaining('AGG#1#T#code000003')]);
    expect(names(recorded).filter((name) => name === 'QueryCommand')).toEqual([]);
  });

  it('a cascade page reads the tallies of its own nodes only', async () => {
    const { recorded, reader } = await aggregated(1_200);

    const page = await reader.cascade(content('cnt_read'), { from: 0, limit: 3 });

    expect(page.nodes).toHaveLength(3);
    expect(page.total).toBe(1_200);
    const keysRead = recorded.sent
      .filter((call) => call.name === 'BatchGetCommand')
      .flatMap((call) =>
        Object.values(call.input.RequestItems as Record<string, { Keys: { sk: string }[] }>).flatMap((request) => request.Keys.map((key) => key.sk)),
      );
    expect(keysRead.sort()).toEqual(page.nodes.map((node) => `AGG#1#T#${node.code}`).sort());
  });

  it('a cascade page reads the structure chunks it returns, its parents’ stored edges and the open chunk: not the whole structure', async () => {
    const { recorded, reader } = await aggregatedInSteps(5 * CHUNK_LINKS + 100, CHUNK_LINKS + 20);

    const page = await reader.cascade(content('cnt_read'), { from: 2 * CHUNK_LINKS, limit: CHUNK_LINKS });

    // Which chunks, not in which order: the page's queries run at once and answer in any order.
    const chunksRead = recorded.queried.filter((sk) => sk.startsWith(keys.structureChunkPrefix(1))).sort();
    expect(chunksRead).toEqual([keys.structureChunk(WS, 'cnt_read', 1, 2).sk, keys.structureChunk(WS, 'cnt_read', 1, 5).sk]);
    expect(recorded.queried.filter((sk) => sk.startsWith('AGG#1#E#')).every((sk) => sk.startsWith(keys.childEdgesPrefix(1, 0)))).toBe(true);
    expect(page.nodes.map((node) => node.code)).toEqual(range(2 * CHUNK_LINKS, 3 * CHUNK_LINKS).map(code));
    expect(page.nodes.map((node) => node.children)).toEqual(range(2 * CHUNK_LINKS, 3 * CHUNK_LINKS).map(halfTreeChildren(5 * CHUNK_LINKS + 100)));
  });

  it('pages through the whole cascade, each link once with all its children, wherever the page breaks fall', async () => {
    const links = 3 * CHUNK_LINKS + 250;
    const { reader } = await aggregatedInSteps(links, 333);
    const nodes = [];
    let cursor = 0;
    for (const limit of [1, 499, 2, 777, 1_000]) {
      const page = await reader.cascade(content('cnt_read'), { from: cursor, limit });
      nodes.push(...page.nodes);
      cursor += limit;
    }

    expect(nodes.map((node) => node.code)).toEqual(range(0, links).map(code));
    expect(nodes.map((node) => node.children)).toEqual(range(0, links).map(halfTreeChildren(links)));
  });

  it('pages a content aggregated before child edges were stored by its chunks, and stores them over the next commits', async () => {
    const recorded = await freshDb();
    const state = makeContentStateStore(recorded.db);
    await commit(state, 'cnt_old', manyLinks('cnt_old', 70 * CHUNK_LINKS));
    const stored = recorded.puts.findLast((item) => item.sk === 'AGG#HEAD') as Record<string, unknown>;
    const { edgeChunks: _edges, ...before } = stored;
    await recorded.db.doc.send(new PutCommand({ TableName: recorded.db.table, Item: before }));
    const reader = makeContentStateReader({ state: makeContentStateStore(recorded.db), control: makeFeedControlStore(recorded.db) });

    const page = await reader.cascade(content('cnt_old'), { from: 10, limit: 5 });
    await commit(state, 'cnt_old', manyLinks('cnt_old', 1, 70 * CHUNK_LINKS, T0 + 70 * CHUNK_LINKS));

    expect(page.nodes.map((node) => node.children)).toEqual(range(10, 15).map(halfTreeChildren(70 * CHUNK_LINKS)));
    expect((await state.readHead(WS, 'cnt_old')).edgeChunks).toBe(64);
  });

  // A content of `links` links (link i made from link i / 2) committed `perCommit` links at a time.
  async function aggregatedInSteps(links: number, perCommit: number) {
    const recorded = await freshDb();
    const state = makeContentStateStore(recorded.db);
    for (let from = 0; from < links; from += perCommit) {
      await commit(state, 'cnt_read', manyLinks('cnt_read', Math.min(perCommit, links - from), from, T0 + from));
    }
    const reader = makeContentStateReader({ state: makeContentStateStore(recorded.db), control: makeFeedControlStore(recorded.db) });
    recorded.queried.length = 0;
    return { recorded, reader };
  }
});

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const code = (index: number) => `code${String(index).padStart(6, '0')}`;
/** In `manyLinks`, link i is made from link i / 2: link i's children are 2i and 2i + 1. */
const halfTreeChildren = (links: number) => (i: number) => [2 * i, 2 * i + 1].filter((child) => child > 0 && child !== i && child < links).map(code);
