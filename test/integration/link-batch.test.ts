import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/http.js';
import { type LocalStack, REPO_ROOT, startLocalStack } from '../support/local-stack.js';

// POST /v1/contents/{id}/links/batch through HTTP against a local stack (docs/contract.md §7): a
// tree imported with refs, codes in request order, nothing written unless every item is right,
// Idempotency-Key replays, and imported links older than the feed checkpoint still aggregated.
let stack: LocalStack;

const DAY_MS = 86_400_000;
const daysAgo = (days: number, hours = 0) => new Date(Date.now() - days * DAY_MS + hours * 3_600_000).toISOString();

beforeAll(async () => {
  // No timer: this file runs the aggregation itself, when it wants the checkpoint to move.
  stack = await startLocalStack({ env: { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0' } });
});
afterAll(async () => {
  await stack?.stop();
});

async function newContent(body: Record<string, unknown> = {}) {
  const response = await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/import', ...body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
}

const batch = (contentId: string, links: unknown[], key?: string) =>
  api(stack, 'POST', `/v1/contents/${contentId}/links/batch`, { links }, key ? { headers: { 'idempotency-key': key } } : {});

async function listedCodes(contentId: string): Promise<string[]> {
  const codes: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await api(stack, 'GET', `/v1/contents/${contentId}/links?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    codes.push(...page.body.items.map((link: { code: string }) => link.code));
    cursor = page.body.nextCursor;
  } while (cursor);
  return codes;
}

// Not spawnSync: a blocked event loop would keep this process's idle keep-alive connections open
// past the server's timeout, and the next request would go out on a closed one.
async function aggregateNow() {
  await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/aggregate.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, RIPPLE_DATA_DIR: stack.dataDir },
  });
}

// A tree: each item's parent an earlier one (by ref), made hours ago; if an existing link is given,
// every tenth item goes under it instead, stamped when written (the existing link is younger).
interface TreeItem {
  ref: string;
  sharer: string;
  channel: string;
  parent?: string | { ref: string };
  createdAt?: string;
}

function aTree(size: number, existingParent?: string): TreeItem[] {
  const parentOf = (index: number) => {
    const parent = Math.floor((index - 1) / 3);
    return existingParent && parent > 0 && parent % 10 === 0 ? parent - 1 : parent;
  };
  return Array.from({ length: size }, (_, index) => ({
    ref: `r${index}`,
    sharer: `sharer-${index}`,
    channel: index % 2 ? 'email' : 'x',
    ...(index === 0
      ? { createdAt: daysAgo(5) }
      : index % 10 === 0 && existingParent
        ? { parent: existingParent }
        : { parent: { ref: `r${parentOf(index)}` }, createdAt: daysAgo(5, index / 100) }),
  }));
}

describe('importing a batch of links', () => {
  it('creates every link in request order, parents from refs or codes, each ref echoed', async () => {
    const contentId = await newContent({ createdAt: daysAgo(30) });
    const seed = (await api(stack, 'POST', `/v1/contents/${contentId}/links`, {})).body;
    const links = aTree(1_000, seed.code);

    const response = await batch(contentId, links);

    expect(response.status, JSON.stringify(response.body).slice(0, 500)).toBe(201);
    const items = response.body.items as {
      code: string;
      ref: string;
      parent: string | null;
      rootCode: string;
      generation: number;
      createdAt: string;
      sharer: string;
    }[];
    expect(items.map((item) => item.ref)).toEqual(links.map((link) => link.ref));
    expect(items.map((item) => item.sharer)).toEqual(links.map((link) => link.sharer));
    links.forEach((link, index) => {
      if (link.createdAt) expect(items[index]?.createdAt).toBe(link.createdAt);
      else expect(Date.parse(items[index]?.createdAt ?? '')).toBeGreaterThanOrEqual(Date.parse(seed.createdAt));
    });
    expect(items[0]).toMatchObject({ parent: null, generation: 0 });
    expect(items[1]).toMatchObject({ parent: items[0]?.code, rootCode: items[0]?.code, generation: 1 });
    expect(items[10]).toMatchObject({ parent: seed.code, rootCode: seed.code, generation: 1 });
    expect(items[31]).toMatchObject({ parent: items[9]?.code, generation: 3 });
    expect(new Set(items.map((item) => item.code)).size).toBe(1_000);
    expect((await listedCodes(contentId)).sort()).toEqual([seed.code, ...items.map((item) => item.code)].sort());
    const one = await api(stack, 'GET', `/v1/links/${items[31]?.code}`);
    expect(one.body).toMatchObject({ code: items[31]?.code, parent: items[9]?.code, createdAt: links[31]?.createdAt });
  });

  it('writes nothing when one item is wrong, and says which', async () => {
    const contentId = await newContent({ createdAt: daysAgo(30) });
    const links = aTree(40, 'Unknown001');

    const response = await batch(contentId, links);

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_error');
    expect(response.body.error.issues).toEqual([10, 20, 30].map((index) => ({ path: ['links', index, 'parent'], message: 'is not a link of this content' })));
    expect(await listedCodes(contentId)).toEqual([]);
  });

  it('refuses 1,001 links, a time in the future or before the content, and a body that is not a batch', async () => {
    const contentId = await newContent();
    const cases = [
      [Array.from({ length: 1_001 }, () => ({})), ['links']],
      [
        [{}, { createdAt: new Date(Date.now() + 3_600_000).toISOString() }],
        ['links', 1, 'createdAt'],
      ],
      [[{ createdAt: daysAgo(1) }], ['links', 0, 'createdAt']],
    ] as const;

    for (const [links, path] of cases) {
      const response = await batch(contentId, [...links]);
      expect(response.status).toBe(400);
      expect(response.body.error.issues.map((issue: { path: unknown }) => issue.path)).toEqual([path]);
    }
    expect((await api(stack, 'POST', `/v1/contents/${contentId}/links/batch`, [{}])).status).toBe(400);
    expect(await listedCodes(contentId)).toEqual([]);
  });

  it('answers 404 for an unknown content and 410 for an inactive one, writing nothing', async () => {
    const inactive = await newContent();
    await api(stack, 'PATCH', `/v1/contents/${inactive}`, { active: false });

    expect((await batch('cnt_AAAAAAAAAAAAAAAAAAAAA', [{}])).status).toBe(404);
    const gone = await batch(inactive, [{}]);
    expect(gone.status).toBe(410);
    expect(gone.body.error.code).toBe('gone');
    expect(await listedCodes(inactive)).toEqual([]);
  });
});

describe('retrying a batch', () => {
  it('with the same Idempotency-Key and body replays it: the same codes, nothing created twice', async () => {
    const contentId = await newContent({ createdAt: daysAgo(30) });
    const links = aTree(30);

    const first = await batch(contentId, links, 'import-2026-03');
    const again = await batch(contentId, links, 'import-2026-03');

    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await listedCodes(contentId)).sort()).toEqual(first.body.items.map((item: { code: string }) => item.code).sort());
  });

  it('with the same key and another body is a 409, and creates nothing', async () => {
    const contentId = await newContent();
    await batch(contentId, [{ sharer: 'alice' }], 'import-conflict');

    const other = await batch(contentId, [{ sharer: 'bob' }], 'import-conflict');

    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('conflict');
    expect(await listedCodes(contentId)).toHaveLength(1);
  });

  it('without a key creates again (the documented trade-off)', async () => {
    const contentId = await newContent();

    await batch(contentId, [{ sharer: 'alice' }]);
    await batch(contentId, [{ sharer: 'alice' }]);

    expect(await listedCodes(contentId)).toHaveLength(2);
  });
});

describe('imported links and the aggregation', () => {
  it('aggregates links whose createdAt lies behind the feed checkpoint, each counted in its claimed hour', async () => {
    const contentId = await newContent({ createdAt: daysAgo(30), kWindowSeconds: 3_600 });
    await api(stack, 'POST', `/v1/contents/${contentId}/links`, {});
    await aggregateNow(); // the checkpoint is now past every time the import below claims
    const before = (await api(stack, 'GET', `/v1/contents/${contentId}/report`)).body;
    expect(before).toMatchObject({ links: 1, seedLinks: 1 });
    const seedAt = daysAgo(20);
    const childAt = new Date(Date.parse(seedAt) + 20 * 60_000).toISOString();
    const grandchildAt = new Date(Date.parse(childAt) + 30 * 60_000).toISOString();

    const imported = await batch(contentId, [
      { ref: 'seed', createdAt: seedAt, channel: 'email' },
      { ref: 'child', parent: { ref: 'seed' }, createdAt: childAt },
      { parent: { ref: 'child' }, createdAt: grandchildAt },
    ]);
    expect(imported.status).toBe(201);
    await aggregateNow();

    const report = (await api(stack, 'GET', `/v1/contents/${contentId}/report`)).body;
    expect(report).toMatchObject({ links: 4, seedLinks: 2, reshares: 2, generationSizes: [2, 1, 1], depth: 2 });
    // Both re-share links are older than the 1-hour window, so mature: K = 1 child within the hour / 2.
    expect(report).toMatchObject({ kFactor: 0.5, viralCycleTimeSeconds: (20 * 60 + 30 * 60) / 2 });
    const hour = (at: string) => `${at.slice(0, 13)}:00:00Z`;
    const series = (
      await api(
        stack,
        'GET',
        `/v1/contents/${contentId}/series?from=${hour(seedAt)}&to=${new Date(Date.parse(hour(seedAt)) + 4 * 3_600_000).toISOString()}&interval=hour`,
      )
    ).body;
    const linksByHour = Object.fromEntries(
      series.buckets
        .filter((bucket: { links: number }) => bucket.links > 0)
        .map((bucket: { start: string; links: number; reshares: number }) => [bucket.start, [bucket.links, bucket.reshares]]),
    );
    const expected: Record<string, [number, number]> = {};
    for (const [at, reshare] of [
      [seedAt, 0],
      [childAt, 1],
      [grandchildAt, 1],
    ] as const) {
      const key = hour(at);
      const [links, reshares] = expected[key] ?? [0, 0];
      expected[key] = [links + 1, reshares + reshare];
    }
    expect(linksByHour).toEqual(expected);
  });
});
