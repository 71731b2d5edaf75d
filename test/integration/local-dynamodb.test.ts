import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
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

  it('keeps idle connections open: no keep-alive timeout for clients to expire their pools by', async () => {
    const dynamo = await start();

    const response = await fetch(dynamo.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0' }, body: '{}' });
    await response.text();

    expect(response.headers.get('connection')).toBe('keep-alive');
    expect(response.headers.get('keep-alive')).toBeNull();
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

describe('a store client on a local endpoint', () => {
  it('sends every call in flight at once, as one Lambda instance per request would: none waits for a socket', async () => {
    // More than the SDK's default pool of 50 sockets. The endpoint answers once all have arrived.
    const CALLS = 80;
    const held: ServerResponse[] = [];
    const answer = (response: ServerResponse) => response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}');
    const endpoint = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        if (held.length >= CALLS) return answer(response);
        held.push(response);
        if (held.length === CALLS) held.forEach(answer);
      });
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    const db = createDb(
      loadConfig({ RIPPLE_DYNAMODB_ENDPOINT: `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}`, RIPPLE_DYNAMODB_TIMEOUT_MS: '20000' }),
    );
    try {
      const calls = await Promise.allSettled(
        Array.from({ length: CALLS }, (_, index) => db.doc.send(new GetCommand({ TableName: db.table, Key: { pk: `p${index}`, sk: 's' } }))),
      );

      expect(calls.filter((call) => call.status === 'rejected')).toEqual([]);
      expect(held).toHaveLength(CALLS);
    } finally {
      db.doc.destroy();
      endpoint.closeAllConnections();
      endpoint.close();
    }
  });
});
