import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, visit } from '../support/http.js';
import { type LocalStack, REPO_ROOT, startLocalStack } from '../support/local-stack.js';

// A known cascade, built through the HTTP API, aggregated with `npm run aggregate`, and every
// report field checked against values worked out by hand below.
//
//   content "launch" (campaign "launch"):
//     S1 (seed, x) ─┬─ A (whatsapp) ─┬─ A1 (whatsapp)      made with A, inside the K window
//                   │                └─ A2 (x)            made GAP_S later: outside A's window
//                   └─ B (whatsapp) ──── B1 (whatsapp)     made GAP_S later: outside B's window
//     S2 (seed, email) ── C (x)
//   L = 8, N = [2, 3, 3]. A2 and B1 are made GAP_S (7) s after the rest. The K window w is then chosen
//   from the measured timestamps (a whole number of seconds): older than A2 and B1 are at the
//   aggregation, younger than the 7 s gaps — so S1..A1 are mature, A2 and B1 not, and only A1 falls
//   inside its parent's window. The test asserts those preconditions before the hand-worked values.
//
//   human clicks, in order (arrival marker `?via=` in brackets, none: direct): v1→S1 [whatsapp],
//   v2→S1 [copy], v2→S1, v3→A [whatsapp], v3→S1 [bogus: other], v1→A, v4→A1 [whatsapp], v5→C (news),
//   v6→S2 (news) [email], v6→C [email], v1→S1 [whatsapp]; bots: HEAD S1, Slackbot A.
//     per link clicks / unique visitors: S1 5/3, S2 1/1, A 2/2, B 0/0, C 2/2, A1 1/1, A2 0/0, B1 0/0
//     first touch: seed v1 v2 v6, earned v3 v4 v5.
//     per arrival clicks / visitors: whatsapp 4/3 (v1 v3 v4), direct 3/3 (v2 v1 v5), email 2/1, copy 1/1,
//     other 1/1; no re-share (every link here is minted by the API, with no visitor behind it).
//
//   content "spread" (no campaign): seed P clicked by w1 [whatsapp], w2 [copy], w3 [bogus], w4 (no
//   marker); then w1 re-shares P through the public route → whatsapp 1/1/1, copy, direct, other 1/1/0.
//   conversions: o1 on link A (30 EUR), o2 by visitor v6 (12.5 EUR, last click on C), o1 again.
// The gap leaves room for a slow machine between minting A2/B1 and the aggregation's watermark.
const GAP_S = 7;
let WINDOW_S = 0;

let stack: LocalStack;
const codes: Record<string, string> = {};
const createdAt: Record<string, number> = {};
let contentId: string;
let otherContentId: string;
let spreadContentId: string;
const visitor = (name: string) => `h_${name.padEnd(22, 'x')}`;
const cookieOf = (name: string) => `rpl_vid=${visitor(name)}`;

async function mint(name: string, content: string, body: Record<string, unknown>) {
  const response = await api(stack, 'POST', `/v1/contents/${content}/links`, body);
  expect(response.status).toBe(201);
  codes[name] = response.body.code;
  createdAt[name] = Date.parse(response.body.createdAt);
}

function aggregateNow() {
  const run = spawnSync('npm', ['run', '-s', 'aggregate'], {
    cwd: REPO_ROOT,
    env: { ...process.env, RIPPLE_DATA_DIR: stack.dataDir },
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

const report = async (query = '') => (await api(stack, 'GET', `/v1/contents/${contentId}/report${query}`)).body;

beforeAll(async () => {
  // Timers off: the test decides when the aggregation runs.
  stack = await startLocalStack({ env: { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0' } });
  contentId = (await api(stack, 'POST', '/v1/contents', { url: 'https://brand.example.com/launch', campaign: 'launch' })).body.id;
  otherContentId = (await api(stack, 'POST', '/v1/contents', { url: 'https://brand.example.com/teaser', campaign: 'launch' })).body.id;

  await mint('S1', contentId, { sharer: 'brand', channel: 'x' });
  await mint('S2', contentId, { sharer: 'brand', channel: 'email' });
  await mint('A', contentId, { parent: codes.S1, channel: 'whatsapp' });
  await mint('B', contentId, { parent: codes.S1, channel: 'whatsapp' });
  await mint('C', contentId, { parent: codes.S2, channel: 'x' });
  await mint('A1', contentId, { parent: codes.A, channel: 'whatsapp' });
  await mint('Z', otherContentId, { channel: 'x' });
  await mint('Z1', otherContentId, { parent: codes.Z, channel: 'x' });
  await new Promise((resolve) => setTimeout(resolve, GAP_S * 1000));
  await mint('A2', contentId, { parent: codes.A, channel: 'x' });
  await mint('B1', contentId, { parent: codes.B, channel: 'whatsapp' });

  const clicks: [string, string, string?, string?][] = [
    ['v1', 'S1', 'whatsapp'],
    ['v2', 'S1', 'copy'],
    ['v2', 'S1'],
    ['v3', 'A', 'whatsapp'],
    ['v3', 'S1', 'bogus'],
    ['v1', 'A'],
    ['v4', 'A1', 'whatsapp'],
    ['v5', 'C', undefined, 'https://news.example.org/a'],
    ['v6', 'S2', 'email', 'https://news.example.org/b'],
    ['v6', 'C', 'email'],
    ['v1', 'S1', 'whatsapp'],
    ['v1', 'Z', 'whatsapp'],
  ];
  for (const [who, link, via, referer] of clicks) {
    const response = await visit(stack, `${codes[link]}${via ? `?via=${via}` : ''}`, { cookie: cookieOf(who), ...(referer ? { referer } : {}) });
    expect(response.status).toBe(302);
  }
  await visit(stack, codes.S1 ?? '', { method: 'HEAD' });
  await visit(stack, codes.A ?? '', { userAgent: 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)' });

  const conversions = [
    { code: codes.A, externalId: 'o1', value: 30, currency: 'EUR' },
    { visitor: visitor('v6'), externalId: 'o2', value: 12.5, currency: 'EUR' },
    { visitor: visitor('nobody'), externalId: 'o3', value: 99, currency: 'EUR' },
  ];
  for (const body of conversions) expect((await api(stack, 'POST', '/v1/conversions', body)).status).toBe(201);
  expect((await api(stack, 'POST', '/v1/conversions', conversions[0])).status).toBe(200);

  spreadContentId = (await api(stack, 'POST', '/v1/contents', { url: 'https://brand.example.com/spread' })).body.id;
  await mint('P', spreadContentId, { sharer: 'brand' });
  for (const [who, via] of [
    ['w1', 'whatsapp'],
    ['w2', 'copy'],
    ['w3', 'bogus'],
    ['w4', undefined],
  ] as const) {
    expect((await visit(stack, `${codes.P}${via ? `?via=${via}` : ''}`, { cookie: cookieOf(who) })).status).toBe(302);
  }
  const reshare = await fetch(`${stack.url}/v1/links/${codes.P}/reshare`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: cookieOf('w1') },
    body: JSON.stringify({ channel: 'x' }),
  });
  expect(reshare.status).toBe(201);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

describe('before the first aggregation', () => {
  it('answers 200 with zero counts and computedAt null', async () => {
    const early = await report();
    expect(early).toMatchObject({ computedAt: null, links: 0, clicks: 0, uniqueVisitors: 0, kFactor: null, timeline: [], arrivals: [] });
  });
});

describe('after npm run aggregate', () => {
  let windowed: any;

  beforeAll(() => {
    expect(aggregateNow()).toMatch(/Aggregated \d+ events/);
  });

  it('can choose a K window the cascade was built around', async () => {
    const through = Date.parse((await report('?kWindow=all')).eventsThrough);
    // The older of the two young links sets the floor: the window must be just over its age.
    const olderYoung = Math.min(createdAt.A2 ?? 0, createdAt.B1 ?? 0);
    WINDOW_S = Math.floor((through - olderYoung) / 1000) + 1;
    expect(WINDOW_S).toBeLessThan(GAP_S);
  });

  it('has the run timing this test depends on (else the machine was too slow for the chosen window)', async () => {
    windowed = await report(`?kWindow=${WINDOW_S}`);
    const through = Date.parse(windowed.eventsThrough);
    const gap = (child: string, parent: string) => ((createdAt[child] ?? 0) - (createdAt[parent] ?? 0)) / 1000;
    expect(gap('A1', 'A')).toBeLessThanOrEqual(WINDOW_S);
    expect(gap('A2', 'A')).toBeGreaterThan(WINDOW_S);
    expect(gap('B1', 'B')).toBeGreaterThan(WINDOW_S);
    for (const mature of ['A', 'B', 'C', 'A1']) expect(through - (createdAt[mature] ?? 0)).toBeGreaterThanOrEqual(WINDOW_S * 1000);
    for (const young of ['A2', 'B1']) expect(through - (createdAt[young] ?? 0)).toBeLessThan(WINDOW_S * 1000);
  });

  it('counts the cascade shape', () => {
    expect(windowed).toMatchObject({
      contentId,
      campaign: 'launch',
      kWindowSeconds: WINDOW_S,
      links: 8,
      seedLinks: 2,
      reshares: 6,
      generationSizes: [2, 3, 3],
      depth: 2,
      maxBreadth: 3,
      seedFanout: 1.5,
    });
    // Tree S1 (n = 6): subtree sizes below its edges 3 (A), 2 (B), 1, 1, 1 → W = 3·3 + 2·4 + 3·(1·5) = 32,
    // ν = 32 / C(6,2) = 32/15. Tree S2 (n = 2): ν = 1. Node-weighted: (6·32/15 + 2·1) / 8 = 1.85.
    expect(windowed.structuralVirality).toBeCloseTo(1.85, 12);
    expect(windowed.largestCascade).toEqual({ rootCode: codes.S1, size: 6, depth: 2, structuralVirality: expect.closeTo(32 / 15, 12) });
  });

  it('computes K within the window: mature A, B, C, A1; only A1 counts (A2, B1 came too late)', () => {
    // K = 1 / 4; i = visitors of A, B, C, A1 = (2 + 0 + 2 + 1) / 4 = 1.25; c = 1 / 5 = 0.2.
    expect(windowed.kFactor).toBe(0.25);
    expect(windowed.invitesPerShare).toBe(1.25);
    expect(windowed.reshareRate).toBe(0.2);
  });

  it('computes K with kWindow=all as (L − N0 − N1) / (L − N0), and none mature under the content default', async () => {
    const all = await report('?kWindow=all');
    expect(all.kWindowSeconds).toBe('all');
    expect(all.kFactor).toBe(3 / 6);
    expect(all.invitesPerShare).toBe(5 / 6); // visitors of A, B, C, A1, A2, B1 over 6 links
    expect(all.reshareRate).toBe(3 / 5);

    const byDefault = await report();
    expect(byDefault.kWindowSeconds).toBe(86_400);
    expect(byDefault).toMatchObject({ kFactor: null, invitesPerShare: null, reshareRate: null });
  });

  it('reports each generation with its links, clicks, distinct visitors and k', () => {
    expect(windowed.perGeneration).toEqual([
      { generation: 0, links: 2, clicks: 6, uniqueVisitors: 4, k: 1.5 }, // S1 + S2: v1 v2 v3 v6
      { generation: 1, links: 3, clicks: 4, uniqueVisitors: 4, k: 1 }, // A + C: v1 v3 v5 v6
      { generation: 2, links: 3, clicks: 1, uniqueVisitors: 1, k: 0 }, // A1: v4
    ]);
  });

  it('counts clicks, visitors, first-touch reach and conversions exactly', () => {
    expect(windowed).toMatchObject({
      clicks: 11,
      botClicks: 2,
      uniqueVisitors: 6,
      seedReach: 3,
      earnedReach: 3,
      earnedClicks: 5,
      amplification: 1,
      conversions: 2, // o1 (once, though sent twice) and o2; o3's visitor never clicked
      conversionValue: 42.5,
      conversionValueByCurrency: { EUR: 42.5 },
      referrers: [{ host: 'news.example.org', clicks: 2 }],
    });
  });

  it('breaks the content down by channel, ranked by how far its shares spread downstream', () => {
    expect(windowed.channels).toEqual([
      // reshares: the links made from this channel's links (x: A, B from S1; whatsapp: A1, A2, B1; email: C).
      // downstreamLinks: the distinct links any depth below them (x: A, B, A1, A2, B1 below S1, none
      // below C or A2; whatsapp: A1, A2 below A, B1 below B; email: C), deepestSpread: the most
      // generations below one of them (S1 → A → A1: 2; A → A1, B → B1, S2 → C: 1).
      { channel: 'x', links: 3, clicks: 7, uniqueVisitors: 5, reshares: 2, downstreamLinks: 5, deepestSpread: 2 },
      { channel: 'whatsapp', links: 4, clicks: 3, uniqueVisitors: 3, reshares: 3, downstreamLinks: 3, deepestSpread: 1 },
      { channel: 'email', links: 1, clicks: 1, uniqueVisitors: 1, reshares: 1, downstreamLinks: 1, deepestSpread: 1 },
    ]);
  });

  it('breaks the clicks down by the channel they arrived through (`?via=`), ranked by re-shares, then visitors, then clicks', () => {
    expect(windowed.arrivals).toEqual([
      { channel: 'whatsapp', clicks: 4, uniqueVisitors: 3, reshares: 0 },
      { channel: 'direct', clicks: 3, uniqueVisitors: 3, reshares: 0 },
      { channel: 'email', clicks: 2, uniqueVisitors: 1, reshares: 0 },
      { channel: 'copy', clicks: 1, uniqueVisitors: 1, reshares: 0 },
      { channel: 'other', clicks: 1, uniqueVisitors: 1, reshares: 0 },
    ]);
  });

  it('attributes a visitor’s re-share to the channel they arrived through: WhatsApp spread it, copy did not', async () => {
    const spread = (await api(stack, 'GET', `/v1/contents/${spreadContentId}/report`)).body;

    expect(spread).toMatchObject({ links: 2, reshares: 1, clicks: 4, uniqueVisitors: 4 });
    expect(spread.arrivals).toEqual([
      { channel: 'whatsapp', clicks: 1, uniqueVisitors: 1, reshares: 1 },
      { channel: 'copy', clicks: 1, uniqueVisitors: 1, reshares: 0 },
      { channel: 'direct', clicks: 1, uniqueVisitors: 1, reshares: 0 },
      { channel: 'other', clicks: 1, uniqueVisitors: 1, reshares: 0 },
    ]);
    // The link's own channel (x, the one it was made for) is a different breakdown from how its maker arrived.
    expect(spread.channels.find((row: any) => row.channel === 'x')).toMatchObject({ links: 1 });
  });

  it('has the median cycle time and a timeline that adds up', () => {
    const gaps = ['A', 'B', 'C', 'A1', 'A2', 'B1']
      .map((child) => {
        const parent = { A: 'S1', B: 'S1', C: 'S2', A1: 'A', A2: 'A', B1: 'B' }[child] ?? '';
        return ((createdAt[child] ?? 0) - (createdAt[parent] ?? 0)) / 1000;
      })
      .sort((a, b) => a - b);
    expect(windowed.viralCycleTimeSeconds).toBeCloseTo(((gaps[2] ?? 0) + (gaps[3] ?? 0)) / 2, 9);

    const sum = (field: 'clicks' | 'links' | 'reshares') => windowed.timeline.reduce((total: number, bucket: any) => total + bucket[field], 0);
    expect([sum('clicks'), sum('links'), sum('reshares')]).toEqual([11, 8, 6]);
    for (const bucket of windowed.timeline) expect(bucket.start).toMatch(/T\d\d:00:00\.000Z$/);
    expect(windowed.computedAt).toEqual(expect.any(String));
  });

  it('serves the same report as CSV', async () => {
    const response = await fetch(`${stack.url}/v1/contents/${contentId}/report?kWindow=${WINDOW_S}`, {
      headers: { authorization: `Bearer ${stack.apiKey}`, accept: 'text/csv' },
    });
    const csv = await response.text();
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = csv.trim().split('\r\n');
    expect(rows[0]).toBe('section,key,metric,value');
    expect(rows).toContain('summary,,kFactor,0.25');
    expect(rows).toContain('summary,,uniqueVisitors,6');
    expect(rows).toContain('generation,1,uniqueVisitors,4');
    expect(rows).toContain('channel,whatsapp,reshares,3');
    expect(rows).toContain('channel,x,downstreamLinks,5');
    expect(rows).toContain('channel,x,deepestSpread,2');
    expect(rows).toContain('referrer,news.example.org,clicks,2');
    expect(rows).toContain('arrival,whatsapp,clicks,4');
    expect(rows).toContain('arrival,whatsapp,uniqueVisitors,3');
    const viaQuery = await fetch(`${stack.url}/v1/contents/${contentId}/report?format=csv&kWindow=${WINDOW_S}`, {
      headers: { authorization: `Bearer ${stack.apiKey}` },
    });
    expect(await viaQuery.text()).toBe(csv);
  });

  it('serves the cascade as flat nodes, parents first, with per-node clicks and visitors', async () => {
    const { body } = await api(stack, 'GET', `/v1/contents/${contentId}/cascade`);
    const byCode = new Map(body.nodes.map((node: any) => [node.code, node]));
    const shape = (code: string): unknown => {
      const node: any = byCode.get(code);
      return [code, node.clicks, node.uniqueVisitors, node.children.map(shape)];
    };
    const roots = body.nodes.filter((node: any) => node.parent === null).map((node: any) => node.code);
    expect(roots.map(shape)).toEqual([
      [
        codes.S1,
        5,
        3,
        [
          [
            codes.A,
            2,
            2,
            [
              [codes.A1, 1, 1, []],
              [codes.A2, 0, 0, []],
            ],
          ],
          [codes.B, 0, 0, [[codes.B1, 0, 0, []]]],
        ],
      ],
      [codes.S2, 1, 1, [[codes.C, 2, 2, []]]],
    ]);
    expect(body.nodes.map((node: any) => node.generation)).toEqual([0, 0, 1, 1, 1, 2, 2, 2]); // breadth-first
    expect(body.nodes[0]).toMatchObject({ code: codes.S1, sharer: 'brand', channel: 'x', parent: null });
    expect(body.nextCursor).toBeNull();

    const subtree = await api(stack, 'GET', `/v1/contents/${contentId}/cascade?root=${codes.A}`);
    expect(subtree.body.nodes.map((node: any) => node.code)).toEqual([codes.A, codes.A1, codes.A2]);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await api(stack, 'GET', `/v1/contents/${contentId}/cascade?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.body.nodes.map((node: any) => node.code));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(body.nodes.map((node: any) => node.code));
  });

  it('sums the campaign: counts added, ratios recomputed, virality node-weighted over all trees', async () => {
    const { status, body } = await api(stack, 'GET', '/v1/campaigns/launch/report?kWindow=all');
    expect(status).toBe(200);
    // + teaser: Z (seed) ── Z1; one click by v1 on Z (counted again: per-content sums).
    expect(body).toMatchObject({
      campaign: 'launch',
      contents: 2,
      links: 10,
      seedLinks: 3,
      generationSizes: [3, 4, 3],
      seedFanout: 4 / 3,
      kFactor: 3 / 7,
      clicks: 12,
      uniqueVisitors: 7,
      seedReach: 4,
      earnedReach: 3,
      amplification: 0.75,
      conversions: 2,
    });
    expect(body.structuralVirality).toBeCloseTo((6 * (32 / 15) + 2 + 2) / 10, 12);
    expect(body.largestCascade.rootCode).toBe(codes.S1);
    // x gains Z ── Z1 (both x) and v1's click on Z: links below add up (5 + 1), the deepest spread is the larger (2).
    expect(body.channels[0]).toEqual({ channel: 'x', links: 5, clicks: 8, uniqueVisitors: 6, reshares: 3, downstreamLinks: 6, deepestSpread: 2 });
    // Arrivals add per content too: v1 came to both through WhatsApp and counts in each.
    expect(body.arrivals[0]).toEqual({ channel: 'whatsapp', clicks: 5, uniqueVisitors: 4, reshares: 0 });
    expect(body.arrivals.map((row: any) => row.channel)).toEqual(['whatsapp', 'direct', 'email', 'copy', 'other']);
  });

  it('changes nothing when aggregated again with no new events', async () => {
    // kWindow=all: with a finite window, links keep maturing as time passes, as they should.
    const { computedAt: _a, eventsThrough: _b, ...before } = await report('?kWindow=all');
    aggregateNow();
    const { computedAt: _c, eventsThrough: _d, ...after } = await report('?kWindow=all');
    expect(after).toEqual(before);
  });
});
