import { spawnSync } from 'node:child_process';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_WORKSPACE_ID } from '../../infra/local/local-workspace.js';
import { keys } from '../../shared/store/keys.js';
import { api, visit } from '../support/http.js';
import { type LocalStack, REPO_ROOT, startLocalStack } from '../support/local-stack.js';

// A data folder whose aggregate was written by the earlier whole-state layout: the stack sets the
// content aside when it starts, and the aggregation rebuilds it from the start of the feed. Its
// report never shows a wrong number: nothing (eventsThrough null) until rebuilt, then the counts.
let stack: LocalStack | undefined;
afterAll(async () => {
  await stack?.stop();
});

const aggregate = (dataDir: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/aggregate.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, RIPPLE_DATA_DIR: dataDir },
    encoding: 'utf8',
  });

describe('an aggregate of the earlier layout', () => {
  it('is rebuilt after a restart to the counts of its raw events', async () => {
    stack = await startLocalStack({ env: { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0' } });
    const contentId = (await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/old' })).body.id as string;
    const seed = (await api(stack, 'POST', `/v1/contents/${contentId}/links`, {})).body.code as string;
    await api(stack, 'POST', `/v1/contents/${contentId}/links`, { parent: seed });
    for (let i = 0; i < 3; i++) await visit(stack, seed);
    expect(aggregate(stack.dataDir).status).toBe(0);
    const before = (await api(stack, 'GET', `/v1/contents/${contentId}/report`)).body;
    // What the whole-state layout left: a head with a state id and chunks, no format.
    await stack.db().doc.send(
      new PutCommand({
        TableName: stack.db().table,
        Item: { ...keys.aggregateHead(LOCAL_WORKSPACE_ID, contentId), type: 'aggregateHead', version: 7, position: '9999', stateId: 'gone', chunks: 1 },
      }),
    );
    const { dataDir } = stack;
    await stack.stop();

    stack = await startLocalStack({ dataDir, env: { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0' } });
    const meanwhile = (await api(stack, 'GET', `/v1/contents/${contentId}/report`)).body;
    expect(meanwhile).toMatchObject({ eventsThrough: null, clicks: 0 });
    expect((await api(stack, 'GET', `/v1/links/${seed}`)).body).toMatchObject({ clicks: 3 });

    const run = aggregate(dataDir);
    expect(run.status, run.stderr).toBe(0);

    const after = (await api(stack, 'GET', `/v1/contents/${contentId}/report`)).body;
    expect(after).toMatchObject({ links: 2, reshares: 1, clicks: 3, uniqueVisitors: before.uniqueVisitors });
    expect(after.eventsThrough).not.toBeNull();
  });
});
