// npm run bench:cold — each function's module init: the time to `await import()` its bundle in a
// fresh Node process, printed as ratios against two floors measured in the same run, the same way:
//   empty floor: importing an empty ES module (Node's own start and import machinery)
//   SDK floor:   a bundle of just @aws-sdk/client-dynamodb + lib-dynamodb that builds a
//                DynamoDBDocumentClient at import, as shared/store/db.ts does: what every function pays
// The bundles are built first, with scripts/build.ts's buildFunction (the options of infra/bundling.ts),
// into a temporary folder, so dist/ is left alone. Each target is imported `--runs` times (default 15)
// in rounds over all targets, after one unrecorded warm-up round, one process at a time.
// `--source-maps` adds the SDK floor and each function again with NODE_OPTIONS=--enable-source-maps,
// as deployed (rows "+maps", compared with the SDK floor +maps); it doubles the bench's length.
// This is module init on this machine's Node, not Lambda's INIT duration (runtime bootstrap, code download).
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { BUNDLE_FILE, ESBUILD_OPTIONS } from '../infra/bundling.js';
import { REPO_ROOT } from '../infra/repo-root.js';
import { buildFunction } from '../scripts/build.js';
import { functionNames } from '../shared/topology.js';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '15' }, 'source-maps': { type: 'boolean', default: false } },
});
const RUNS = Number(args.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`--runs wants a positive integer, got ${args.runs}`);

// The same client shared/store/db.ts builds on Lambda (no endpoint, no credentials at import).
const SDK_FLOOR_SOURCE = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
const client = new DynamoDBClient({
  region: process.env.AWS_REGION,
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1000, requestTimeout: 2000, throwOnRequestTimeout: true },
});
export const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
`;

// The child: time the dynamic import alone, and when the process got there (performance.now()
// counts from the process's start), then end on its own as a Lambda sandbox would stay alive.
const childScript = (url: string) => `
const started = performance.now();
await import(${JSON.stringify(url)});
const importMs = performance.now() - started;
console.log(JSON.stringify({ importMs, readyMs: performance.now(), rssMb: process.memoryUsage().rss / 2 ** 20 }));
`;

interface Target {
  name: string;
  file: string;
  bytes: number;
  env: Record<string, string>;
  /** For a function: the SDK floor measured with the same Node options, its ratio's denominator. */
  floor?: Target;
}

interface Sample {
  importMs: number;
  readyMs: number;
  wallMs: number;
  rssMb: number;
}

// Only what Lambda sets that matters at import; nothing inherited (no NODE_OPTIONS, no npm_*).
const lambdaEnv = (service: string, sourceMaps = false): Record<string, string> => ({
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_SERVICE_NAME: `ripple-${service}`,
  POWERTOOLS_METRICS_NAMESPACE: 'Ripple',
  ...(sourceMaps ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
});

function importOnce(target: Target): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--input-type=module', '-e', childScript(pathToFileURL(target.file).href)], {
      env: target.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk));
    const timer = setTimeout(() => child.kill(), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) {
        reject(new Error(`${target.name}: exit ${code}\n${stderr}${stdout}`));
        return;
      }
      if (stderr.trim()) console.warn(`(${target.name} wrote to stderr: ${stderr.trim().split('\n')[0]})`);
      resolve({ ...(JSON.parse(line) as Omit<Sample, 'wallMs'>), wallMs });
    });
  });
}

const median = (xs: number[]) => quantile(xs, 0.5);
const signed = (ms: number) => `${ms < 0 ? '−' : '+'}${Math.abs(ms).toFixed(0)}`;
// Nearest rank: the smallest sample with at least q of them at or below it.
function quantile(xs: number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

const work = await mkdtemp(join(tmpdir(), 'ripple-cold-'));
try {
  const buildStarted = performance.now();
  const targets: Target[] = [];

  const emptyFile = join(work, 'empty', BUNDLE_FILE);
  await mkdir(join(work, 'empty'));
  await writeFile(emptyFile, 'export {};\n');
  targets.push({ name: 'floor: empty module', file: emptyFile, bytes: (await stat(emptyFile)).size, env: lambdaEnv('empty') });

  // The functions' bundling options, from a source with no function entry.
  const sdkFile = join(work, 'sdk-floor', BUNDLE_FILE);
  await build({
    ...ESBUILD_OPTIONS,
    stdin: { contents: SDK_FLOOR_SOURCE, resolveDir: REPO_ROOT, sourcefile: 'sdk-floor.js', loader: 'js' },
    outfile: sdkFile,
  });
  const sdkBytes = (await stat(sdkFile)).size;
  const sdkFloor: Target = { name: 'floor: DynamoDB SDK', file: sdkFile, bytes: sdkBytes, env: lambdaEnv('sdk-floor') };
  const sdkMapsFloor: Target = { ...sdkFloor, name: 'floor: DynamoDB SDK +maps', env: lambdaEnv('sdk-floor', true) };
  targets.push(sdkFloor);
  if (args['source-maps']) targets.push(sdkMapsFloor);

  for (const name of functionNames) {
    const file = join(work, name, BUNDLE_FILE);
    const bytes = await buildFunction(name, join(work, name));
    targets.push({ name, file, bytes, env: lambdaEnv(name), floor: sdkFloor });
    if (args['source-maps']) targets.push({ name: `${name} +maps`, file, bytes, env: lambdaEnv(name, true), floor: sdkMapsFloor });
  }
  const buildSeconds = (performance.now() - buildStarted) / 1000;

  const load = () =>
    loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
  console.log(
    `node ${process.version} ${process.arch}, ${cpus().length} cores, load ${load()}; built ${functionNames.length} bundles + the SDK floor in ${buildSeconds.toFixed(1)} s; ` +
      `${RUNS} runs each after 1 warm-up, one process at a time\n`,
  );

  // Rounds over every target, each round starting one target later, so that drifts in machine
  // load spread over all of them rather than landing on one.
  const samples = new Map<string, Sample[]>(targets.map((target) => [target.name, []]));
  const benchStarted = performance.now();
  for (let round = 0; round <= RUNS; round++) {
    for (let i = 0; i < targets.length; i++) {
      const target = targets[(round + i) % targets.length]!;
      const sample = await importOnce(target);
      if (round > 0) samples.get(target.name)!.push(sample);
    }
  }
  const benchSeconds = (performance.now() - benchStarted) / 1000;

  const medianOf = (name: string, key: keyof Sample) => median(samples.get(name)!.map((sample) => sample[key]));
  const empty = medianOf(targets[0]!.name, 'importMs');
  const sdk = medianOf(sdkFloor.name, 'importMs');

  console.log(
    'bundle'.padEnd(27),
    'KB'.padStart(6),
    'import p50'.padStart(11),
    'p90'.padStart(7),
    '÷ SDK'.padStart(7),
    '− SDK'.padStart(7),
    'process p50'.padStart(12),
    'RSS MB'.padStart(7),
  );
  for (const target of targets) {
    const imports = samples.get(target.name)!.map((sample) => sample.importMs);
    const p50 = median(imports);
    const floor = target.floor && medianOf(target.floor.name, 'importMs');
    console.log(
      target.name.padEnd(27),
      (target.bytes / 1024).toFixed(0).padStart(6),
      `${p50.toFixed(1)} ms`.padStart(11),
      quantile(imports, 0.9).toFixed(1).padStart(7),
      (floor !== undefined ? `${(p50 / floor).toFixed(2)}×` : '').padStart(7),
      (floor !== undefined ? signed(p50 - floor) : '').padStart(7),
      `${medianOf(target.name, 'wallMs').toFixed(0)} ms`.padStart(12),
      medianOf(target.name, 'rssMb').toFixed(0).padStart(7),
    );
  }

  const functions = targets.filter((target) => target.floor === sdkFloor);
  const ratios = functions.map((target) => ({ name: target.name, ratio: medianOf(target.name, 'importMs') / sdk }));
  ratios.sort((a, b) => a.ratio - b.ratio);
  const lowest = ratios[0]!;
  const highest = ratios.at(-1)!;
  console.log(
    `\nimport p50 (ms) and p90 of ${RUNS} fresh processes; "process" is spawn to exit, seen from the bench; ` +
      `${benchSeconds.toFixed(0)} s of imports, load ${load()} at the end.` +
      (args['source-maps'] ? ' "+maps" rows are compared with the SDK floor +maps.' : ''),
  );
  console.log(
    `SDK floor ${sdk.toFixed(0)} ms (empty module ${empty.toFixed(1)} ms); functions ${lowest.ratio.toFixed(2)}× (${lowest.name}) ` +
      `to ${highest.ratio.toFixed(2)}× (${highest.name}) the SDK floor.`,
  );
} finally {
  await rm(work, { recursive: true, force: true });
}
