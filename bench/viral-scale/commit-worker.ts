// A worker thread that makes the commits `measureParts` times, on a heap of its own, reaching the
// counting DynamoDB in the main thread (remote-dynamo.ts). Its sealed-chunk cache lives as long as
// it is told to keep it: a warm commit follows the one that filled it; a cold one starts empty.
import { parentPort, workerData } from 'node:worker_threads';
import { makeSealedChunkCache } from '../../shared/store/sealed-chunk-cache.js';
import { type CommitTarget, commitStep, depsOver } from './commit-deps.js';
import { remoteDb } from './remote-dynamo.js';
import type { FeedStepInput } from './viral-content.js';

export interface CommitOrder {
  kind: 'commit';
  target: CommitTarget;
  step: FeedStepInput;
  clockMs: number;
  /** `fresh`: a new process's empty cache; `kept`: the cache the previous commit left. */
  cache: 'fresh' | 'kept';
}

export type CommitDone = { kind: 'committed'; computeMs: number } | { kind: 'failed'; message: string };

const port = parentPort;
if (!port) throw new Error('commit-worker: run as a worker thread');
const db = remoteDb(port, (workerData as { table: string }).table);
const gc = (globalThis as { gc?: () => void }).gc;
let cache = makeSealedChunkCache();

port.on('message', (message: CommitOrder | { kind: string }) => {
  if (message.kind !== 'commit') return;
  const order = message as CommitOrder;
  if (order.cache === 'fresh') cache = makeSealedChunkCache();
  gc?.();
  const started = performance.now();
  commitStep(
    depsOver(db, cache, () => order.clockMs),
    order.target,
    order.step,
  ).then(
    () => port.postMessage({ kind: 'committed', computeMs: performance.now() - started } satisfies CommitDone),
    (error: Error) => port.postMessage({ kind: 'failed', message: error.stack ?? error.message } satisfies CommitDone),
  );
});
