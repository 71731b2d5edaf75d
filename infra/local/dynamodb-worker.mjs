// dynalite in a thread of its own, started by startDynalite (infra/local/dynamodb.ts): its server
// listens here, on a loopback port it reports back, and closes (LevelDB and its lock with it) when
// the parent thread sends 'close'. Plain JavaScript: Node 20 cannot give a worker the tsx loader.
import { parentPort, workerData } from 'node:worker_threads';
import dynalite from 'dynalite';

/** @type {{ path?: string }} */
const { path } = workerData;
const server = dynalite({ ...(path ? { path } : {}), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
const parent = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

// Idle connections stay open, as DynamoDB's do, instead of closing after Node's 5 s: a client then
// keeps the pool it grew at its busiest, rather than opening dozens of connections at the next peak,
// each with 1 s to connect (shared/store/db.ts) on an event loop that may be starved of CPU.
server.keepAliveTimeout = 0;
server.once('error', (error) => {
  throw error;
});
server.listen(0, '127.0.0.1', () => {
  parent.postMessage({ port: /** @type {import('node:net').AddressInfo} */ (server.address()).port });
});
parent.once('message', () => {
  server.closeAllConnections();
  // With the server and the database closed and the port to the parent closed, the thread ends.
  server.close(() => parent.close());
});
