import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { aggregationDeps } from '../../functions/aggregate/deps.js';
import { ensureTable, type LocalDynamo, startDynalite } from '../../infra/local/dynamodb.js';
import { runAggregation } from '../../shared/aggregation/run-aggregation.js';
import { loadConfig } from '../../shared/config.js';
import { newClick } from '../../shared/domain/click.js';
import { makeClickStore } from '../../shared/store/clicks.js';
import { createDb, type Db } from '../../shared/store/db.js';
import { makeLinkStore } from '../../shared/store/links.js';
import { type InProcessApi, inProcessApi } from '../support/in-process-api.js';

// The same cascade twice, with the same creation times and the same later clicks: minted one link
// a request as it happened (each stamped by the clock at its time), and imported afterwards in
// random batches with its times claimed — some batches after an aggregation already moved the feed
// checkpoint past those times. Both reports must agree on every field not about when they ran.
let dynamo: LocalDynamo;
let db: Db;
let api: InProcessApi;
// One clock for the api and the aggregation, moved by the test: every run starts after the last.
let nowMs = Date.parse('2026-06-01T00:00:00.000Z');
const clock = () => new Date(nowMs);
const HOUR_MS = 3_600_000;

beforeAll(async () => {
  dynamo = await startDynalite();
  await ensureTable(dynamo.endpoint, 'ripple');
  db = createDb(loadConfig({ RIPPLE_DYNAMODB_ENDPOINT: dynamo.endpoint }));
  api = (await inProcessApi(db, { clock })).call;
});
afterAll(async () => {
  await dynamo?.close();
});

interface Cascade {
  /** Per link: its parent's index (an earlier link) or null, its channel, minutes after the one before. */
  links: { parent: number | null; channel: string | null; gapMinutes: number }[];
  /** Batch sizes, in order; a true `aggregate` runs the aggregation before the batch. */
  batches: { size: number; aggregateBefore: boolean }[];
  clicks: { link: number; visitor: number }[];
}

const cascade: fc.Arbitrary<Cascade> = fc.integer({ min: 1, max: 24 }).chain((size) =>
  fc.record({
    links: fc.tuple(
      ...Array.from({ length: size }, (_, index) =>
        fc.record({
          parent: index === 0 ? fc.constant(null) : fc.option(fc.integer({ min: 0, max: index - 1 }), { freq: 4 }),
          channel: fc.constantFrom(null, 'email', 'x', 'whatsapp'),
          gapMinutes: fc.integer({ min: 1, max: 150 }),
        }),
      ),
    ),
    batches: fc.array(fc.record({ size: fc.integer({ min: 1, max: 8 }), aggregateBefore: fc.boolean() }), { minLength: 1, maxLength: 6 }),
    clicks: fc.array(fc.record({ link: fc.integer({ min: 0, max: size - 1 }), visitor: fc.integer({ min: 0, max: 5 }) }), { minLength: 1, maxLength: 20 }),
  }),
);

/** Batches covering every link, in order: the sizes drawn, the last stretched to the end. */
function batchesOf(cascade: Cascade): { from: number; to: number; aggregateBefore: boolean }[] {
  const batches: { from: number; to: number; aggregateBefore: boolean }[] = [];
  let from = 0;
  for (const batch of cascade.batches) {
    if (from >= cascade.links.length) break;
    batches.push({ from, to: Math.min(cascade.links.length, from + batch.size), aggregateBefore: batch.aggregateBefore });
    from += batch.size;
  }
  const last = batches.at(-1);
  if (last) last.to = cascade.links.length;
  return batches;
}

// Through now; what is stamped next is stamped later, as the watermark assumes (docs/metrics.md, "Time").
async function aggregate() {
  const result = await runAggregation(
    { ...aggregationDeps(db, { RIPPLE_AGGREGATE_LAG_SECONDS: 0, RIPPLE_AGGREGATE_STEP_EVENTS: 25_000 }), clock },
    { until: clock() },
  );
  expect(result.status).toBe('done');
  nowMs += 1;
}

async function newContent(): Promise<string> {
  const response = await api('POST', '/v1/contents', { url: 'https://shop.example.com/equivalence', kWindowSeconds: 7_200 });
  expect(response.status).toBe(201);
  return response.body.id as string;
}

async function mintOneByOne(contentId: string, cascade: Cascade, times: number[]): Promise<string[]> {
  const codes: string[] = [];
  for (const [index, link] of cascade.links.entries()) {
    nowMs = times[index] as number;
    const body = {
      sharer: `sharer ${index}`,
      ...(link.channel ? { channel: link.channel } : {}),
      ...(link.parent === null ? {} : { parent: codes[link.parent] }),
    };
    const response = await api('POST', `/v1/contents/${contentId}/links`, body);
    expect(response.status).toBe(201);
    codes.push(response.body.code);
  }
  return codes;
}

async function importInBatches(contentId: string, cascade: Cascade, times: number[]): Promise<string[]> {
  const codes: string[] = [];
  for (const [number, batch] of batchesOf(cascade).entries()) {
    nowMs += 60_000;
    if (batch.aggregateBefore) await aggregate();
    const links = cascade.links.slice(batch.from, batch.to).map((link, offset) => {
      const index = batch.from + offset;
      const parent = link.parent === null ? {} : link.parent >= batch.from ? { parent: { ref: `l${link.parent}` } } : { parent: codes[link.parent] };
      return {
        ref: `l${index}`,
        sharer: `sharer ${index}`,
        ...(link.channel ? { channel: link.channel } : {}),
        ...parent,
        createdAt: new Date(times[index] as number).toISOString(),
      };
    });
    const response = await api('POST', `/v1/contents/${contentId}/links/batch`, { links }, { 'idempotency-key': `${contentId}-${number}` });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    codes.push(...response.body.items.map((item: { code: string }) => item.code));
  }
  return codes;
}

// The same clicks on both contents' corresponding links, at the same times, after the import.
async function clickBoth(cascade: Cascade, codes: [string[], string[]]) {
  const links = makeLinkStore(db);
  const clicks = makeClickStore(db, { retentionDays: 30 });
  for (const click of cascade.clicks) {
    nowMs += 1_000;
    for (const side of codes) {
      const link = await links.get(side[click.link] as string);
      const visit = { visitorId: `h_visitor${click.visitor}`.padEnd(24, '0'), bot: false, device: 'desktop' as const, referrerHost: null };
      await clicks.record(newClick(link!, visit, clock()));
    }
  }
}

// What a report says about the cascade: without which content it is and when it ran, codes as link positions.
function comparable(report: Record<string, unknown>, codes: string[]) {
  const {
    contentId: _id,
    computedAt: _computed,
    eventsThrough: _through,
    largestCascade,
    ...rest
  } = report as {
    contentId: unknown;
    computedAt: unknown;
    eventsThrough: unknown;
    largestCascade: { rootCode: string } | null;
  };
  return { ...rest, largestCascade: largestCascade && { ...largestCascade, rootCode: codes.indexOf(largestCascade.rootCode) } };
}

it('gives the same report for a cascade imported in batches as for the same cascade minted one link at a time', async () => {
  await fc.assert(
    fc.asyncProperty(cascade, async (drawn) => {
      nowMs += 2 * 24 * HOUR_MS;
      const [minted, imported] = [await newContent(), await newContent()];
      const times: number[] = [];
      for (const link of drawn.links) times.push((times.at(-1) ?? nowMs) + link.gapMinutes * 60_000);

      const mintedCodes = await mintOneByOne(minted, drawn, times);
      const importedCodes = await importInBatches(imported, drawn, times);
      await clickBoth(drawn, [mintedCodes, importedCodes]);
      nowMs += 1_000;
      await aggregate();

      for (const query of ['', '?kWindow=all', '?kWindow=600']) {
        const [one, other] = await Promise.all([api('GET', `/v1/contents/${minted}/report${query}`), api('GET', `/v1/contents/${imported}/report${query}`)]);
        expect(other.body.links).toBe(drawn.links.length);
        expect(comparable(other.body, importedCodes)).toEqual(comparable(one.body, mintedCodes));
      }
    }),
    { numRuns: 12 },
  );
}, 240_000);
