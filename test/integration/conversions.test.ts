import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspaceWithKey } from '../../shared/admin.js';
import { makeWorkspaceStore } from '../../shared/store/workspaces.js';
import { api } from '../support/http.js';
import { type LocalStack, startLocalStack } from '../support/local-stack.js';

let stack: LocalStack;
let otherKey: string;
let contentId: string;
let code: string;

beforeAll(async () => {
  stack = await startLocalStack({ env: { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0' } });
  ({ apiKey: otherKey } = await createWorkspaceWithKey(makeWorkspaceStore(stack.db()), { name: 'other' }, new Date()));
  contentId = (await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/c', campaign: 'conv' })).body.id;
  code = (await api(stack, 'POST', `/v1/contents/${contentId}/links`, {})).body.code;
});
afterAll(async () => {
  await stack?.stop();
});

describe('POST /v1/conversions', () => {
  it('records a conversion by link, answers a repeat with the stored one (200), and a changed one with 409', async () => {
    const body = { code, externalId: 'order-77', value: 19.99, currency: 'USD' };

    const first = await api(stack, 'POST', '/v1/conversions', body);
    const repeat = await api(stack, 'POST', '/v1/conversions', body);
    const changed = await api(stack, 'POST', '/v1/conversions', { ...body, value: 5 });

    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ externalId: 'order-77', code, contentId, value: 19.99, currency: 'USD', visitor: null });
    expect(repeat.status).toBe(200);
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(repeat.body).toEqual(first.body);
    expect(changed.status).toBe(409);
    expect(changed.body.error.code).toBe('conflict');
  });

  it('accepts a visitor instead of a code, to be attributed by the aggregation', async () => {
    const response = await api(stack, 'POST', '/v1/conversions', { visitor: `h_${'buyer'.padEnd(22, 'b')}`, externalId: 'order-78' });

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ code: null, contentId: null, value: 0 });
  });

  it('refuses bad input naming the field: neither code nor visitor, unknown code, bad currency, bad visitor', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ externalId: 'x1' }, 'code'],
      [{ code: 'ZZZZZZZZZZ', externalId: 'x2' }, 'code'],
      [{ code, externalId: 'x3', currency: 'euro' }, 'currency'],
      [{ visitor: 'someone', externalId: 'x4' }, 'visitor'],
      [{ code, externalId: 'x5', value: -1 }, 'value'],
      [{ code, externalId: '' }, 'externalId'],
      // Found by the hostile-input fuzzer: DynamoDB cannot store it, and the write answered 500.
      [{ code, externalId: 'x7', value: 8e-323 }, 'value'],
    ];
    for (const [body, field] of cases) {
      const response = await api(stack, 'POST', '/v1/conversions', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.issues.map((issue: { path: string[] }) => issue.path[0])).toContain(field);
    }
  });

  it("does not accept another workspace's link code", async () => {
    const response = await api(stack, 'POST', '/v1/conversions', { code, externalId: 'theirs-1' }, { key: otherKey });

    expect(response.status).toBe(400);
    expect(response.body.error.issues[0].path).toEqual(['code']);
  });
});

describe('reports across workspaces and unknown names', () => {
  it("answers 404 to another workspace's report and cascade, and to unknown contents and campaigns", async () => {
    const as = { key: otherKey };
    const attempts = [
      await api(stack, 'GET', `/v1/contents/${contentId}/report`, undefined, as),
      await api(stack, 'GET', `/v1/contents/${contentId}/cascade`, undefined, as),
      await api(stack, 'GET', '/v1/campaigns/conv/report', undefined, as),
      await api(stack, 'GET', '/v1/contents/cnt_AAAAAAAAAAAAAAAAAAAAA/report'),
      await api(stack, 'GET', '/v1/campaigns/no-such-campaign/report'),
    ];
    for (const response of attempts) expect(response.status).toBe(404);
    expect((await api(stack, 'GET', '/v1/campaigns/conv/report')).status).toBe(200);
  });

  it('refuses a bad kWindow, format or cascade root with 400', async () => {
    for (const query of ['?kWindow=0', '?kWindow=abc', '?kWindow=1.5', '?format=xml']) {
      const response = await api(stack, 'GET', `/v1/contents/${contentId}/report${query}`);
      expect(response.status, query).toBe(400);
    }
    // Every bad kWindow answers which values are allowed.
    for (const kWindow of ['abc', '0', '1.5', '31536001']) {
      const response = await api(stack, 'GET', `/v1/contents/${contentId}/report?kWindow=${kWindow}`);
      expect(response.body.error.issues, kWindow).toEqual([
        { path: ['kWindow'], message: "kWindow must be 'all' or a whole number of seconds from 1 to 31536000" },
      ]);
    }
    expect((await api(stack, 'GET', `/v1/contents/${contentId}/cascade?root=bad!`)).status).toBe(400);
    // A malformed campaign name cannot name a campaign: 404, like a malformed content id.
    expect((await api(stack, 'GET', '/v1/campaigns/has%20space/report')).status).toBe(404);
  });
});
