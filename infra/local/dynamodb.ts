import { mkdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTableInput } from '../../shared/store/table.js';

export interface LocalDynamo {
  endpoint: string;
  close(): Promise<void>;
}

// The embedded DynamoDB: dynalite on LevelDB under `path` (in memory when omitted). It listens
// on a loopback port so other processes (npm run aggregate, tests) reach the same data. It runs
// in a worker thread: sharing the handlers' event loop, the store held the redirect to about half
// of what it can take (docs/benchmarks.md). A thread, not a process, so that it dies with the stack
// and a killed stack never leaves the data folder locked.
export async function startDynalite(path?: string): Promise<LocalDynamo> {
  if (path) mkdirSync(path, { recursive: true });
  // No tsx in the thread (the worker is plain JavaScript); it would only slow its start.
  const worker = new Worker(new URL('./dynamodb-worker.mjs', import.meta.url), { workerData: { path }, execArgv: [] });
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (message: { port: number }) => resolve(message.port));
    worker.once('error', reject);
    void exited.then((code) => reject(new Error(`dynalite's thread exited (code ${code}) before listening`)));
  });
  let closing = false;
  // After the start, a failure of the store is the stack's failure, as when both shared a thread.
  worker.on('error', (error) => {
    if (!closing) throw new Error(`The local DynamoDB (dynalite, ${path ?? 'in memory'}) failed: ${error.message}`, { cause: error });
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      if (!closing) worker.postMessage('close');
      closing = true;
      await exited;
    },
  };
}

export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    try {
      await client.send(new DescribeTableCommand({ TableName: tableName }));
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ResourceNotFoundException')) throw error;
      await client.send(new CreateTableCommand(createTableInput(tableName)));
    }
    await untilActive(client, tableName);
  } finally {
    client.destroy();
  }
}

// A new table (and each index) answers ResourceNotFound until it is ACTIVE, even on dynalite.
async function untilActive(client: DynamoDBClient, tableName: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexes = Table?.GlobalSecondaryIndexes ?? [];
    if (Table?.TableStatus === 'ACTIVE' && indexes.every((index) => index.IndexStatus === 'ACTIVE')) return;
    if (Date.now() > deadline) throw new Error(`Table ${tableName} did not become ACTIVE within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
