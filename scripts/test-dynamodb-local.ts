// npm run test:dynamodb-local [-- <vitest filters and options>]
// The integration suite (the content state store included) against DynamoDB Local instead of
// dynalite: one DynamoDB Local, in memory, shared by every test file through
// RIPPLE_TEST_DYNAMODB_ENDPOINT (test/support/test-dynamo.ts); each file works in tables of its own.
// Needs Java 17+ (Debian: apt-get install -y openjdk-17-jre-headless). docs/reliability-dynamodb.md
// lists where DynamoDB and dynalite disagree.
import { spawn } from 'node:child_process';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.js';

// As in vitest.config.ts: the SDK's notice that its 2027 releases need Node 22.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(): Promise<number> {
  const started = performance.now();
  const dynamo = await startDynamoDbLocal();
  console.log(`DynamoDB Local at ${dynamo.endpoint} (ready in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  try {
    const vitest = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--project', 'integration', ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, RIPPLE_TEST_DYNAMODB_ENDPOINT: dynamo.endpoint },
    });
    const stop = (signal: NodeJS.Signals) => vitest.kill(signal);
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    return await new Promise<number>((done) => vitest.once('exit', (code, signal) => done(code ?? (signal ? 1 : 0))));
  } finally {
    await dynamo.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
