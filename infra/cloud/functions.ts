import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { type FunctionName, functionNames, scheduledFunctionNames } from '../../shared/topology.js';
import { BUNDLE_TARGET, ESM_REQUIRE_BANNER, MAIN_FIELDS, entryOf } from '../bundling.js';
import { REPO_ROOT } from '../repo-root.js';
import { WEB_DIR_NAME } from '../web-bundling.js';
import type { CloudSettings } from './settings.js';
import { TABLE_ACCESS } from './table-access.js';

interface FunctionShape {
  memoryMb: number;
  timeout: Duration;
  description: string;
}

// The API's timeout exceeds the 15 s webhook timeout: POST /v1/webhooks/{id}/test sends inline.
// The aggregation's lease (functions/aggregate) outlives its timeout, and it stops starting steps
// 30 s before it; the delivery function stops 20 s before its own.
const SHAPES: Record<FunctionName, FunctionShape> = {
  api: { memoryMb: 512, timeout: Duration.seconds(29), description: 'Management API: contents, links, reports, webhooks' },
  redirect: { memoryMb: 512, timeout: Duration.seconds(10), description: 'GET|HEAD /{code}: record the click, answer the 302' },
  reshare: { memoryMb: 512, timeout: Duration.seconds(10), description: "POST /v1/links/{code}/reshare: the visitor's one child link" },
  qr: { memoryMb: 256, timeout: Duration.seconds(10), description: "GET /v1/links/{code}/qr.svg|png: a link's QR code" },
  aggregate: { memoryMb: 1024, timeout: Duration.minutes(5), description: 'Scheduled: incremental viral metrics and threshold events' },
  'deliver-webhooks': { memoryMb: 256, timeout: Duration.seconds(60), description: 'Scheduled: signed webhook delivery from the outbox' },
  dashboard: { memoryMb: 256, timeout: Duration.seconds(10), description: 'GET / and /app/…: the dashboard page, its assets, read-only share pages' },
};

const SCHEDULED = new Set<FunctionName>(scheduledFunctionNames);

export interface RippleFunctionsProps {
  table: ITableV2;
  settings: CloudSettings;
  /** Where failed scheduled runs end up (they are not retried; the next tick is). */
  deadLetterQueue: IQueue;
}

// One NodejsFunction per folder under functions/, bundled exactly as `npm run build` bundles it
// (infra/bundling.ts): ESM, minified, source maps, the AWS SDK inside the bundle, ARM64.
export class RippleFunctions extends Construct {
  readonly byName: Record<FunctionName, NodejsFunction>;

  constructor(scope: Construct, id: string, props: RippleFunctionsProps) {
    super(scope, id);
    const { table } = props;
    const entries = functionNames.map((name) => [name, this.makeFunction(name, props)] as const);
    this.byName = Object.fromEntries(entries) as Record<FunctionName, NodejsFunction>;
    for (const [name, fn] of entries) {
      const access = TABLE_ACCESS[name];
      fn.addToRolePolicy(new PolicyStatement({ actions: access.actions.map((action) => `dynamodb:${action}`), resources: [table.tableArn] }));
      if (access.queries.length > 0) {
        fn.addToRolePolicy(
          new PolicyStatement({
            actions: ['dynamodb:Query'],
            resources: access.queries.map((index) => `${table.tableArn}/index/${index}`),
          }),
        );
      }
    }
  }

  private makeFunction(name: FunctionName, { table, settings, deadLetterQueue }: RippleFunctionsProps) {
    const shape = SHAPES[name];
    const scheduled = SCHEDULED.has(name);
    const logGroup = new LogGroup(this, `${pascal(name)}Logs`, { retention: settings.logRetentionDays });
    return new NodejsFunction(this, pascal(name), {
      entry: join(REPO_ROOT, entryOf(name)),
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      handler: 'handler',
      description: shape.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: shape.memoryMb,
      timeout: shape.timeout,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: {
        RIPPLE_TABLE: table.tableName,
        ...(settings.domainName ? { RIPPLE_PUBLIC_URL: `https://${settings.domainName}` } : {}),
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: `ripple-${name}`,
        POWERTOOLS_METRICS_NAMESPACE: 'Ripple',
      },
      bundling: {
        format: OutputFormat.ESM,
        target: BUNDLE_TARGET,
        platform: 'node',
        minify: true,
        sourceMap: true,
        mainFields: MAIN_FIELDS,
        banner: ESM_REQUIRE_BANNER,
        bundleAwsSDK: true,
        externalModules: [],
        // esbuild's per-bundle size report would fill every synth's (and test run's) output.
        logLevel: LogLevel.WARNING,
        // The dashboard serves the browser code built beside its bundle (infra/web-bundling.ts).
        ...(name === 'dashboard' ? { commandHooks: webBuildHooks } : {}),
      },
      ...(scheduled
        ? {
            // A run that fails is not retried: the next tick is the retry (each run is idempotent), and
            // the failed one is kept in the DLQ. (A throttled tick is not a failure: Lambda queues it.)
            retryAttempts: 0,
            deadLetterQueue,
          }
        : {}),
      ...(name === 'aggregate' && settings.aggregateReservedConcurrency > 0 ? { reservedConcurrentExecutions: settings.aggregateReservedConcurrency } : {}),
    });
  }
}

// NodejsFunction runs these in a shell around its esbuild step; the web build runs with the project's tsx.
const webBuildHooks = {
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (_inputDir: string, outputDir: string) => [
    `node --import tsx ${JSON.stringify(join(REPO_ROOT, 'scripts/build-web.ts'))} ${JSON.stringify(join(outputDir, WEB_DIR_NAME))}`,
  ],
};

const pascal = (name: string) => name.replace(/(^|-)(\w)/g, (_, __, letter: string) => letter.toUpperCase());
