import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_WORKSPACE_ID } from '../../infra/local/local-workspace.js';
import { api } from '../support/http.js';
import { type LocalStack, REPO_ROOT, startLocalStack } from '../support/local-stack.js';
import { type SyntheticEvents, syntheticEvents, writeEvents } from '../support/synthetic-events.js';

// Series over the whole life of a content, through HTTP. The events are synthetic, stamped across
// the night Berlin moves its clocks forward (2026-03-29, 02:00 → 03:00 local), written to the
// stack's table, aggregated with `npm run aggregate`, and the buckets compared with counts made
// here independently from the events' own times.
const CONTENT = 'cnt_seriesContent0000000A';
let stack: LocalStack;
let events: SyntheticEvents;

const localDay = (at: string, timeZone: string) => new Date(at).toLocaleDateString('en-CA', { timeZone });
function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

beforeAll(async () => {
  stack = await startLocalStack();
  events = syntheticEvents({
    randomSeed: 29,
    workspaceId: LOCAL_WORKSPACE_ID,
    contentId: CONTENT,
    links: 60,
    clicks: 400,
    visitors: 90,
    conversions: 8,
    startMs: Date.parse('2026-03-28T20:00:00.000Z'),
  });
  await writeEvents(stack.db(), events);
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/aggregate.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, RIPPLE_DATA_DIR: stack.dataDir },
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
}, 60_000);
afterAll(async () => {
  await stack?.stop();
});

describe('a content’s series', () => {
  const range = 'from=2026-03-27&to=2026-04-01';

  it('buckets human clicks, links and re-shares by local day in the asked time zone, DST included', async () => {
    const { status, body } = await api(stack, 'GET', `/v1/contents/${CONTENT}/series?${range}&interval=day&tz=Europe/Berlin`);

    expect(status).toBe(200);
    expect(body).toMatchObject({
      contentId: CONTENT,
      interval: 'day',
      tz: 'Europe/Berlin',
      from: '2026-03-27T00:00:00+01:00',
      to: '2026-04-01T00:00:00+02:00',
    });
    expect(body.buckets.map((bucket: { start: string }) => bucket.start)).toEqual([
      '2026-03-27T00:00:00+01:00',
      '2026-03-28T00:00:00+01:00',
      '2026-03-29T00:00:00+01:00',
      '2026-03-30T00:00:00+02:00',
      '2026-03-31T00:00:00+02:00',
    ]);
    const byDay = (field: string) => Object.fromEntries(body.buckets.filter((b: any) => b[field] > 0).map((b: any) => [b.start.slice(0, 10), b[field]]));
    const human = events.clicks.filter((click) => !click.bot);
    expect(byDay('clicks')).toEqual(countBy(human, (click) => localDay(click.at, 'Europe/Berlin')));
    expect(byDay('botClicks')).toEqual(
      countBy(
        events.clicks.filter((click) => click.bot),
        (click) => localDay(click.at, 'Europe/Berlin'),
      ),
    );
    expect(byDay('links')).toEqual(countBy(events.links, (link) => localDay(link.createdAt, 'Europe/Berlin')));
    expect(byDay('reshares')).toEqual(
      countBy(
        events.links.filter((link) => link.generation > 0),
        (link) => localDay(link.createdAt, 'Europe/Berlin'),
      ),
    );
    const firstTouch = new Map<string, string>();
    for (const click of [...human].sort((a, b) => (a.at < b.at ? -1 : 1))) if (!firstTouch.has(click.visitorId)) firstTouch.set(click.visitorId, click.at);
    expect(byDay('newVisitors')).toEqual(countBy([...firstTouch.values()], (at) => localDay(at, 'Europe/Berlin')));
  });

  it('has a 23-hour day where the clocks move forward, and counts every event once', async () => {
    const { body } = await api(stack, 'GET', `/v1/contents/${CONTENT}/series?${range}&interval=hour&tz=Europe/Berlin`);

    const hours = body.buckets.map((bucket: { start: string }) => bucket.start);
    expect(hours.filter((start: string) => start.startsWith('2026-03-29'))).toHaveLength(23);
    expect(hours).not.toContain('2026-03-29T02:00:00+01:00');
    const total = body.buckets.reduce((sum: number, bucket: { clicks: number }) => sum + bucket.clicks, 0);
    expect(total).toBe(events.clicks.filter((click) => !click.bot).length);
  });

  it('gives the same-length previous period beside it with compare=previous', async () => {
    const { body } = await api(stack, 'GET', `/v1/contents/${CONTENT}/series?from=2026-03-29&to=2026-03-31&tz=UTC&compare=previous`);

    expect(body.buckets.map((bucket: { start: string }) => bucket.start)).toEqual(['2026-03-29T00:00:00Z', '2026-03-30T00:00:00Z']);
    expect(body.previous.map((bucket: { start: string }) => bucket.start)).toEqual(['2026-03-27T00:00:00Z', '2026-03-28T00:00:00Z']);
    const utcDays = countBy(
      events.clicks.filter((click) => !click.bot),
      (click) => click.at.slice(0, 10),
    );
    expect(body.previous[1].clicks).toBe(utcDays['2026-03-28'] ?? 0);
    expect(body.buckets[0].clicks).toBe(utcDays['2026-03-29'] ?? 0);
  });

  it('answers CSV for format=csv, and sums a campaign’s contents', async () => {
    const csv = await fetch(`${stack.url}/v1/contents/${CONTENT}/series?${range}&format=csv`, { headers: { authorization: `Bearer ${stack.apiKey}` } });
    const campaign = await api(stack, 'GET', `/v1/campaigns/synthetic/series?${range}&interval=month`);

    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await csv.text()).split('\r\n')[0]).toBe('start,end,clicks,botClicks,newVisitors,links,reshares,conversions,conversionValue');
    expect(campaign.body).toMatchObject({ campaign: 'synthetic', contents: 1 });
    expect(campaign.body.buckets.reduce((sum: number, bucket: { conversions: number }) => sum + bucket.conversions, 0)).toBe(events.conversions.length);
  });

  it.each([
    ['from after to', 'from=2026-03-30&to=2026-03-29', 'from'],
    ['more than 10,000 buckets', 'from=2020-01-01&to=2026-01-01&interval=hour', 'interval'],
    ['an unknown time zone', 'tz=Mars/Olympus', 'tz'],
    ['an unknown interval', 'interval=fortnight', 'interval'],
  ])('refuses %s with a 400 that says what is allowed', async (_what, query, field) => {
    const { status, body } = await api(stack, 'GET', `/v1/contents/${CONTENT}/series?${query}`);

    expect(status).toBe(400);
    expect(body.error.code).toBe('validation_error');
    expect(body.error.issues[0].path).toEqual([field]);
  });
});
