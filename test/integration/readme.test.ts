import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type LocalStack, REPO_ROOT, startLocalStack } from '../support/local-stack.js';

// The README's walkthrough, run as written, so the docs cannot drift from the product.
const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const walkthrough = /### Walkthrough[\s\S]*?```bash\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
const webhooksWalkthrough = /### Webhooks walkthrough[\s\S]*?```bash\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
const importExample = /### Import an existing cascade[\s\S]*?```bash\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';

// Plain `bash`, as a reader's shell would run a pasted block: stopping on a failure is the block's own doing.
function runBlock(block: string, env: Record<string, string>) {
  return spawnSync('bash', ['-c', block], { cwd: REPO_ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
}

let stack: LocalStack;
let workdir: string;

beforeAll(async () => {
  workdir = mkdtempSync(join(tmpdir(), 'ripple-readme-'));
  stack = await startLocalStack({ dataDir: join(workdir, '.ripple'), env: { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0', RIPPLE_ALLOW_PRIVATE_WEBHOOKS: '1' } });
});
afterAll(async () => {
  await stack?.stop();
});

it('runs the README walkthrough end to end', () => {
  expect(walkthrough).toContain('/reshare');

  const run = runBlock(walkthrough, { API: stack.url, RIPPLE_DATA_DIR: stack.dataDir });

  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/HTTP\/1\.1 302/);
  expect(run.stdout).toMatch(/location: https:\/\/shop\.example\.com\/spring\?utm_source=mail&ref=[0-9A-Za-z]{10}#buy/);
  expect(run.stdout).toMatch(/"generation":1/);
  expect(run.stdout).toMatch(/"clicks":1,"botClicks":0,"uniqueVisitors":1,"reshares":1,"countsAsOf":"live"/);
  expect(run.stdout).toMatch(/Aggregated \d+ events/);
  const report = run.stdout.split('\n').find((line) => line.startsWith('{"contentId"'));
  expect(JSON.parse(report ?? '{}')).toMatchObject({ links: 2, seedLinks: 1, reshares: 1, generationSizes: [1, 1], clicks: 1, uniqueVisitors: 1, kFactor: 0 });
  expect(run.stdout).toContain('section,key,metric,value');
  expect(run.stdout).toMatch(/"nodes":\[\{"code":"[0-9A-Za-z]{10}"/);
});

it('stops the walkthrough at a broken step instead of going on with `undefined`', () => {
  const badKeyDir = join(workdir, 'bad-key');
  mkdirSync(badKeyDir, { recursive: true });
  writeFileSync(join(badKeyDir, 'api-key'), 'rpl_local_not_a_key');

  const run = runBlock(walkthrough, { API: stack.url, RIPPLE_DATA_DIR: badKeyDir });

  expect(run.status).not.toBe(0);
  expect(run.stderr).toMatch(/no "id" in: \{"error":\{"code":"unauthorized"/);
  expect(run.stdout).not.toContain('undefined');
  expect(run.stdout).not.toMatch(/HTTP\/1\.1/); // step 3 never ran
});

it('runs the README webhooks walkthrough twice in one shell: one verified event per crossing, cleaned up each time', async () => {
  expect(readme).toMatch(/RIPPLE_ALLOW_PRIVATE_WEBHOOKS`\s+is off by default/);
  expect(stack.output()).toMatch(/Webhooks:\s+private targets allowed/);
  const hookPort = await freePort();

  const run = runBlock(`${webhooksWalkthrough}\n${webhooksWalkthrough}`, { API: stack.url, RIPPLE_DATA_DIR: stack.dataDir, HOOK_PORT: String(hookPort) });

  expect(run.status, run.stderr).toBe(0);
  const received = run.stdout
    .split('\n')
    .filter((line) => line.startsWith('{"id"'))
    .map((line) => JSON.parse(line));
  const crossing = {
    id: expect.stringMatching(/^evt_/),
    type: 'content.threshold_crossed',
    data: expect.objectContaining({ metric: 'reshares', threshold: 3, value: 3 }),
  };
  expect(received, run.stdout).toEqual([crossing, crossing]);
  const deliveries = run.stdout
    .split('\n')
    .filter((line) => line.startsWith('{"items"'))
    .map((line) => JSON.parse(line));
  expect(deliveries.map((page) => page.items)).toEqual(
    received.map((event) => [expect.objectContaining({ eventId: event.id, outcome: 'delivered', responseCode: 204 })]),
  );
  expect(run.stdout).toMatch(/"attempt":\{[^}]*"outcome":"delivered"/);
  expect(run.stdout.match(/^unsubscribed: 200$/gm)).toHaveLength(2);
  const left = await fetch(`${stack.url}/v1/webhooks`, { headers: { authorization: `Bearer ${stack.apiKey}` } });
  expect(((await left.json()) as { items: unknown[] }).items).toEqual([]);
});

it('says how to allow a local receiver when the stack refuses private webhook targets', async () => {
  const strict = await startLocalStack({ dataDir: join(workdir, '.ripple-strict'), env: { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0' } });
  try {
    expect(strict.output()).toMatch(/Webhooks:\s+private targets refused .*RIPPLE_ALLOW_PRIVATE_WEBHOOKS=1/);

    const run = runBlock(webhooksWalkthrough, { API: strict.url, RIPPLE_DATA_DIR: strict.dataDir, HOOK_PORT: String(await freePort()) });

    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('"code":"invalid_target"');
    expect(run.stderr).toContain('set RIPPLE_ALLOW_PRIVATE_WEBHOOKS=1 on a local stack');
    expect(run.stderr).toContain('start it with RIPPLE_ALLOW_PRIVATE_WEBHOOKS=1 npm start');
    expect(run.stderr).not.toMatch(/usage/i);
  } finally {
    await strict.stop();
  }
});

it('runs the README import example: the TSV tree in, each ref with its code, reported as made in March', async () => {
  expect(importExample).toContain('docs/examples/cascade.tsv');

  const run = runBlock(importExample, { API: stack.url, RIPPLE_DATA_DIR: stack.dataDir });

  expect(run.status, run.stderr).toBe(0);
  const lines = run.stdout.split('\n');
  const mapping = lines.filter((line) => /^\w+\t[0-9A-Za-z]{10}\t/.test(line)).map((line) => line.split('\t'));
  expect(mapping.map(([ref]) => ref)).toEqual(['brand', 'alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace']);
  for (const [, code, shortUrl] of mapping) expect(shortUrl).toBe(`${stack.url}/${code}`);
  const report = JSON.parse(lines.find((line) => line.startsWith('{"contentId"')) ?? '{}');
  // alice's children within a day: carol (7 h 50) and dave (22 h 15); carol's: frank (15 h 05); bob's
  // erin and dave's grace came later. Seven mature re-share links, three children counted.
  expect(report).toMatchObject({ links: 8, seedLinks: 1, reshares: 7, generationSizes: [1, 2, 3, 2], depth: 3, kFactor: 3 / 7 });
  const series = JSON.parse(lines.find((line) => line.startsWith('{"contentId"') && line.includes('"buckets"')) ?? '{}');
  const linksByDay = Object.fromEntries(
    series.buckets
      .filter((bucket: { links: number }) => bucket.links > 0)
      .map((bucket: { start: string; links: number }) => [bucket.start.slice(0, 10), bucket.links]),
  );
  expect(linksByDay).toEqual({ '2026-03-02': 4, '2026-03-03': 2, '2026-03-04': 1, '2026-03-05': 1 });

  // The same file again: every batch replayed under its key, the same codes, nothing new.
  const contentId = report.contentId as string;
  const again = await promisify(execFile)('npm', ['run', '-s', 'import', '--', contentId, 'docs/examples/cascade.tsv'], {
    cwd: REPO_ROOT,
    env: { ...process.env, RIPPLE_DATA_DIR: stack.dataDir },
  });
  expect(
    again.stdout
      .trim()
      .split('\n')
      .map((line) => line.split('\t')),
  ).toEqual(mapping);
  const listed = await fetch(`${stack.url}/v1/contents/${contentId}/links?limit=100`, { headers: { authorization: `Bearer ${stack.apiKey}` } });
  expect(((await listed.json()) as { items: unknown[] }).items).toHaveLength(8);
});

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
