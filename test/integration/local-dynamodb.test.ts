import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureTable, type LocalDynamo, startDynalite } from '../../infra/local/dynamodb.js';
import { loadConfig } from '../../shared/config.js';
import { createDb } from '../../shared/store/db.js';

// The local stack's store (infra/local/dynamodb.ts): dynalite on a thread of its own.
const started: LocalDynamo[] = [];
async function start(path?: string) {
  const dynamo = await startDynalite(path);
  started.push(dynamo);
  return dynamo;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((dynamo) => dynamo.close()));
});

// A ListTables call from another process (dynalite checks that a signature is there, not its value).
const listTablesFrom = (endpoint: string) => `
  fetch(${JSON.stringify(endpoint)}, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'DynamoDB_20120810.ListTables',
      'x-amz-date': '20260101T000000Z',
      authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: '{}',
  }).then((response) => response.text()).then((text) => process.stdout.write(text));
`;

describe('the local DynamoDB', () => {
  it('answers while the thread that started it is blocked: it runs on its own thread', async () => {
    const dynamo = await start();
    await ensureTable(dynamo.endpoint, 'ripple');

    // spawnSync holds this thread (and its event loop) until the child has its answer.
    const child = spawnSync(process.execPath, ['-e', listTablesFrom(dynamo.endpoint)], { encoding: 'utf8', timeout: 30_000 });

    expect(child.status, child.stderr).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual({ TableNames: ['ripple'] });
  });

  it('closes its data folder when closed: a new store opens it, with what was written', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ripple-dynamo-')), 'dynamodb');
    const first = await start(path);
    await ensureTable(first.endpoint, 'ripple');
    const write = createDb(loadConfig({ RIPPLE_DYNAMODB_ENDPOINT: first.endpoint }));
    await write.doc.send(new PutCommand({ TableName: write.table, Item: { pk: 'kept', sk: 'kept', value: 1 } }));
    write.doc.destroy();

    await first.close();
    const second = await start(path);

    const read = createDb(loadConfig({ RIPPLE_DYNAMODB_ENDPOINT: second.endpoint }));
    const item = await read.doc.send(new GetCommand({ TableName: read.table, Key: { pk: 'kept', sk: 'kept' } }));
    read.doc.destroy();
    expect(item.Item).toEqual({ pk: 'kept', sk: 'kept', value: 1 });
  });
});
