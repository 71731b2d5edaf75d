import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureTable, type LocalDynamo } from '../../infra/local/dynamodb.js';
import { type ContentSummary, emptySummary } from '../../shared/domain/aggregate/content-summary.js';
import { emptyReportParts, finalizeReport } from '../../shared/domain/report.js';
import { ContentHeadTooLarge, emptyHead, headItem, type HeadFields, putHead } from '../../shared/store/content-head.js';
import { makeContentStateStore } from '../../shared/store/content-state.js';
import type { Db } from '../../shared/store/db.js';
import { makeVisitorMarkStore } from '../../shared/store/visitor-marks.js';
import { startTestDynamo, testDb, testTableName } from '../support/test-dynamo.js';

// DynamoDB's own limits met by the store on a real engine: dynalite by default, DynamoDB Local under
// `npm run test:dynamodb-local` — which, unlike dynalite, also enforces the 4 KB expression limit
// (docs/reliability-dynamodb.md). The unit tests stand in for these errors; here the engine raises them.
const WS = 'ws_limits';
let dynamo: LocalDynamo;
let db: Db;

beforeAll(async () => {
  dynamo = await startTestDynamo();
  const table = testTableName('limits');
  await ensureTable(dynamo.endpoint, table);
  db = testDb(dynamo.endpoint, table);
});
afterAll(async () => {
  await dynamo?.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const markRequest = (visitorId: string, proposals: Record<string, string>) => ({
  workspaceId: WS,
  visitorId,
  contentId: 'cnt_limits',
  proposals,
  lastAt: '2026-12-01T10:00:00.000Z',
});
/** `count` link marks, each naming a click id of `idLength` characters. */
const linkMarks = (count: number, idLength: number) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`l#Link${String(i).padStart(6, '0')}`, `c${String(i).padStart(idLength - 1, '0')}`]));

describe('visitor marks', () => {
  it('stores 150 new marks of one visitor in one step, in updates within the 4 KB expression limit', async () => {
    const proposals = linkMarks(150, 24);

    const stored = await makeVisitorMarkStore(db).mark(markRequest('h_manyMarks000000000000', proposals));

    expect(stored).toEqual(proposals);
    expect(await makeVisitorMarkStore(db).linkMarks(WS, 'cnt_limits', ['h_manyMarks000000000000'], 'Link000149')).toEqual(
      new Map([['h_manyMarks000000000000', proposals['l#Link000149']]]),
    );
  });

  it('goes on when a visitor’s marks item reaches 400 KB: the marks that no longer fit are not counted, and it says so', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    // 500 marks in 10 updates of 50; a mark takes 1,212 bytes (a 12-byte name, a 1,200-byte click id),
    // so an update adds 60,600 bytes: 6 updates (363,600) fit in 400 KB (409,600), the 7th cannot.
    const proposals = linkMarks(500, 1_200);

    const stored = await makeVisitorMarkStore(db).mark(markRequest('h_fullItem0000000000000', proposals));

    expect(Object.keys(stored).sort()).toEqual(Object.keys(proposals).slice(0, 300));
    expect(logged).toHaveBeenCalledTimes(4);
    expect(String(logged.mock.calls[0]?.[0])).toMatch(/Visitor marks item is full/);
  });
});

describe('the aggregate head', () => {
  // Random text barely compresses: the head's gzipped summary grows with it.
  const filler = randomBytes(360 * 1024).toString('base64');
  const fields = (fillerLength: number): HeadFields => {
    const summary: ContentSummary & { filler: string } = { ...emptySummary(86_400_000), filler: filler.slice(0, fillerLength) };
    const meta = { computedAt: '2026-12-01T10:00:00.000Z', eventsThrough: '2026-12-01T10:00:00.000Z', kWindowSeconds: 86_400 };
    return { position: '2026-12-01T10:00:00.000Z#x', ...meta, summary, report: finalizeReport(emptyReportParts(), meta), nextMaturityAt: null, links: [] };
  };

  it('is stored at the largest size its guard admits, and read back whole', async () => {
    // The longest filler that headItem accepts, by bisection.
    let [fits, tooLong] = [0, filler.length];
    while (tooLong - fits > 1) {
      const middle = Math.floor((fits + tooLong) / 2);
      try {
        headItem(WS, 'cnt_bighead', emptyHead(), fields(middle), 0);
        fits = middle;
      } catch (error) {
        if (!(error instanceof ContentHeadTooLarge)) throw error;
        tooLong = middle;
      }
    }
    expect(() => headItem(WS, 'cnt_bighead', emptyHead(), fields(tooLong), 0)).toThrow(ContentHeadTooLarge);

    expect(await putHead(db, headItem(WS, 'cnt_bighead', emptyHead(), fields(fits), 0), 0)).toBe(true);

    const head = await makeContentStateStore(db).readHead(WS, 'cnt_bighead');
    expect(head.version).toBe(1);
    expect((head.summary as (ContentSummary & { filler?: string }) | null)?.filler).toHaveLength(fits);
  });
});
