import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, eventually, visit } from '../support/http.js';
import { type LocalStack, startLocalStack } from '../support/local-stack.js';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ env: { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '1' } });
});
afterAll(async () => {
  await stack?.stop();
});

it('aggregates on its own timer: the report catches up with new clicks without npm run aggregate', async () => {
  expect(stack.output()).toMatch(/aggregate:\s+every 1 s/);
  const content = await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/timer' });
  const link = await api(stack, 'POST', `/v1/contents/${content.body.id}/links`, {});
  await visit(stack, link.body.code, { cookie: `rpl_vid=h_${'timer'.padEnd(22, 't')}` });

  const report = await eventually(async () => {
    const { body } = await api(stack, 'GET', `/v1/contents/${content.body.id}/report`);
    return body.clicks === 1 ? body : undefined;
  });

  expect(report).toMatchObject({ links: 1, clicks: 1, uniqueVisitors: 1, computedAt: expect.any(String) });
  await visit(stack, link.body.code, { cookie: `rpl_vid=h_${'second'.padEnd(22, 's')}` });
  await eventually(async () => {
    const { body } = await api(stack, 'GET', `/v1/contents/${content.body.id}/report`);
    return body.uniqueVisitors === 2 ? true : undefined;
  });
});
