// node --import tsx scripts/seed-cascade.ts — fills the running local stack (RIPPLE_DATA_DIR) with a
// sample cascade through its public HTTP API, then aggregates it, so the dashboard has something to
// show: the browser tests, `npm run screenshots` and anyone trying the dashboard use the same data.
//
// "Spring sale" (campaign "spring"): three seed links on x, email and linkedin; visitors who
// clicked a link re-share it (POST /v1/links/{code}/reshare, each with a visitor cookie of their
// own), five generations deep on x's side, two on email's, none on linkedin's; clicks from distinct
// visitors with referrers, one bot click, and two conversions. "Spring lookbook" is a smaller
// second content in the same campaign, so the campaign page ranks two.
//
// Over HTTP everything happens within seconds, so the time chart is one spike and K (which counts
// re-shares older than the content's 1-day window) is still empty. `seedSampleHistory` writes the
// same two trees spread over past days instead (a week for the screenshots), straight into a fresh
// stack's table with the domain's own constructors (newContent, seedLink, childLink, newClick) and
// the stores' item shapes, as the API, redirect and re-share functions would have written them.
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { pathToFileURL } from 'node:url';
import { afterRun, nextRequest, type RunOutcome, startUntilDone } from '../infra/local/aggregate-until-done.js';
import { localSettings } from '../infra/local/settings.js';
import { readRunningStack } from '../infra/local/stack-file.js';
import type { AggregationResult } from '../shared/aggregation/run-aggregation.js';
import { forEachLimit } from '../shared/concurrency.js';
import { type Click, newClick } from '../shared/domain/click.js';
import { newContent } from '../shared/domain/content.js';
import type { Conversion } from '../shared/domain/conversion.js';
import { newContentId, newLinkCode } from '../shared/domain/ids.js';
import { childLink, type Link, seedLink } from '../shared/domain/link.js';
import { clickItem } from '../shared/store/clicks.js';
import { contentItem } from '../shared/store/contents.js';
import { conversionItem } from '../shared/store/conversions.js';
import type { Db } from '../shared/store/db.js';
import { linkItem } from '../shared/store/links.js';
import { mulberry32 } from '../test/support/galton-watson.js';

export interface SeedTarget {
  /** The stack's base URL, e.g. http://127.0.0.1:3000. */
  url: string;
  apiKey: string;
}

export interface SampleContent {
  contentId: string;
  title: string;
  /** Every link's code by its sharer. */
  codes: Record<string, string>;
}

export interface SampleCascade {
  campaign: string;
  main: SampleContent;
  second: SampleContent;
  /** The aggregation's summary lines. */
  aggregated: string[];
}

/** One link of a sample tree: its sharer and channel, and the re-shares made from it. */
interface Share {
  sharer: string;
  channel: string;
  clicks: number;
  reshares?: Share[];
}

const MAIN_TREE: Share[] = [
  {
    sharer: 'alice',
    channel: 'x',
    clicks: 6,
    reshares: [
      {
        sharer: 'dave',
        channel: 'whatsapp',
        clicks: 4,
        reshares: [
          {
            sharer: 'frank',
            channel: 'x',
            clicks: 3,
            reshares: [
              {
                sharer: 'heidi',
                channel: 'email',
                clicks: 3,
                reshares: [{ sharer: 'ivan', channel: 'x', clicks: 2, reshares: [{ sharer: 'judy', channel: 'whatsapp', clicks: 2 }] }],
              },
            ],
          },
          { sharer: 'grace', channel: 'whatsapp', clicks: 2 },
        ],
      },
      { sharer: 'erin', channel: 'email', clicks: 3, reshares: [{ sharer: 'kim', channel: 'email', clicks: 1 }] },
      { sharer: 'leo', channel: 'x', clicks: 1 },
    ],
  },
  {
    sharer: 'bob',
    channel: 'email',
    clicks: 4,
    reshares: [
      { sharer: 'mia', channel: 'email', clicks: 2, reshares: [{ sharer: 'noah', channel: 'whatsapp', clicks: 1 }] },
      { sharer: 'olivia', channel: 'x', clicks: 1 },
    ],
  },
  // A seed whose shares died at once: it must not outrank the channels that spread (docs/metrics.md).
  { sharer: 'carol', channel: 'linkedin', clicks: 5 },
];

const SECOND_TREE: Share[] = [
  {
    sharer: 'pat',
    channel: 'x',
    clicks: 3,
    reshares: [
      { sharer: 'quinn', channel: 'x', clicks: 2 },
      { sharer: 'rita', channel: 'email', clicks: 1 },
    ],
  },
];

const REFERRERS = ['https://news.example.org/spring-deals', 'https://social.example.com/feed', undefined];
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const BOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

export async function seedSampleCascade(target: SeedTarget): Promise<SampleCascade> {
  const campaign = 'spring';
  const visitors = visitorCookies();
  const main = await seedContent(target, { url: 'https://shop.example.com/spring-sale', title: 'Spring sale', campaign }, MAIN_TREE, visitors);
  const second = await seedContent(target, { url: 'https://shop.example.com/lookbook', title: 'Spring lookbook', campaign }, SECOND_TREE, visitors);
  await click(target, main.codes.alice ?? '', { userAgent: BOT });
  await convert(target, { code: main.codes.heidi, externalId: `order-${main.contentId}-1`, value: 49.9, currency: 'EUR' });
  await convert(target, { code: main.codes.mia, externalId: `order-${main.contentId}-2`, value: 19, currency: 'EUR' });
  const aggregated = await aggregateUntilDone(target.url);
  return { campaign, main, second, aggregated };
}

// Seeds are minted with the key; every re-share is made by a visitor who clicked its parent.
async function seedContent(
  target: SeedTarget,
  input: { url: string; title: string; campaign: string },
  tree: Share[],
  visitors: () => string,
): Promise<SampleContent> {
  const content = await call(target, 'POST', '/v1/contents', input);
  const codes: Record<string, string> = {};
  const grow = async (share: Share, code: string) => {
    codes[share.sharer] = code;
    for (let index = 0; index < share.clicks; index++) {
      await click(target, code, { cookie: visitors(), referer: REFERRERS[index % REFERRERS.length] });
    }
    for (const reshare of share.reshares ?? []) {
      const visitor = visitors();
      await click(target, code, { cookie: visitor });
      const child = await call(
        target,
        'POST',
        `/v1/links/${code}/reshare`,
        { sharer: reshare.sharer, channel: reshare.channel },
        { cookie: visitor, key: null },
      );
      await grow(reshare, child.code as string);
    }
  };
  for (const seed of tree) {
    const link = await call(target, 'POST', `/v1/contents/${content.id}/links`, { sharer: seed.sharer, channel: seed.channel });
    await grow(seed, link.code as string);
  }
  return { contentId: content.id as string, title: input.title, codes };
}

// A distinct visitor each time (the rpl_vid cookie the redirect would have set: h_ + 22 characters).
function visitorCookies(): () => string {
  const run = Date.now().toString(36);
  let next = 0;
  return () => `rpl_vid=h_${`${run}x${(next++).toString(36)}`.padStart(22, '0')}`;
}

async function click(target: SeedTarget, code: string, options: { cookie?: string; referer?: string | undefined; userAgent?: string }): Promise<void> {
  const response = await fetch(`${target.url}/${code}`, {
    redirect: 'manual',
    headers: {
      'user-agent': options.userAgent ?? BROWSER,
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.referer ? { referer: options.referer } : {}),
    },
  });
  await response.arrayBuffer();
  if (response.status !== 302) throw new Error(`GET /${code} answered ${response.status}, not a redirect`);
}

const convert = (target: SeedTarget, body: Record<string, unknown>) => call(target, 'POST', '/v1/conversions', body);

async function call(
  target: SeedTarget,
  method: string,
  path: string,
  body: unknown,
  options: { cookie?: string; key?: null } = {},
): Promise<Record<string, unknown>> {
  const response = await fetch(`${target.url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      'user-agent': BROWSER,
      ...(options.key === null ? {} : { authorization: `Bearer ${target.apiKey}` }),
      ...(options.cookie ? { cookie: options.cookie } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/**
 * Aggregates the stack through now, calling `POST /_local/aggregate` with the same `until` until
 * the answer says everything is in (the decisions of `npm run aggregate`: aggregate-until-done.ts).
 */
export async function aggregateUntilDone(url: string, options: { waitMs?: number } = {}): Promise<string[]> {
  let state = startUntilDone({ until: new Date().toISOString(), waitMs: options.waitMs ?? 120_000, retryMs: 250 });
  for (;;) {
    const after = afterRun(state, await aggregateOnce(url, nextRequest(state)), Date.now());
    state = after.state;
    const { decision } = after;
    if (decision.next === 'finish') return decision.summary;
    if (decision.next === 'give-up') throw new Error(decision.message);
    if (decision.next === 'wait') await new Promise((resolve) => setTimeout(resolve, decision.ms));
  }
}

async function aggregateOnce(url: string, request: ReturnType<typeof nextRequest>): Promise<RunOutcome> {
  try {
    const response = await fetch(`${url}/_local/aggregate`, { method: 'POST', body: JSON.stringify(request) });
    const result = (await response.json().catch(() => null)) as AggregationResult | null;
    if (!response.ok || !result) return { kind: 'failed', message: `the stack answered HTTP ${response.status}` };
    return { kind: 'result', result };
  } catch (error) {
    return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
}

const HOUR_MS = 3_600_000;
const REFERRER_HOSTS = ['news.example.org', 'social.example.com', null];

/**
 * The same sample, spread over the `days` before `now` and written straight to the table of a
 * stack that has not aggregated yet (a run's watermark would leave older events behind), then
 * aggregated. Clicks are three times the HTTP sample's, over the days after each link.
 */
export async function seedSampleHistory(target: SeedTarget, db: Db, workspaceId: string, options: { now?: Date; days?: number } = {}): Promise<SampleCascade> {
  const now = (options.now ?? new Date()).getTime();
  const history = startHistory(workspaceId, now - (options.days ?? 10) * 24 * HOUR_MS, now);
  const campaign = 'spring';
  const { clicks, ...main } = growHistory(history, { url: 'https://shop.example.com/spring-sale', title: 'Spring sale', campaign }, MAIN_TREE);
  const { clicks: _second, ...second } = growHistory(history, { url: 'https://shop.example.com/lookbook', title: 'Spring lookbook', campaign }, SECOND_TREE);
  // Two orders, an hour after two people's clicks (one on a deep re-share).
  const buyers = [clicks.find((click) => click.code === main.codes.heidi), clicks.find((click) => click.code === main.codes.mia)];
  buyers.forEach((click, index) => click && history.items.push(historyConversion(workspaceId, main.contentId, click, index, now)));
  await writeItems(db, history.items);
  const aggregated = await aggregateUntilDone(target.url);
  return { campaign, main, second, aggregated };
}

interface History {
  workspaceId: string;
  startMs: number;
  now: number;
  random: () => number;
  /** A new visitor id each time (as the redirect's cookie holds it). */
  visitor: () => string;
  /** The table items to write. */
  items: Record<string, unknown>[];
}

function startHistory(workspaceId: string, startMs: number, now: number): History {
  let next = 0;
  return { workspaceId, startMs, now, random: mulberry32(42), visitor: () => `h_${`history${(next++).toString(36)}`.padStart(22, '0')}`, items: [] };
}

// One content and its tree: seeds five hours apart, each re-share made by a visitor some hours
// after they clicked its parent, clicks over the four days after each link, one crawler's click.
function growHistory(history: History, input: { url: string; title: string; campaign: string }, tree: Share[]): SampleContent & { clicks: Click[] } {
  const { random, items, visitor, startMs, now } = history;
  const content = newContent(newContentId(), history.workspaceId, { ...input, refParam: 'ref', kWindowSeconds: 86_400 }, new Date(startMs));
  items.push(contentItem(content));
  const codes: Record<string, string> = {};
  const clicks: Click[] = [];
  const clickOn = (link: Link, at: number, visitorId = visitor(), bot = false) => {
    const visit = {
      visitorId,
      bot,
      device: bot ? 'unknown' : random() < 0.6 ? 'mobile' : 'desktop',
      referrerHost: REFERRER_HOSTS[Math.floor(random() * 3)] ?? null,
    } as const;
    const click = newClick(link, visit, new Date(Math.min(at, now - 60_000)));
    clicks.push(click);
    items.push(clickItem(click, 180 * 86_400));
  };
  const place = (share: Share, link: Link) => {
    codes[share.sharer] = link.code;
    items.push(linkItem(link));
    const born = Date.parse(link.createdAt);
    for (let index = 0; index < share.clicks * 3; index++) clickOn(link, born + random() * 4 * 24 * HOUR_MS);
    for (const reshare of share.reshares ?? []) {
      const clickedAt = born + (2 + random() * 20) * HOUR_MS;
      const sharer = visitor();
      clickOn(link, clickedAt, sharer);
      place(
        reshare,
        childLink(link, newLinkCode(), { sharer: reshare.sharer, channel: reshare.channel }, new Date(clickedAt + (0.5 + random() * 6) * HOUR_MS), sharer),
      );
    }
  };
  tree.forEach((seed, index) => {
    const link = seedLink(content, newLinkCode(), { sharer: seed.sharer, channel: seed.channel }, new Date(startMs + HOUR_MS + index * 5 * HOUR_MS));
    place(seed, link);
    if (index === 0) clickOn(link, Date.parse(link.createdAt) + HOUR_MS, visitor(), true);
  });
  return { contentId: content.id, title: input.title, codes, clicks };
}

// A conversion the shop reported an hour after a click, attributed by its link (as POST /v1/conversions stores it).
function historyConversion(workspaceId: string, contentId: string, click: Click, index: number, now: number) {
  const conversion: Conversion = {
    workspaceId,
    externalId: `order-${contentId}-${index + 1}`,
    code: click.code,
    visitorId: null,
    contentId,
    value: [49.9, 19][index] ?? 10,
    currency: 'EUR',
    createdAt: new Date(Math.min(Date.parse(click.at) + HOUR_MS, now - 30_000)).toISOString(),
  };
  return conversionItem(conversion);
}

async function writeItems(db: Db, items: Record<string, unknown>[]): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let index = 0; index < items.length; index += 25) batches.push(items.slice(index, index + 25));
  await forEachLimit(batches, 4, async (batch) => {
    let pending: Record<string, unknown>[] = batch.map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const result = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.table]: pending as never } }));
      pending = (result.UnprocessedItems?.[db.table] ?? []) as Record<string, unknown>[];
    }
  });
}

// As a command: the stack `npm start` runs on RIPPLE_DATA_DIR, with the key it keeps there.
async function main(): Promise<number> {
  const { dataDir, apiKey } = localSettings();
  const stack = readRunningStack(dataDir);
  if (!stack) {
    console.error(`No local Ripple stack is running on ${dataDir}: start it with npm start (or set RIPPLE_DATA_DIR)`);
    return 1;
  }
  const { readFile } = await import('node:fs/promises');
  const key = apiKey ?? (await readFile(`${dataDir}/api-key`, 'utf8')).trim();
  const sample = await seedSampleCascade({ url: stack.apiUrl, apiKey: key });
  for (const line of sample.aggregated) console.log(line);
  for (const content of [sample.main, sample.second]) {
    console.log(`${content.title}: ${Object.keys(content.codes).length} links — ${stack.apiUrl}/app/contents/${content.contentId}`);
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main().catch((error: unknown) => {
    console.error(`Seeding the sample cascade failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  });
}
