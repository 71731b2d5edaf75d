import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type LocalStack, REPO_ROOT, startLocalStack } from '../support/local-stack.js';

// The README's walkthrough, run as written, so the docs cannot drift from the product.
const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const walkthrough = /### Walkthrough[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';

let stack: LocalStack;
let workdir: string;

beforeAll(async () => {
  workdir = mkdtempSync(join(tmpdir(), 'ripple-readme-'));
  stack = await startLocalStack({ dataDir: join(workdir, '.ripple'), env: { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0' } });
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
