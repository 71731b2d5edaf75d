// `npm start`: the whole stack on one machine — dynalite on disk, the HTTP API on the very
// Lambda handlers, and (as they land) the scheduled jobs on timers. Ctrl-C stops it cleanly.
import './local-env.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../shared/config.js';
import { createDb } from '../../shared/store/db.js';
import { makeContentStore } from '../../shared/store/contents.js';
import { makeFeedControlStore } from '../../shared/store/feed-control.js';
import { makeLinkStore } from '../../shared/store/links.js';
import { requestLegacyRebuilds } from './legacy-aggregates.js';
import { makeWorkspaceStore } from '../../shared/store/workspaces.js';
import { httpFunctionNames } from '../../shared/topology.js';
import { WEB_DIR_NAME, buildWeb } from '../web-bundling.js';
import { ensureDemoCampaign } from './demo-campaign.js';
import { ensureTable } from './dynamodb.js';
import { loadHandler } from './handlers.js';
import { createLocalApiServer } from './http-server.js';
import { ensureLocalWorkspace } from './local-workspace.js';
import { localSettings } from './settings.js';
import { InFlightRequests } from './in-flight.js';
import { makeAccessLog } from './access-log.js';
import { type RunningSchedules, startSchedules } from './scheduler.js';
import { openStackDynamo } from './stack-dynamodb.js';
import { readRunningStack, removeStackInfo, writeStackInfo } from './stack-file.js';

// The npm script that runs each scheduled function once, now.
const ON_DEMAND_SCRIPT: Record<string, string> = { aggregate: 'aggregate', 'deliver-webhooks': 'deliver' };

async function main() {
  const settings = localSettings();
  const running = readRunningStack(settings.dataDir);
  if (running) {
    throw new Error(`A Ripple stack (pid ${running.pid}) already uses ${settings.dataDir}; stop it or set RIPPLE_DATA_DIR`);
  }

  // The data folder holds the API key and stack.json whichever DynamoDB holds the data.
  mkdirSync(settings.dataDir, { recursive: true });
  const dynamo = await openStackDynamo(settings.dynamodb, settings.dataDir, loadConfig().RIPPLE_TABLE);
  // The handlers read these when first imported, exactly as they read Lambda's environment.
  process.env.RIPPLE_DYNAMODB_ENDPOINT = settings.functionsDynamodbEndpoint ?? dynamo.endpoint;
  const config = loadConfig({ ...process.env, RIPPLE_DYNAMODB_ENDPOINT: dynamo.endpoint });
  await ensureTable(dynamo.endpoint, config.RIPPLE_TABLE);
  const workspace = await ensureLocalWorkspace(makeWorkspaceStore(createDb(config)), settings.dataDir, settings.apiKey, new Date());
  // The dashboard's browser code, built afresh, read by the dashboard function as on Lambda.
  process.env.RIPPLE_WEB_DIR = join(settings.dataDir, WEB_DIR_NAME);
  await buildWeb(process.env.RIPPLE_WEB_DIR);
  // The sample campaign page at /app/demo, which only the local stack serves.
  process.env.RIPPLE_DEMO_PAGE = '1';
  await Promise.all(httpFunctionNames.map(loadHandler));
  // This process holds the data folder: no aggregation can be running, whatever a crash left behind.
  await makeFeedControlStore(createDb(config)).clearLease();
  await requestLegacyRebuilds(createDb(config), new Date());

  const inFlight = new InFlightRequests();
  const accessLog = makeAccessLog();
  let scheduled: RunningSchedules | undefined;
  const server = createLocalApiServer({
    loadHandler,
    inFlight,
    controls: {
      // npm run aggregate: one run now, through the moment it was asked (or `until`); the command
      // calls again with the same `until` until the result is complete.
      aggregate: async (body) => {
        const request = (typeof body === 'object' && body !== null ? body : {}) as { until?: string; rebuild?: { workspaceId: string; contentId: string } };
        const until = request.until ? new Date(request.until) : new Date();
        return scheduled?.aggregateNow(Number.isNaN(until.getTime()) ? new Date() : until, request.rebuild);
      },
      // npm run deliver: one round of webhook deliveries now.
      deliver: async () => scheduled?.deliverNow(),
    },
    onRequest: ({ method, path, status, ms }) => accessLog.line(`${method} ${path} ${status} ${ms}ms`),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  scheduled = startSchedules({ inFlight, aggregateTimeoutMs: settings.aggregateTimeoutMs });
  const schedules = scheduled;
  const apiUrl = `http://${settings.host}:${port}`;
  const demo = await ensureDemoCampaign({ contents: makeContentStore(createDb(config)), links: makeLinkStore(createDb(config)) }, apiUrl, new Date());
  writeStackInfo(settings.dataDir, { pid: process.pid, apiUrl, dynamodbEndpoint: dynamo.endpoint, table: config.RIPPLE_TABLE });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1); // a second Ctrl-C does not wait
    stopping = true;
    accessLog.flush();
    console.log(`\n${signal}: stopping…`);
    // Stop the timers, finish requests in flight, drop idle keep-alive connections, then close the store.
    await schedules.stop();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const forced = setTimeout(() => server.closeAllConnections(), 2_000);
    await closed;
    clearTimeout(forced);
    await dynamo.close();
    removeStackInfo(settings.dataDir);
    accessLog.flush();
    // On a pipe stdout is asynchronous: exit once the last line is out, not before.
    process.stdout.write('Ripple local stack stopped.\n', () => process.exit(0));
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  // Only now, with Ctrl-C handled: a caller that stops the stack as soon as it reads the banner
  // must not meet the default signal action (which skips the cleanup).
  console.log(
    [
      'Ripple local stack is running',
      // The key rides in the fragment, which the browser never sends; the page removes it once read.
      `  Dashboard: ${apiUrl}/app#key=${encodeURIComponent(workspace.apiKey)}  (open this link to sign in)`,
      `  Sample page: ${apiUrl}/${demo.seed.code}  (a seed link; open it, press Share)`,
      `  API:       ${apiUrl}`,
      `  API key:   ${workspace.apiKey}  (${keySource(workspace.source, settings.dataDir)})`,
      `  DynamoDB:  ${dynamo.endpoint}  (${dynamo.description})`,
      ...schedules.intervals.map(
        (schedule) =>
          `  ${`${schedule.function}:`.padEnd(18)}${schedule.seconds > 0 ? `every ${schedule.seconds} s` : 'off'}  (now: npm run ${ON_DEMAND_SCRIPT[schedule.function] ?? schedule.function})`,
      ),
      `  Webhooks:  ${privateWebhookTargets(config.RIPPLE_ALLOW_PRIVATE_WEBHOOKS)}`,
      `  Try:       curl -H "Authorization: Bearer ${workspace.apiKey}" ${apiUrl}/v1/contents`,
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
}

// A receiver on this machine is a private target: say whether it can be subscribed, and how.
function privateWebhookTargets(allowed: boolean) {
  return allowed
    ? 'private targets allowed (loopback and private networks; RIPPLE_ALLOW_PRIVATE_WEBHOOKS is on)'
    : 'private targets refused (loopback and private networks; RIPPLE_ALLOW_PRIVATE_WEBHOOKS=1 allows them)';
}

function keySource(source: 'RIPPLE_API_KEY' | 'data folder' | 'new', dataDir: string) {
  if (source === 'RIPPLE_API_KEY') return 'from RIPPLE_API_KEY';
  if (source === 'new') return `new; kept in ${join(dataDir, 'api-key')}`;
  return `from ${join(dataDir, 'api-key')}`;
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const locked = /lock/i.test(message) ? ' (is another process using this data folder?)' : '';
  console.error(`Ripple local stack failed to start: ${message}${locked}`);
  process.exit(1);
});
