import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { aggregateCommand } from '../support/aggregate-command.js';
import { api, visit } from '../support/http.js';
import { type LocalStack, startLocalStack } from '../support/local-stack.js';

// `npm run aggregate` on a stack whose runs are too short to take in everything at once: small
// steps (100 events over 32 feed shards: a few per shard) and a 1 s aggregate timeout (a run then
// starts steps for 0.5 s), so the command must run again.
const CLICKS = 300;
const VISITORS = 30;

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({
    env: { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0', RIPPLE_AGGREGATE_STEP_EVENTS: '100', RIPPLE_LOCAL_AGGREGATE_TIMEOUT_SECONDS: '1' },
  });
});
afterAll(async () => {
  await stack?.stop();
});

it('keeps running until every click made before it is in the report, with a progress line per run', async () => {
  const content = await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/big-launch' });
  const codes: string[] = [];
  for (const sharer of ['ana', 'ben', 'cy']) codes.push((await api(stack, 'POST', `/v1/contents/${content.body.id}/links`, { sharer })).body.code);
  // Ten browsers at a time.
  for (let first = 0; first < CLICKS; first += 10) {
    const batch = Array.from({ length: 10 }, (_, offset) => first + offset);
    const statuses = await Promise.all(
      batch.map(
        async (click) => (await visit(stack, codes[click % codes.length] ?? '', { cookie: `rpl_vid=h_${`v${click % VISITORS}`.padEnd(22, 'x')}` })).status,
      ),
    );
    expect(statuses.every((status) => status === 302)).toBe(true);
  }

  const run = await aggregateCommand(stack.dataDir);

  expect(run.code, `${run.stderr}\n${stack.output().slice(-2_000)}`).toBe(0);
  const progress = run.stderr
    .split('\n')
    .filter((line) => /^Run \d+: \d+ events so far, through \S+ of \S+; the run reached its time limit, continuing/.test(line));
  expect(progress.length).toBeGreaterThan(0);
  const summary = /^Aggregated (\d+) events in \d+ steps over (\d+) runs; reports now include everything through (\S+)$/m.exec(run.stdout);
  expect(summary, run.stdout).not.toBeNull();
  const [, events, runs, through] = summary ?? [];
  expect(Number(runs)).toBeGreaterThan(1);
  expect(Number(runs)).toBe(progress.length + 1);
  // At most every click and link once (a run cut off by its timeout reports none of its events),
  // with the sample page's seed link npm start makes (infra/local/demo-campaign.ts).
  expect(Number(events)).toBeGreaterThan(0);
  expect(Number(events)).toBeLessThanOrEqual(CLICKS + codes.length + 1);
  const report = await api(stack, 'GET', `/v1/contents/${content.body.id}/report`);
  expect(report.body, run.stdout).toMatchObject({ links: 3, clicks: CLICKS, uniqueVisitors: VISITORS, eventsThrough: through });
});

it('says plainly that no stack is running, and what to do, with exit code 1', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'ripple-no-stack-'));

  const run = await aggregateCommand(empty);

  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr).toContain(`No local Ripple stack is running on ${empty}: start it with npm start (or set RIPPLE_DATA_DIR)`);
});
