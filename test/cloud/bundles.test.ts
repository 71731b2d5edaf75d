import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { CfnResource } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rippleApp } from '../../infra/app.js';
import { BUNDLE_BUDGETS, BUNDLE_FILE } from '../../infra/bundling.js';
import { TABLE_ACCESS } from '../../infra/cloud/table-access.js';
import type { LocalDynamo } from '../../infra/local/dynamodb.js';
import { matchRoute } from '../../infra/local/route-matcher.js';
import { startSampleDynamo } from '../../infra/local/sample-stack.js';
import { type FunctionName, functionNames, httpFunctionNames } from '../../shared/topology.js';
import { REPO_ROOT } from '../support/local-stack.js';
import { type RecordedCall, startRecordingProxy } from '../support/recording-dynamo-proxy.js';
import { expectedStatus } from '../support/sample-events.js';

// The artifacts `cdk deploy` ships, tested as such: `npm run build` writes them, each runs in a
// fresh Node process with its sample events against dynalite holding the sample data, and what
// they do (statuses, EMF metrics, logs, DynamoDB calls) is held against the stack's promises.

const run = promisify(execFile);
const DIST = join(REPO_ROOT, 'dist');
const EVENTS = join(REPO_ROOT, 'events');
const bundleOf = (name: FunctionName) => join(DIST, name, BUNDLE_FILE);

// Each sample event goes to the function the route table (or its schedule) gives it. The order
// is the events test's: the API's events first, against the same sample data.
const functionOfEvent = (file: string): FunctionName => {
  if (file.endsWith('-scheduled.json')) return file.replace('-scheduled.json', '') as FunctionName;
  const event = JSON.parse(readFileSync(join(EVENTS, file), 'utf8'));
  return matchRoute(event.requestContext.http.method, event.rawPath).functionName;
};
const eventFiles = readdirSync(EVENTS)
  .filter((file) => file.endsWith('.json'))
  .sort();
// The read-only functions go last: the api's test webhook falls due for its retry about 5 s after
// the api's run, so the delivery round must start within that to find exactly the sample event.
const RUN_ORDER: FunctionName[] = ['api', 'redirect', 'reshare', 'aggregate', 'deliver-webhooks', 'dashboard', 'qr'];

interface BundleRun {
  results: { file: string; requestId: string; result?: any; error?: string }[];
  /** Every JSON line the process wrote (structured logs and EMF blobs). */
  lines: Record<string, any>[];
  calls: RecordedCall[];
}
const runs = {} as Record<FunctionName, BundleRun>;
let buildOutput = '';
let dynamo: LocalDynamo;

// The environment Lambda would give the function: no test-only Powertools switches.
function lambdaEnv(name: FunctionName, endpoint: string): NodeJS.ProcessEnv {
  // No RIPPLE_WEB_DIR either: the dashboard reads the browser code built beside its bundle, as on Lambda.
  const { POWERTOOLS_DEV: _dev, POWERTOOLS_METRICS_DISABLED: _disabled, RIPPLE_WEB_DIR: _web, ...env } = process.env;
  return {
    ...env,
    RIPPLE_DYNAMODB_ENDPOINT: endpoint,
    RIPPLE_ALLOW_PRIVATE_WEBHOOKS: '1', // the sample webhooks point at a closed loopback port
    POWERTOOLS_SERVICE_NAME: `ripple-${name}`,
    POWERTOOLS_METRICS_NAMESPACE: 'Ripple',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // Lambda sets this; Powertools counts a ColdStart only when it says on-demand.
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    // The redirect's sample click was made seconds earlier: AWS's 15 s lag would hold it back.
    RIPPLE_AGGREGATE_LAG_SECONDS: '0',
    // The api's sample test event fails (a closed port); its retry must not fall due before the
    // delivery round, however long the bundles before it take: only the sample outbox event is due.
    RIPPLE_WEBHOOK_RETRY_SCHEDULE_SECONDS: '3600',
  };
}

const jsonLines = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, any>);

beforeAll(async () => {
  const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: REPO_ROOT, encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
  buildOutput = build.stdout;

  dynamo = await startSampleDynamo();
  for (const name of RUN_ORDER) {
    const proxy = await startRecordingProxy(dynamo.endpoint);
    try {
      const files = eventFiles.filter((file) => functionOfEvent(file) === name).map((file) => join(EVENTS, file));
      const { stdout, stderr } = await run(process.execPath, [join(REPO_ROOT, 'test/support/run-bundle.mjs'), bundleOf(name), name, ...files], {
        cwd: REPO_ROOT,
        env: lambdaEnv(name, proxy.endpoint),
        maxBuffer: 64 * 1024 * 1024,
      });
      runs[name] = {
        results: stdout
          .split('\n')
          .filter((line) => line.startsWith('RESULT '))
          .map((line) => JSON.parse(line.slice('RESULT '.length))),
        lines: [...jsonLines(stdout), ...jsonLines(stderr)],
        calls: [...proxy.calls],
      };
    } finally {
      await proxy.close();
    }
  }
});

afterAll(async () => {
  await dynamo?.close();
});

describe('npm run build', () => {
  it('writes one minified ESM bundle and its source map per function to dist/', () => {
    for (const name of functionNames) {
      const code = readFileSync(bundleOf(name), 'utf8');
      expect(statSync(`${bundleOf(name)}.map`).size, name).toBeGreaterThan(0);
      expect(code, name).toContain('//# sourceMappingURL=index.mjs.map');
      expect(code, name).toMatch(/\bexport\s*\{[^}]*\bas handler\b/); // an ES module exporting handler
      // Minified: thousands of characters per line (newlines left are inside template literals).
      expect(code.length / code.split('\n').length, name).toBeGreaterThan(1_000);
      expect(buildOutput).toContain(join('dist', name, BUNDLE_FILE));
    }
  });

  it('bundles the AWS SDK instead of relying on the one in the Lambda runtime', () => {
    for (const name of functionNames) {
      const code = readFileSync(bundleOf(name), 'utf8');
      expect(code, name).not.toMatch(/from\s*["']@aws-sdk\//);
      expect(code, name).toContain('DynamoDBDocumentClient');
    }
  });

  it.each(functionNames)('keeps %s within its size budget (the redirect within 600 KB)', (name) => {
    expect(statSync(bundleOf(name)).size).toBeLessThanOrEqual(BUNDLE_BUDGETS[name]);
  });

  it('gives the redirect the 600 KB budget of the issue', () => {
    expect(BUNDLE_BUDGETS.redirect).toBe(600 * 1024);
  });

  it('is byte for byte the code the CDK app synthesizes for each function', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'ripple-synth-'));
    // aws-cdk-lib's CloudFormation schema check (~15 s) is the stack test's business, not this one's.
    vi.stubEnv('CDK_VALIDATION', 'false');
    try {
      const { app, stack } = rippleApp({}, { outdir });
      app.synth();
      const template = JSON.parse(readFileSync(join(outdir, `${stack.stackName}.template.json`), 'utf8'));
      for (const name of functionNames) {
        const logicalId = stack.resolve((stack.functions.byName[name].node.defaultChild as CfnResource).logicalId) as string;
        const key = String(template.Resources[logicalId].Properties.Code.S3Key);
        const asset = join(outdir, `asset.${key.replace(/\.zip$/, '')}`, BUNDLE_FILE);
        expect(readFileSync(asset).equals(readFileSync(bundleOf(name))), name).toBe(true);
      }
    } finally {
      vi.unstubAllEnvs();
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('each built bundle with its sample events from events/', () => {
  it('covers every sample event', () => {
    const ran = Object.values(runs).flatMap((bundleRun) => bundleRun.results.map((result) => result.file.split('/').pop()));
    expect(ran.sort()).toEqual(eventFiles);
  });

  it.each(httpFunctionNames)('%s answers each sample event as the source handler does', (name) => {
    for (const { file, result, error } of runs[name].results) {
      const base = file.split('/').pop() ?? file;
      expect(error, base).toBeUndefined();
      expect(result.statusCode, base).toBe(expectedStatus[base]);
    }
  });

  it('runs the aggregation over the sample data', () => {
    const [only] = runs.aggregate.results;
    expect(only?.error).toBeUndefined();
    expect(only?.result).toMatchObject({ status: 'done', events: expect.any(Number) });
    expect(only?.result.events).toBeGreaterThan(0);
  });

  it('runs a webhook delivery round', () => {
    const [only] = runs['deliver-webhooks'].results;
    expect(only?.error).toBeUndefined();
    // The sample outbox event is due; its target (a closed loopback port) refuses it.
    expect(only?.result).toMatchObject({ attempted: 1, delivered: 0, failed: 1 });
  });
});

describe('observability of the built bundles', () => {
  const emf = (name: FunctionName) => runs[name].lines.filter((line) => line._aws?.CloudWatchMetrics);
  const metricNames = (name: FunctionName) =>
    new Set(emf(name).flatMap((blob) => blob._aws.CloudWatchMetrics.flatMap((entry: any) => entry.Metrics.map((metric: any) => metric.Name))));

  // What each function counts (besides ColdStart), per its handler.
  const EXPECTED_METRICS: Record<FunctionName, string[]> = {
    api: ['Responses', 'ClientErrors'],
    redirect: ['Responses', 'Clicks', 'BotClicks'],
    reshare: ['Responses', 'Reshares'],
    qr: ['Responses'],
    aggregate: ['EventsAggregated', 'ContentsAggregated'],
    'deliver-webhooks': ['WebhookAttempts', 'WebhookDeliveries', 'WebhookFailures'],
    dashboard: ['Responses'],
  };

  it.each(functionNames)('%s writes EMF metrics in the Ripple namespace, with its service and a ColdStart', (name) => {
    const blobs = emf(name);
    expect(blobs.length).toBeGreaterThan(0);
    for (const blob of blobs) {
      expect(blob._aws.CloudWatchMetrics[0].Namespace).toBe('Ripple');
      expect(blob.service).toBe(`ripple-${name}`);
    }
    const names = metricNames(name);
    for (const metric of ['ColdStart', ...EXPECTED_METRICS[name]]) expect(names, metric).toContain(metric);
  });

  it('counts a click per redirect: a human GET as Clicks, a HEAD as BotClicks', () => {
    const total = (metric: string) => emf('redirect').reduce((sum, blob) => sum + (typeof blob[metric] === 'number' ? blob[metric] : 0), 0);
    expect(total('Clicks')).toBe(1);
    expect(total('BotClicks')).toBe(1);
  });

  it('logs structured JSON lines carrying the service and the Lambda request id', () => {
    const results = runs.aggregate.results;
    const logs = runs.aggregate.lines.filter((line) => !line._aws);
    const summary = logs.find((line) => line.message === 'aggregation');
    expect(summary).toMatchObject({ level: 'INFO', service: 'ripple-aggregate', function_request_id: results[0]?.requestId });
    expect(typeof summary?.timestamp).toBe('string');
  });
});

describe('least privilege, as exercised', () => {
  it.each(functionNames)('%s calls only the DynamoDB actions and indexes its IAM policy grants', (name) => {
    const { calls } = runs[name];
    const access = TABLE_ACCESS[name];
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      // An index is granted Query alone, by its own ARN; everything else is an action on the table.
      if (call.index) {
        expect(call.action, JSON.stringify(call)).toBe('Query');
        expect(access.queries, JSON.stringify(call)).toContain(call.index);
      } else {
        expect(access.actions, JSON.stringify(call)).toContain(call.action);
      }
    }
  });

  it.each(functionNames)('%s is granted nothing its sample events do not use, unless listed with the code that needs it', (name) => {
    const used = new Set(runs[name].calls.map((call) => (call.index ? `Query ${call.index}` : call.action)));
    const granted = [...TABLE_ACCESS[name].actions, ...TABLE_ACCESS[name].queries.map((index) => `Query ${index}`)];
    const unreached = GRANTS_THE_SAMPLES_DO_NOT_REACH[name] ?? {};
    expect(
      granted.filter((grant) => !used.has(grant) && !(grant in unreached)),
      'granted, never called, not listed',
    ).toEqual([]);
    expect(
      Object.keys(unreached).filter((grant) => used.has(grant) || !granted.includes(grant)),
      'listed, but called or not granted',
    ).toEqual([]);
  });

  it('shows the redirect reads and writes single items only: no Query, Update or Delete', () => {
    const actions = new Set(runs.redirect.calls.map((call) => call.action));
    expect([...actions].sort()).toEqual(['GetItem', 'PutItem']);
  });
});

// Grants the sample events do not exercise, each with the code path that needs it: the recorded
// calls prove the grants suffice, this list keeps them from growing past what the code calls.
const GRANTS_THE_SAMPLES_DO_NOT_REACH: Partial<Record<FunctionName, Record<string, string>>> = {
  aggregate: {
    BatchWriteItem: "a rebuild deletes the old epoch's parts of a content in batches (content-state reset); " + 'the scheduled sample run rebuilds nothing',
  },
};
