// npm run workspace -- create <name>        a new workspace and its first API key (shown once)
// npm run workspace -- revoke-key <apiKey>  the key answers 401 from the next request on
// Targets the running local stack (RIPPLE_DATA_DIR); with --aws, the DynamoDB table RIPPLE_TABLE
// in AWS_REGION with your AWS credentials.
import { readRunningStack } from '../infra/local/stack-file.js';
import { localSettings } from '../infra/local/settings.js';
import { createWorkspaceWithKey, revokeKey } from '../shared/admin.js';
import { loadConfig } from '../shared/config.js';
import { createDb } from '../shared/store/db.js';
import { makeWorkspaceStore } from '../shared/store/workspaces.js';

const args = process.argv.slice(2);
const aws = args.includes('--aws');
const [command, argument] = args.filter((arg) => arg !== '--aws');

function usage(): never {
  console.error('usage: npm run workspace -- <create <name> | revoke-key <apiKey>> [--aws]');
  process.exit(2);
}

function target() {
  if (aws) return loadConfig({ ...process.env, RIPPLE_DYNAMODB_ENDPOINT: undefined });
  const { dataDir } = localSettings();
  const stack = readRunningStack(dataDir);
  if (!stack) {
    console.error(`No local Ripple stack is running on ${dataDir} (start it with npm start, or pass --aws)`);
    process.exit(1);
  }
  return loadConfig({ ...process.env, RIPPLE_DYNAMODB_ENDPOINT: stack.dynamodbEndpoint, RIPPLE_TABLE: stack.table });
}

if (!command || !argument) usage();
const workspaces = makeWorkspaceStore(createDb(target()));
const now = new Date();

if (command === 'create') {
  const { workspaceId, apiKey } = await createWorkspaceWithKey(workspaces, { name: argument, keyPrefix: aws ? 'rpl_live' : 'rpl_local' }, now);
  console.log(JSON.stringify({ workspaceId, apiKey, note: 'The key is shown only this once; Ripple keeps only its hash.' }, null, 2));
} else if (command === 'revoke-key') {
  if (!(await revokeKey(workspaces, argument, now))) {
    console.error('No such API key');
    process.exit(1);
  }
  console.log('Revoked.');
} else {
  usage();
}
