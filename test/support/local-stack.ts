import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { StackInfo } from '../../infra/local/stack-file.js';
import { loadConfig } from '../../shared/config.js';
import { createDb, type Db } from '../../shared/store/db.js';
import { sharedEndpoint, stackTableName } from './test-dynamo.js';
import { registerStack } from './answer-check.js';
import type { StoreFront } from './store-front.js';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

export interface LocalStack {
  url: string;
  apiKey: string;
  dataDir: string;
  /** dynalite's own endpoint (the stack's functions may reach it through a store front). */
  dynamodbEndpoint: string;
  pid: number;
  /** Everything the stack printed so far, for assertions and failure messages. */
  output(): string;
  /** Direct access to the stack's DynamoDB, for asserting what was stored. */
  db(): Db;
  /** Sends SIGTERM (or `signal`) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

// Starts `npm start`'s entry point as a child process on a free port and waits for its banner. On a
// shared DynamoDB (test-dynamo.ts) the stack is given it, with the table of its data folder. With
// `storeFront`, the stack's functions reach its store through it (test/support/store-front.ts).
export async function startLocalStack(
  options: { dataDir?: string; env?: Record<string, string>; storeFront?: Pick<StoreFront, 'endpoint' | 'setTarget'> } = {},
): Promise<LocalStack> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ripple-test-'));
  const dynamodb = sharedEndpoint ? { RIPPLE_DYNAMODB_ENDPOINT: sharedEndpoint, RIPPLE_TABLE: stackTableName(dataDir) } : {};
  const front = options.storeFront ? { RIPPLE_LOCAL_FUNCTIONS_DYNAMODB_ENDPOINT: options.storeFront.endpoint } : {};
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', RIPPLE_DATA_DIR: dataDir, RIPPLE_API_KEY: '', ...dynamodb, ...front, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  const banner = await waitFor(
    child,
    () => /API:\s+(\S+)[\s\S]*API key:\s+(\S+)/.exec(output),
    () => output,
  );
  const info = JSON.parse(readFileSync(join(dataDir, 'stack.json'), 'utf8')) as StackInfo;
  registerStack(banner[1] ?? '');
  options.storeFront?.setTarget(info.dynamodbEndpoint);
  let db: Db | undefined;
  return {
    url: banner[1] ?? '',
    apiKey: banner[2] ?? '',
    dataDir,
    dynamodbEndpoint: info.dynamodbEndpoint,
    pid: child.pid ?? 0,
    output: () => output,
    db: () => (db ??= createDb(loadConfig({ RIPPLE_DYNAMODB_ENDPOINT: info.dynamodbEndpoint, RIPPLE_TABLE: info.table }))),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

async function waitFor<T>(child: ChildProcess, probe: () => T | null, output: () => string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = probe();
    if (found) return found;
    if (child.exitCode !== null) throw new Error(`The local stack exited (${child.exitCode}):\n${output()}`);
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`The local stack did not start within ${timeoutMs} ms:\n${output()}`);
}
