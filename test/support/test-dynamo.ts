import { createHash, randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { ensureTable, type LocalDynamo, startDynalite } from '../../infra/local/dynamodb.js';
import { loadConfig } from '../../shared/config.js';
import { createDb, type Db } from '../../shared/store/db.js';

// Where the integration tests keep their data: a dynalite of their own by default, or the DynamoDB
// at RIPPLE_TEST_DYNAMODB_ENDPOINT (`npm run test:dynamodb-local` starts DynamoDB Local there), which
// every test file shares: each then works in tables of its own, so no file sees another's data.
export const sharedEndpoint = process.env.RIPPLE_TEST_DYNAMODB_ENDPOINT || undefined;

const run = randomUUID().slice(0, 8);

/** The DynamoDB for in-process store tests: a fresh in-memory dynalite, or the shared endpoint (never stopped here). */
export async function startTestDynamo(): Promise<LocalDynamo> {
  return sharedEndpoint ? { endpoint: sharedEndpoint, close: async () => undefined } : startDynalite();
}

/** A table name this test file alone uses: `name` itself on a dynalite of its own. */
export function testTableName(name: string): string {
  return sharedEndpoint ? `${name}_${run}` : name;
}

/**
 * A store client of a test table, as patient as the local stack's (15 s a call, infra/local/local-env.ts):
 * the engine shares a busy 2-core machine with the other test files.
 */
export function testDb(endpoint: string, table: string): Db {
  return createDb(loadConfig({ RIPPLE_DYNAMODB_ENDPOINT: endpoint, RIPPLE_TABLE: table, RIPPLE_DYNAMODB_TIMEOUT_MS: '15000' }));
}

/** The table of a local stack's data folder on the shared endpoint: the same folder, the same table (restarts keep their data). */
export function stackTableName(dataDir: string): string {
  return `ripple_${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16)}`;
}

/**
 * The store of a local stack's data folder while no stack runs on it: the folder's own dynalite,
 * or the folder's table on the shared endpoint. For tests that fill a folder before its stack
 * starts, or read what a killed stack left.
 */
export async function openDataFolderStore(dataDir: string): Promise<{ db: Db; close(): Promise<void> }> {
  if (sharedEndpoint) {
    const table = stackTableName(dataDir);
    await ensureTable(sharedEndpoint, table);
    return { db: testDb(sharedEndpoint, table), close: async () => undefined };
  }
  const dynamo = await startDynalite(join(dataDir, 'dynamodb'));
  await ensureTable(dynamo.endpoint, LOCAL_TABLE);
  return { db: testDb(dynamo.endpoint, LOCAL_TABLE), close: () => dynamo.close() };
}

// The table a local stack makes in its own dynalite (RIPPLE_TABLE's default).
const LOCAL_TABLE = loadConfig({}).RIPPLE_TABLE;
