import { join } from 'node:path';
import { type LocalDynamo, startDynalite } from './dynamodb.js';
import { startDynamoDbLocal } from './dynamodb-local.js';
import type { LocalDynamoChoice } from './settings.js';

export interface StackDynamo extends LocalDynamo {
  /** For the banner: which DynamoDB, and where its data is. */
  description: string;
}

// The local stack's DynamoDB (RIPPLE_LOCAL_DYNAMODB, RIPPLE_DYNAMODB_ENDPOINT): dynalite by default,
// DynamoDB Local for fidelity to DynamoDB's own rules, each on disk in the data folder; or one
// given by endpoint, which the stack neither starts nor stops.
export async function openStackDynamo(choice: LocalDynamoChoice, dataDir: string, table: string): Promise<StackDynamo> {
  if (choice.kind === 'external') {
    return { endpoint: choice.endpoint, close: async () => undefined, description: `given by RIPPLE_DYNAMODB_ENDPOINT, table ${table}` };
  }
  if (choice.kind === 'dynamodb-local') {
    const path = join(dataDir, 'dynamodb-local');
    return { ...(await startDynamoDbLocal({ dbPath: path })), description: `DynamoDB Local, data in ${path}` };
  }
  const path = join(dataDir, 'dynamodb');
  return { ...(await startDynalite(path)), description: `dynalite, data in ${path}` };
}
