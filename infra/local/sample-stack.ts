import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWeb } from '../web-bundling.js';
import { seedSampleData } from './sample-data.js';
import { loadConfig } from '../../shared/config.js';
import { createDb } from '../../shared/store/db.js';
import { ensureTable, type LocalDynamo, startDynalite } from './dynamodb.js';

// An in-memory dynalite holding the sample data, with the environment pointed at it, so a
// handler imported afterwards runs its sample events for real.
export async function startSampleDynamo(): Promise<LocalDynamo> {
  const dynamo = await startDynalite();
  process.env.RIPPLE_DYNAMODB_ENDPOINT = dynamo.endpoint;
  // The sample webhooks point at a closed loopback port (see sample-data.ts).
  process.env.RIPPLE_ALLOW_PRIVATE_WEBHOOKS = '1';
  const config = loadConfig();
  await ensureTable(dynamo.endpoint, config.RIPPLE_TABLE);
  await seedSampleData(createDb(config));
  // The dashboard function serves built browser code; samples get a fresh build of their own.
  process.env.RIPPLE_WEB_DIR = await mkdtemp(join(tmpdir(), 'ripple-web-'));
  await buildWeb(process.env.RIPPLE_WEB_DIR);
  return dynamo;
}
