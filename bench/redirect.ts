// npm run bench:redirect — the redirect's throughput and latency on the local stack, printed as
// ratios against two floors measured in the same run, on the same machine:
//   gateway floor: the same route answering 404 for a malformed code (HTTP + event + middy, no DynamoDB)
//   storage floor: bare click-sized PutItems into the same dynalite at the same concurrency
// BENCH_SECONDS (default 10) sets the floors' length, BENCH_CLICKS (default 10,000, about as long
// as a floor) the redirects measured, and BENCH_CONNECTIONS (default 64) the concurrency. Like the
// floors, whose paths the runs before them warm up, the redirect is measured warm: a fifth as many
// redirects first, unmeasured. Every redirect of both counts in the exact check of stored clicks
// against answered redirects.
import './quiet-sdk.js';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import autocannon from 'autocannon';
import { newClickId } from '../shared/domain/ids.js';
import { api, browserUserAgent } from '../test/support/http.js';
import { type LocalStack, startLocalStack } from '../test/support/local-stack.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const CLICKS = Number(process.env.BENCH_CLICKS ?? 10_000);
// A fixed count too: a timed run would end with redirects in flight, stored but not counted as answered.
const WARM_UP_CLICKS = Math.max(CONNECTIONS, Math.round(CLICKS / 5));

interface Figures {
  name: string;
  perSecond: number;
  p50: number;
  p99: number;
  answered: number;
  failed: number;
}

async function http(
  stack: LocalStack,
  name: string,
  path: string,
  headers: Record<string, string>,
  length: { duration: number } | { amount: number },
): Promise<Figures> {
  // Timed from the call to the last response: autocannon ends fixed-count runs on its own
  // one-second tick, which would bias a rate computed from its reported duration.
  const started = performance.now();
  let lastResponse = started;
  const result = await autocannon({
    url: `${stack.url}${path}`,
    connections: CONNECTIONS,
    headers,
    requests: [{ onResponse: () => void (lastResponse = performance.now()) }],
    ...length,
  });
  const answered = result['2xx'] + result['3xx'] + result['4xx'];
  return {
    name,
    perSecond: answered / ((lastResponse - started) / 1000),
    p50: result.latency.p50,
    p99: result.latency.p99,
    answered,
    failed: result['5xx'] + result.errors + result.timeouts,
  };
}

async function storageFloor(stack: LocalStack): Promise<Figures> {
  const db = stack.db();
  const latencies: number[] = [];
  let failed = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      const id = newClickId();
      const at = new Date().toISOString();
      try {
        await db.doc.send(
          new PutCommand({
            TableName: db.table,
            Item: {
              pk: `BENCH#${latencies.length % 16}`,
              sk: `${at}#${id}`,
              gsi3pk: `BENCH#${at.slice(0, 16)}`,
              gsi3sk: `${at}#${id}`,
              type: 'bench',
              id,
              workspaceId: 'ws_bench',
              contentId: 'cnt_bench',
              code: 'benchCode1',
              rootCode: 'benchCode1',
              generation: 0,
              visitorId: 'h_benchVisitor000000000',
              bot: false,
              device: 'desktop',
              referrerHost: null,
              at,
              expiresAt: 0,
            },
          }),
        );
        latencies.push(performance.now() - started);
      } catch {
        failed++;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return { name: 'storage floor: bare PutItem', perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), answered: latencies.length, failed };
}

const stack = await startLocalStack();
try {
  const content = await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/bench?utm_source=bench#top' });
  const link = await api(stack, 'POST', `/v1/contents/${content.body.id}/links`, {});
  // A returning browser: human clicks (no user agent at all would be a bot click).
  const browser = { cookie: 'rpl_vid=h_benchVisitor0000000001', 'user-agent': browserUserAgent };
  console.log(
    `node ${process.version}, ${CONNECTIONS} connections; floors ${SECONDS} s each, then ${WARM_UP_CLICKS} redirects to warm up and ${CLICKS} measured\n`,
  );

  const gateway = await http(stack, 'gateway floor: GET /favicon.ico → 404', '/favicon.ico', browser, { duration: SECONDS });
  const storage = await storageFloor(stack);
  const warmUp = await http(stack, 'redirect warm-up', `/${link.body.code}`, browser, { amount: WARM_UP_CLICKS });
  const redirect = await http(stack, 'redirect: GET /{code} → 302 + 1 click', `/${link.body.code}`, browser, { amount: CLICKS });

  const counts = (await api(stack, 'GET', `/v1/links/${link.body.code}`)).body;
  const stored = counts.clicks + counts.botClicks;
  const answered = warmUp.answered + redirect.answered;
  const rows = [gateway, storage, redirect];
  console.log('phase'.padEnd(44), 'req/s'.padStart(8), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'answered'.padStart(10), 'failed'.padStart(7));
  for (const row of rows) {
    console.log(
      row.name.padEnd(44),
      row.perSecond.toFixed(0).padStart(8),
      String(row.p50).padStart(8),
      String(row.p99).padStart(8),
      String(row.answered).padStart(10),
      String(row.failed).padStart(7),
    );
  }
  console.log(`\nredirect / gateway floor throughput: ${(redirect.perSecond / gateway.perSecond).toFixed(2)}`);
  console.log(`redirect / storage floor throughput: ${(redirect.perSecond / storage.perSecond).toFixed(2)}`);
  console.log(`clicks stored / redirects answered:  ${stored} / ${answered} (warm-up and measured)${stored === answered ? ' (exact)' : ' (MISMATCH)'}`);
  if (stored !== answered || redirect.failed + warmUp.failed > 0) process.exitCode = 1;
} finally {
  await stack.stop();
}
