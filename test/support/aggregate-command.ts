import { spawn } from 'node:child_process';
import { REPO_ROOT } from './local-stack.js';

export interface AggregateCommandRun {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

// `npm run aggregate` on the stack of `dataDir`: runs until every event made before it is in the
// reports (or it gives up, exit code 1).
export function runAggregateCommand(dataDir: string, env: Record<string, string> = {}): Promise<AggregateCommandRun> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/aggregate.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, RIPPLE_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr, seconds: (performance.now() - started) / 1000 }));
  });
}

export interface AggregateCommand {
  /** The command's exit code and output. */
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** `npm run aggregate` on `dataDir`, as a child process running while the test goes on. */
export function startAggregateCommand(dataDir: string, env: Record<string, string> = {}): AggregateCommand {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/aggregate.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, RIPPLE_DATA_DIR: dataDir, RIPPLE_AGGREGATE_WAIT_SECONDS: '5', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 45_000);
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    }),
  );
  return { done };
}

/** `npm run aggregate` on `dataDir`, to its end. */
export const aggregateCommand = (dataDir: string, env: Record<string, string> = {}) => startAggregateCommand(dataDir, env).done;
