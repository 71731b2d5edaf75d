import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type LocalStack, REPO_ROOT, startLocalStack } from '../support/local-stack.js';

// The README's walkthrough, run as written, so the docs cannot drift from the product.
const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const walkthrough = /### Walkthrough[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
const webhooksWalkthrough = /### Webhooks walkthrough[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';

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

  const run = spawnSync('bash', ['-euo', 'pipefail', '-c', walkthrough], {
    cwd: REPO_ROOT,
    env: { ...process.env, API: stack.url, RIPPLE_DATA_DIR: stack.dataDir },
    encoding: 'utf8',
  });

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

it('runs the README webhooks walkthrough: one verified event for one crossing', async () => {
  expect(readme).toMatch(/RIPPLE_ALLOW_PRIVATE_WEBHOOKS`\s+is off by default/);
  const hookPort = await freePort();

  const run = spawnSync('bash', ['-euo', 'pipefail', '-c', webhooksWalkthrough], {
    cwd: REPO_ROOT,
    env: { ...process.env, API: stack.url, RIPPLE_DATA_DIR: stack.dataDir, HOOK_PORT: String(hookPort) },
    encoding: 'utf8',
    timeout: 60_000,
  });

  expect(run.status, run.stderr).toBe(0);
  const received = run.stdout
    .split('\n')
    .filter((line) => line.startsWith('{"id"'))
    .map((line) => JSON.parse(line));
  expect(received, run.stdout).toEqual([
    { id: expect.stringMatching(/^evt_/), type: 'content.threshold_crossed', data: expect.objectContaining({ metric: 'reshares', threshold: 3, value: 3 }) },
  ]);
  const deliveries = JSON.parse(run.stdout.split('\n').find((line) => line.startsWith('{"items"')) ?? '{}');
  expect(deliveries.items).toEqual([expect.objectContaining({ eventId: received[0].id, outcome: 'delivered', responseCode: 204 })]);
  expect(run.stdout).toMatch(/"attempt":\{[^}]*"outcome":"delivered"/);
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
