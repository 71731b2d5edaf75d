import { afterAll, beforeAll, expect, it } from 'vitest';
import { LOCAL_WORKSPACE_ID } from '../../infra/local/local-workspace.js';
import { storedClicks } from '../support/clicks.js';
import { api, visit } from '../support/http.js';
import { type LocalStack, startLocalStack } from '../support/local-stack.js';

const CLICKS = 2_000;
const IN_FLIGHT = 64;

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack();
});
afterAll(async () => {
  await stack?.stop();
});

it(`stores exactly ${CLICKS} clicks sent ${IN_FLIGHT} at a time, with no errors`, async () => {
  const content = await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/load' });
  const link = await api(stack, 'POST', `/v1/contents/${content.body.id}/links`, {});

  const statuses = new Map<number, number>();
  let next = 0;
  const worker = async () => {
    while (next < CLICKS) {
      next++;
      const response = await visit(stack, link.body.code, { cookie: `rpl_vid=h_${String(next).padStart(22, 'L')}` });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));

  expect(Object.fromEntries(statuses)).toEqual({ 302: CLICKS });
  const stored = await storedClicks(stack, LOCAL_WORKSPACE_ID, link.body.code);
  expect(stored).toHaveLength(CLICKS);
  expect(new Set(stored.map((click) => click.id)).size).toBe(CLICKS);
  // Spread over the write shards rather than piled on one partition key.
  expect(new Set(stored.map((click) => click.pk)).size).toBeGreaterThan(8);
  const counts = await api(stack, 'GET', `/v1/links/${link.body.code}`);
  expect(counts.body).toMatchObject({ clicks: CLICKS, uniqueVisitors: CLICKS });
});
