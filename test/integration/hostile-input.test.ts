import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeKey, routes } from '../../shared/topology.js';
import { answerProblems } from '../support/fuzz/invariants.js';
import { caseArbitrary, type FuzzCase, unmatchedCaseArbitrary } from '../support/fuzz/requests.js';
import { routeSpecs } from '../support/fuzz/route-specs.js';
import { buildWorld, type FuzzWorld } from '../support/fuzz/world.js';
import { type LocalStack, startLocalStack } from '../support/local-stack.js';
import { type RawResponse, rawExchange } from '../support/raw-http.js';
import { snapshotTable, tableChanges } from '../support/table-snapshot.js';

// Property-based fuzzing of every route in the route table through the local stack's real HTTP
// surface (docs/reliability.md, "Hostile input"): random callers, path parameters, queries,
// headers (huge and malformed among them) and bodies drawn from each route's own schema and
// deliberately off it. Every answer: never a 5xx; a refusal is a JSON error with a known code (or
// a documented HTML page); no stack trace or internal name; a request with a defect is refused;
// and a batch of refused requests writes nothing. `npm test` runs a fixed seed; `npm run fuzz`
// runs many more cases with a fresh one (FUZZ_RUNS, FUZZ_SEED).

const CASES_PER_ROUTE = wholeNumber(process.env.FUZZ_RUNS, 200);
const WELL_FORMED_PER_ROUTE = Math.ceil(CASES_PER_ROUTE / 2);
const SEED = wholeNumber(process.env.FUZZ_SEED, 20_261_205);
// Requests of a run go out together: the stack answers several at once about twice as fast.
const BATCH = 8;
const timeoutFor = (cases: number) => 60_000 + cases * 40;

// Items a refused request may still write, by partition key: the public re-share counts a request
// against its rate limits before it can know it will refuse it (RATE#…, the counter *is* the
// refusal: 429), and the first request of a UTC day that identifies a visitor creates that day's
// salt (SALT#…, docs/data-model.md "TTL"), whether or not the request then succeeds.
const MAY_WRITE_WHEN_REFUSED = ['RATE#', 'SALT#'];

let stack: LocalStack;
let world: FuzzWorld;
const tally = new Map<string, { cases: number; refused: number; statuses: Map<number, number> }>();

beforeAll(async () => {
  // No timers: nothing but the requests themselves may write.
  stack = await startLocalStack({ env: { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0', RIPPLE_DELIVERY_INTERVAL_SECONDS: '0' } });
  world = await buildWorld(stack);
});
afterAll(async () => {
  const stackCpu = stack ? cpuSecondsOf(JSON.parse(readFileSync(join(stack.dataDir, 'stack.json'), 'utf8')).pid) : null;
  await stack?.stop();
  printTally(stackCpu);
});

describe('every route of the table, under hostile requests', () => {
  it('has a description for the fuzzer of every route, and none for a route that is gone', () => {
    expect(Object.keys(routeSpecs).sort()).toEqual(routes.map(routeKey).sort());
  });

  for (const [index, route] of routes.entries()) {
    const key = routeKey(route);
    // Hostile requests to a route that writes all carry a defect; a route that only reads writes
    // nothing whatever it answers: either way, the table must be as it was.
    it(
      `${key}: never a 5xx, errors in JSON with known codes, no internals, defects refused, nothing written`,
      async () => {
        await fuzzBatch(`${key} (hostile)`, caseArbitrary(world, route, 'hostile'), CASES_PER_ROUTE, SEED + index, { writesNothing: true });
      },
      timeoutFor(CASES_PER_ROUTE),
    );
  }

  it(
    'requests no route takes (other methods, other paths): refused in JSON, nothing written',
    async () => {
      await fuzzBatch('no route', unmatchedCaseArbitrary(world, routes), CASES_PER_ROUTE, SEED + routes.length, { writesNothing: true });
    },
    timeoutFor(CASES_PER_ROUTE),
  );
});

// After every refusal batch, so the table the scans read stays small while they run.
describe('every route that writes, under well-formed requests with odd headers and text', () => {
  for (const [index, route] of routes.entries()) {
    const key = routeKey(route);
    if (!routeSpecs[key as keyof typeof routeSpecs].writes) continue;
    it(
      `${key}: never a 5xx, errors in JSON with known codes, no internals`,
      async () => {
        await fuzzBatch(`${key} (well-formed)`, caseArbitrary(world, route, 'well-formed'), WELL_FORMED_PER_ROUTE, SEED + 1_000 + index, {
          writesNothing: false,
        });
      },
      timeoutFor(WELL_FORMED_PER_ROUTE),
    );
  }
});

describe('the stack, after all of it', () => {
  it('logged no error: no request, however bad, failed inside a function or the gateway', () => {
    // Each log line is one pretty-printed JSON object; the errors, each as "message: what failed".
    const errors = (stack.output().match(/^\{\n[\s\S]*?\n\}$/gm) ?? [])
      .map((text) => JSON.parse(text) as { level?: string; message?: string; error?: { message?: string; stack?: string[] } })
      .filter((line) => line.level === 'ERROR')
      .map((line) => `${line.message}: ${line.error?.message} ${line.error?.stack?.slice(1, 4).join(' ') ?? ''}`);
    expect(errors).toEqual([]);
  });
});

/**
 * Sends `count` cases, BATCH at a time; each answer must keep the contract. With `writesNothing`,
 * the table must then be as it was before (but for MAY_WRITE_WHEN_REFUSED).
 */
async function fuzzBatch(label: string, cases: fc.Arbitrary<FuzzCase>, count: number, seed: number, { writesNothing }: { writesNothing: boolean }) {
  const before = writesNothing ? await snapshotTable(stack.db()) : null;
  const described = cases.map((fuzzCase) => Object.assign(fuzzCase, { [fc.toStringMethod]: () => describeRequest(fuzzCase) }));
  const counts = tally.get(label) ?? { cases: 0, refused: 0, statuses: new Map<number, number>() };
  tally.set(label, counts);
  await fc.assert(
    fc.asyncProperty(fc.array(described, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
      const answers = await Promise.all(batch.map((fuzzCase) => rawExchange(world.url, fuzzCase.request)));
      const failures: string[] = [];
      for (const [at, fuzzCase] of batch.entries()) {
        const answer = answers[at]!;
        counts.cases++;
        if (answer.status >= 400) counts.refused++;
        counts.statuses.set(answer.status, (counts.statuses.get(answer.status) ?? 0) + 1);
        const problems = answerProblems(fuzzCase, answer);
        if (problems.length > 0) failures.push(`${describeRequest(fuzzCase)}\n  → ${describeAnswer(answer)}\n  broke: ${problems.join('; ')}`);
      }
      if (failures.length > 0) throw new Error(`${failures.length} of ${batch.length} answers broke the contract:\n\n${failures.join('\n\n')}`);
    }),
    { numRuns: Math.ceil(count / BATCH), seed, endOnFailure: true },
  );
  if (before) {
    const changes = tableChanges(before, await snapshotTable(stack.db()), MAY_WRITE_WHEN_REFUSED);
    expect(changes, `refused requests to ${label} changed the table`).toEqual([]);
  }
}

function describeRequest({ request, defects }: FuzzCase): string {
  const headers = request.headers.map(([name, value]) => `${name}: ${preview(value.toString('latin1'), 80)}`).join(' | ');
  const body = request.body ? `${preview(request.body.toString('utf8'), 160)} (${request.body.length} bytes)` : 'none';
  return `${request.method} ${preview(request.target, 200)}\n  headers: ${headers || 'none'}\n  body: ${body}\n  defects: ${defects.join('; ') || 'none'}`;
}

const describeAnswer = (answer: RawResponse) => `${answer.status} ${answer.headers['content-type'] ?? ''} ${preview(answer.body.toString('utf8'), 300)}`;

const preview = (text: string, max: number) =>
  text.length > max ? `${JSON.stringify(text.slice(0, max))}… (${text.length} characters)` : JSON.stringify(text);

// A process's CPU time so far (Linux: /proc, in clock ticks of 10 ms), for the figures.
function cpuSecondsOf(pid: number): number | null {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return null;
  const fields = readFileSync(stat, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function printTally(stackCpuSeconds: number | null) {
  const lines = [...tally].map(([label, { cases, refused, statuses }]) => {
    const byStatus = [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([status, n]) => `${status}×${n}`)
      .join(' ');
    return `  ${label.padEnd(58)} ${String(cases).padStart(6)} cases, ${String(refused).padStart(6)} refused  ${byStatus}`;
  });
  const total = [...tally.values()].reduce((sum, { cases }) => sum + cases, 0);
  const { user, system } = process.cpuUsage();
  const cpu = `CPU: this process ${((user + system) / 1e6).toFixed(1)} s, the local stack ${stackCpuSeconds?.toFixed(1) ?? '?'} s`;
  console.log(`Hostile input (seed ${SEED}, ${CASES_PER_ROUTE} cases per route): ${total} requests; ${cpu}\n${lines.join('\n')}`);
}

function wholeNumber(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`expected a whole number, got ${raw}`);
  return value;
}
