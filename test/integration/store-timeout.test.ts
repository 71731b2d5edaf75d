import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import { createDb, guard } from '../../shared/store/db.js';

// A DynamoDB that accepts connections and never answers: a stalled socket must end as a
// retryable `unavailable` within the configured per-attempt timeout, not hang.
let blackHole: Server;
let endpoint: string;
const sockets = new Set<Socket>();

beforeAll(async () => {
  blackHole = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', () => resolve()));
  endpoint = `http://127.0.0.1:${(blackHole.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => blackHole.close(resolve));
});

it('gives up on a DynamoDB call that never answers, as unavailable, after its attempts time out', async () => {
  const db = createDb(loadConfig({ RIPPLE_DYNAMODB_ENDPOINT: endpoint, RIPPLE_DYNAMODB_TIMEOUT_MS: '300' }));
  const started = performance.now();

  const failure = await guard(() => db.doc.send(new GetCommand({ TableName: db.table, Key: { pk: 'x', sk: 'y' } }))).catch((error: unknown) => error);

  const elapsed = performance.now() - started;
  expect(failure).toMatchObject({ code: 'unavailable' });
  expect(elapsed).toBeGreaterThanOrEqual(300);
  expect(elapsed).toBeLessThan(10_000); // 3 attempts of 300 ms plus back-off, not a hang
});
