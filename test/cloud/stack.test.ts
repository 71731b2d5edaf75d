import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { BUNDLING_STACKS, CDK_APP_MODE_CONTEXT, VALIDATION_REPORT_FILE } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rippleApp } from '../../infra/app.js';
import { BUNDLE_TARGET } from '../../infra/bundling.js';
import { ACKNOWLEDGED_RULES } from '../../infra/cloud/nag-acknowledgements.js';
import type { RippleStack } from '../../infra/cloud/ripple-stack.js';
import { MIN_SCHEDULE_SECONDS, cloudIntervalSeconds } from '../../infra/cloud/schedules.js';
import { type CloudSettings, cloudSettings } from '../../infra/cloud/settings.js';
import { TABLE_ACCESS } from '../../infra/cloud/table-access.js';
import { REPO_ROOT } from '../../infra/repo-root.js';
import { loadConfig } from '../../shared/config.js';
import {
  DEFAULT_FUNCTION,
  DEFAULT_ROUTE_KEY,
  SCHEDULED_INPUT,
  type FunctionName,
  type Route,
  functionNames,
  httpFunctionNames,
  routeKey,
  routes,
  schedules,
} from '../../shared/topology.js';
import { TTL_ATTRIBUTE, createTableInput } from '../../shared/store/table.js';
import {
  type Grant,
  type Resources,
  arnOf,
  grantKey,
  grantsOfRole,
  logicalIdOf,
  ofType,
  refOf,
  referencedId,
  render,
  resourcesOf,
  roleOfFunction,
} from './support/template.js';

// The CDK app as `npm run synth` builds it (real bundles, cdk-nag on), synthesized once and held
// against what it is built from: the route table, the table's shape, TABLE_ACCESS, the settings.

const routeTable = routes as readonly Route[];
const scheduledFunctions = new Set<FunctionName>(schedules.map((entry) => entry.function));

let app: App;
let stack: RippleStack;
let assembly: CloudAssembly;
let template: Template;
let resources: Resources;
let settings: CloudSettings;
/** Logical id of each function, and the reverse. */
let idOf: Record<FunctionName, string>;
let nameOf: Map<string, FunctionName>;
let tableId: string;
let dlqId: string;
let topicId: string;
let cliSynth: Promise<{ status: number | null; output: string }>;
let cliOutdir: string;
const outdirs: string[] = [];

const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  outdirs.push(dir);
  return dir;
};

/** The findings of every validation plugin, from the report the synth writes to its assembly. */
const violationsIn = (outdir: string) => {
  const report = JSON.parse(readFileSync(join(outdir, VALIDATION_REPORT_FILE), 'utf8'));
  return (report.pluginReports as any[]).flatMap((plugin) =>
    (plugin.violations as any[]).map((violation) => ({
      plugin: plugin.pluginName,
      rule: violation.ruleName,
      severity: violation.severity,
      paths: violation.violatingConstructs.map((construct: any) => construct.constructPath),
    })),
  );
};

const propsOf = (logicalId: string) => {
  const properties = resources[logicalId]?.Properties;
  if (!properties) throw new Error(`no resource ${logicalId}`);
  return properties;
};

// `npm run synth` in a child process with no AWS configuration at all (no credential variables,
// credential and config files that do not exist) and a Docker that does not exist either.
function npmRunSynth(outdir: string) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_') && !['NODE_ENV', 'CDK_VALIDATION'].includes(key)));
  Object.assign(env, {
    AWS_SHARED_CREDENTIALS_FILE: join(outdir, 'no-credentials'),
    AWS_CONFIG_FILE: join(outdir, 'no-config'),
    CDK_DOCKER: join(outdir, 'no-docker'),
  });
  return new Promise<{ status: number | null; output: string }>((resolve) => {
    const child = spawn('npm', ['run', '-s', 'synth', '--', '-o', outdir], { cwd: REPO_ROOT, env });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ status: null, output: String(error) }));
    child.on('close', (status) => resolve({ status, output }));
  });
}

beforeAll(() => {
  // Started first, so the CLI's synth runs beside the in-process one instead of after it.
  cliOutdir = tempDir('ripple-cli-synth-');
  cliSynth = npmRunSynth(cliOutdir);
  // aws-cdk-lib's CloudFormation schema check only warns, and costs ~15 s per process: the CLI's
  // synth runs it (and its report must be empty); cdk-nag runs in both.
  vi.stubEnv('CDK_VALIDATION', 'false');

  ({ app, stack } = rippleApp({}, { outdir: tempDir('ripple-stack-test-') }));
  settings = cloudSettings(app.node);
  assembly = app.synth(); // throws on any unacknowledged AwsSolutions error
  template = Template.fromStack(stack); // the same synthesis, not a second one
  resources = resourcesOf(template);

  idOf = Object.fromEntries(functionNames.map((name) => [name, logicalIdOf(stack, stack.functions.byName[name])])) as Record<FunctionName, string>;
  nameOf = new Map(functionNames.map((name) => [idOf[name], name]));
  tableId = logicalIdOf(stack, stack.table);
  dlqId = logicalIdOf(stack, stack.deadLetterQueue);
  topicId = logicalIdOf(stack, stack.alarmTopic);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await cliSynth; // even when a test failed early: the child must be done before its folder goes
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

describe('HTTP API routes', () => {
  it('declares exactly one route per entry of the route table, plus $default', () => {
    const keys = ofType(resources, 'AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties?.RouteKey as string);
    expect(keys.sort()).toEqual([...routeTable.map(routeKey), DEFAULT_ROUTE_KEY].sort());
  });

  it('sends each route to the function the route table names, and $default to the default function', () => {
    const served = Object.fromEntries(
      ofType(resources, 'AWS::ApiGatewayV2::Route').map(([, route]) => {
        const integrationId = referencedId(route.Properties?.Target, 'integrations/');
        const integration = propsOf(integrationId);
        expect(integration.IntegrationType).toBe('AWS_PROXY');
        const functionId = referencedId(integration.IntegrationUri);
        return [route.Properties?.RouteKey, nameOf.get(functionId)];
      }),
    );
    expect(served).toEqual({
      ...Object.fromEntries(routeTable.map((route) => [routeKey(route), route.function])),
      [DEFAULT_ROUTE_KEY]: DEFAULT_FUNCTION,
    });
  });

  it('lets API Gateway invoke exactly the functions the routes reach', () => {
    const invoked = ofType(resources, 'AWS::Lambda::Permission')
      .filter(([, permission]) => permission.Properties?.Principal === 'apigateway.amazonaws.com')
      .map(([, permission]) => nameOf.get(referencedId(permission.Properties?.FunctionName)));
    expect(new Set(invoked)).toEqual(new Set([...routeTable.map((route) => route.function), DEFAULT_FUNCTION]));
  });

  it('has no gateway authorizer: the functions authenticate (acknowledged as AwsSolutions-APIG4)', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
    for (const [, route] of ofType(resources, 'AWS::ApiGatewayV2::Route')) {
      expect(route.Properties?.AuthorizationType ?? 'NONE').toBe('NONE');
      expect(route.Properties?.AuthorizerId).toBeUndefined();
    }
    expect(Object.keys(ACKNOWLEDGED_RULES)).toContain('AwsSolutions-APIG4');
  });
});

describe('HTTP API stage', () => {
  const stageProps = () => {
    const stages = ofType(resources, 'AWS::ApiGatewayV2::Stage');
    expect(stages).toHaveLength(1);
    return stages[0]![1].Properties!;
  };
  const throttleOf = ({ rateLimit, burstLimit }: { rateLimit: number; burstLimit: number }) => ({
    ThrottlingRateLimit: rateLimit,
    ThrottlingBurstLimit: burstLimit,
  });

  it('is named after the stage setting, as is the stack', () => {
    expect(stageProps().StageName).toBe(settings.stage);
    expect(stack.stackName).toBe(`Ripple-${settings.stage}`);
    expect(stageProps().AutoDeploy).toBe(true);
  });

  it('throttles every route at the api setting by default', () => {
    expect(stageProps().DefaultRouteSettings).toEqual(throttleOf(settings.throttles.api));
  });

  it('throttles exactly the routes the route table marks, redirects, public writes and the bulk import at their own limits', () => {
    const limits = { redirect: settings.throttles.redirect, 'public-write': settings.throttles.publicWrite, 'bulk-write': settings.throttles.bulkWrite };
    const expected = Object.fromEntries(routeTable.flatMap((route) => (route.throttle ? [[routeKey(route), throttleOf(limits[route.throttle])]] : [])));
    expect(Object.keys(expected).length).toBeGreaterThan(0);
    expect(stageProps().RouteSettings).toEqual(expected);
    // The groups differ, so a route given another group's limits shows.
    expect(new Set(Object.values(limits).map((limit) => JSON.stringify(limit))).size).toBe(3);
  });

  it('writes access logs to a log group kept for the retention setting', () => {
    const { AccessLogSettings } = stageProps();
    const logGroupId = referencedId(AccessLogSettings.DestinationArn);
    expect(resources[logGroupId]?.Type).toBe('AWS::Logs::LogGroup');
    expect(propsOf(logGroupId).RetentionInDays).toBe(settings.logRetentionDays);
    expect(JSON.parse(AccessLogSettings.Format)).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
  });

  it('keeps neither the client address nor the user agent in the access log (docs/contract.md §2)', () => {
    const format: string = stageProps().AccessLogSettings.Format;
    expect(format).not.toContain('$context.identity.sourceIp');
    expect(format).not.toMatch(/userAgent|user-agent|X-Forwarded-For|\$context\.identity/i);
  });
});

describe('Lambda functions', () => {
  const functionProps = (name: FunctionName) => propsOf(idOf[name]);

  it('deploys exactly one function per function folder', () => {
    const deployed = ofType(resources, 'AWS::Lambda::Function').map(([id]) => id);
    expect(deployed.sort()).toEqual(functionNames.map((name) => idOf[name]).sort());
  });

  it.each(functionNames)('runs %s on arm64, on a Node.js runtime at least the bundle target', (name) => {
    const props = functionProps(name);
    const runtime = /^nodejs(\d+)\.x$/.exec(props.Runtime)?.[1];
    expect(runtime, props.Runtime).toBeDefined();
    expect(Number(runtime)).toBeGreaterThanOrEqual(Number(BUNDLE_TARGET.replace(/^node/, '')));
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.Handler).toBe('index.handler');
  });

  it.each(functionNames)('gives %s the table, source maps and its own Powertools service name', (name) => {
    const variables = functionProps(name).Environment.Variables;
    expect(variables.RIPPLE_TABLE).toEqual({ Ref: tableId });
    expect(variables.NODE_OPTIONS.split(/\s+/)).toContain('--enable-source-maps');
    expect(variables.POWERTOOLS_SERVICE_NAME).toBe(`ripple-${name}`);
    // Without a custom domain the functions derive the public URL from the request.
    expect(variables.RIPPLE_PUBLIC_URL).toBeUndefined();
  });

  it.each(functionNames)('logs %s to its own log group kept for the retention setting', (name) => {
    const logGroup = functionProps(name).LoggingConfig?.LogGroup;
    const logGroupId = referencedId(logGroup);
    expect(resources[logGroupId]?.Type).toBe('AWS::Logs::LogGroup');
    expect(propsOf(logGroupId).RetentionInDays).toBe(settings.logRetentionDays);
    const shared = functionNames.filter((other) => render(functionProps(other).LoggingConfig?.LogGroup) === render(logGroup));
    expect(shared).toEqual([name]);
  });

  it('outlasts the webhook timeout in the function serving POST /v1/webhooks/{id}/test, which sends inline', () => {
    const route = routeTable.find((entry) => entry.method === 'POST' && entry.path === '/v1/webhooks/{id}/test');
    expect(route).toBeDefined();
    const props = functionProps(route!.function);
    const env = Object.fromEntries(Object.entries(props.Environment.Variables).filter(([, value]) => typeof value === 'string'));
    const { RIPPLE_WEBHOOK_TIMEOUT_MS } = loadConfig(env as Record<string, string>);
    expect(props.Timeout * 1000).toBeGreaterThan(RIPPLE_WEBHOOK_TIMEOUT_MS);
  });

  it('ends every HTTP function before API Gateway gives up on it (30 s), so its answer is the one the client gets', () => {
    const httpFunctions = new Set(routeTable.map((route) => route.function));
    expect(httpFunctions.size).toBeGreaterThan(0);
    for (const name of httpFunctions) expect(functionProps(name).Timeout, name).toBeLessThan(30);
  });

  it('reserves the aggregation the concurrency the setting gives, and no other function any', () => {
    expect(settings.aggregateReservedConcurrency).toBeGreaterThan(0);
    for (const name of functionNames) {
      const expected = name === 'aggregate' ? settings.aggregateReservedConcurrency : undefined;
      expect(functionProps(name).ReservedConcurrentExecutions, name).toBe(expected);
    }
  });

  it('dead-letters failed scheduled invocations instead of letting Lambda retry them', () => {
    const invokeConfigs = ofType(resources, 'AWS::Lambda::EventInvokeConfig');
    for (const name of functionNames) {
      const configs = invokeConfigs.filter(([, config]) => render(config.Properties?.FunctionName) === refOf(idOf[name]));
      if (scheduledFunctions.has(name)) {
        expect(render(functionProps(name).DeadLetterConfig?.TargetArn), name).toBe(arnOf(dlqId));
        expect(
          configs.map(([, config]) => config.Properties?.MaximumRetryAttempts),
          name,
        ).toEqual([0]);
      } else {
        expect(functionProps(name).DeadLetterConfig, name).toBeUndefined();
        expect(configs, name).toEqual([]);
      }
    }
  });
});

describe('DynamoDB table', () => {
  const tableProps = () => {
    const tables = ofType(resources, 'AWS::DynamoDB::GlobalTable');
    expect(tables.map(([id]) => id)).toEqual([tableId]);
    return propsOf(tableId);
  };
  const byName = <T extends { AttributeName: string }>(list: readonly T[]) => [...list].sort((a, b) => a.AttributeName.localeCompare(b.AttributeName));
  const byIndex = <T extends { IndexName: string }>(list: readonly T[]) => [...list].sort((a, b) => a.IndexName.localeCompare(b.IndexName));

  it('is the one table createTableInput describes: keys, attributes, indexes, on demand', () => {
    const input = createTableInput('any');
    const props = tableProps();
    expect(props.KeySchema).toEqual(input.KeySchema);
    expect(byName(props.AttributeDefinitions)).toEqual(byName(input.AttributeDefinitions));
    expect(byIndex(props.GlobalSecondaryIndexes)).toEqual(byIndex(input.GlobalSecondaryIndexes));
    expect(props.BillingMode).toBe(input.BillingMode);
    expect(input.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('expires items on the TTL attribute', () => {
    expect(tableProps().TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
  });

  it('survives mistakes: point-in-time recovery, deletion protection, retained with the stack', () => {
    const replicas = tableProps().Replicas;
    expect(replicas).toHaveLength(1);
    expect(replicas[0].PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(replicas[0].DeletionProtectionEnabled).toBe(true);
    expect(resources[tableId]?.DeletionPolicy).toBe('Retain');
    expect(resources[tableId]?.UpdateReplacePolicy).toBe('Retain');
  });
});

describe('IAM: least privilege per function', () => {
  const grantsOf = (name: FunctionName) => grantsOfRole(resources, roleOfFunction(resources, idOf[name]));
  const isDynamo = (grant: Grant) => grant.action.startsWith('dynamodb:');
  const keys = (grants: Grant[]) => grants.map(grantKey).sort();

  it.each(functionNames)('grants %s exactly its TABLE_ACCESS: actions on the table, Query on the indexes it lists', (name) => {
    const access = TABLE_ACCESS[name];
    const expected: Grant[] = [
      ...access.actions.map((action) => ({ effect: 'Allow', action: `dynamodb:${action}`, resource: arnOf(tableId) })),
      ...access.queries.map((index) => ({ effect: 'Allow', action: 'dynamodb:Query', resource: `${arnOf(tableId)}/index/${index}` })),
    ];
    expect(keys(grantsOf(name).filter(isDynamo))).toEqual(keys(expected));
  });

  it.each(functionNames)('gives %s no Scan, no table administration and no wildcard', (name) => {
    for (const grant of grantsOf(name)) {
      expect(grant.action, grantKey(grant)).not.toContain('*');
      if (!isDynamo(grant)) continue;
      expect(grant.resource, grantKey(grant)).not.toContain('*');
      expect(grant.action, grantKey(grant)).not.toBe('dynamodb:Scan');
      // Item calls only: nothing that creates, changes, deletes or backs up a table or index.
      expect(grant.action, grantKey(grant)).toMatch(/^dynamodb:(Get|BatchGet|Query|Put|Update|Delete|BatchWrite)Item$|^dynamodb:Query$/);
    }
  });

  it('lets the redirect read and put only: no Query, update or delete', () => {
    const actions = grantsOf('redirect')
      .filter(isDynamo)
      .map((grant) => grant.action);
    expect(actions.length).toBeGreaterThan(0);
    for (const action of ['Query', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']) expect(actions).not.toContain(`dynamodb:${action}`);
  });

  it.each(functionNames)('gives %s nothing else but, when scheduled, sending to the dead-letter queue', (name) => {
    const expected = scheduledFunctions.has(name) ? [{ effect: 'Allow', action: 'sqs:SendMessage', resource: arnOf(dlqId) }] : [];
    expect(keys(grantsOf(name).filter((grant) => !isDynamo(grant)))).toEqual(keys(expected));
  });

  it.each(functionNames)('attaches to %s no managed policy but the basic execution role (logs only)', (name) => {
    const managed: unknown[] = propsOf(roleOfFunction(resources, idOf[name])).ManagedPolicyArns ?? [];
    expect(managed.map(render)).toEqual(['arn:{Ref:AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']);
  });
});

describe('schedules', () => {
  const UNIT_SECONDS: Record<string, number> = { minute: 60, minutes: 60, hour: 3_600, hours: 3_600, day: 86_400, days: 86_400 };
  const rateSeconds = (expression: string) => {
    const match = /^rate\((\d+) (\w+)\)$/.exec(expression);
    const unit = UNIT_SECONDS[match?.[2] ?? ''];
    if (!match || unit === undefined) throw new Error(`not a rate expression: ${expression}`);
    return Number(match[1]) * unit;
  };
  const scheduleOf = (name: FunctionName) => {
    const found = ofType(resources, 'AWS::Scheduler::Schedule').filter(([, schedule]) => render(schedule.Properties?.Target?.Arn) === arnOf(idOf[name]));
    expect(found, name).toHaveLength(1);
    return found[0]![1].Properties!;
  };

  it('runs each entry of the schedules table once, at its cloud interval', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', schedules.length);
    for (const entry of schedules) {
      const props = scheduleOf(entry.function);
      expect(props.State ?? 'ENABLED').toBe('ENABLED');
      const seconds = rateSeconds(props.ScheduleExpression);
      expect(seconds, entry.function).toBe(cloudIntervalSeconds(entry.defaultIntervalSeconds));
      expect(seconds, entry.function).toBeGreaterThanOrEqual(MIN_SCHEDULE_SECONDS);
    }
  });

  it('hands each function the one scheduled input the sample events and the local timers use', () => {
    for (const entry of schedules) expect(JSON.parse(scheduleOf(entry.function).Target.Input)).toEqual(SCHEDULED_INPUT);
  });

  it('retries an invocation twice within five minutes, then dead-letters it', () => {
    for (const entry of schedules) {
      const { Target } = scheduleOf(entry.function);
      expect(Target.RetryPolicy).toEqual({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 300 });
      expect(render(Target.DeadLetterConfig?.Arn)).toBe(arnOf(dlqId));
    }
  });

  it('may invoke its function, and send to the dead-letter queue, and nothing else', () => {
    for (const entry of schedules) {
      const roleId = referencedId(scheduleOf(entry.function).Target.RoleArn);
      const fn = arnOf(idOf[entry.function]);
      expect(grantsOfRole(resources, roleId).map(grantKey).sort()).toEqual(
        [`Allow lambda:InvokeFunction ${fn}`, `Allow lambda:InvokeFunction ${fn}:*`, `Allow sqs:SendMessage ${arnOf(dlqId)}`].sort(),
      );
    }
  });
});

describe('alarms', () => {
  const alarms = () => ofType(resources, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties!);
  const dimensions = (alarm: Record<string, any>) => (alarm.Dimensions ?? []).map((d: any) => `${d.Name}=${render(d.Value)}`);

  it.each(functionNames)('alarms on %s errors and on its throttles', (name) => {
    for (const metric of ['Errors', 'Throttles']) {
      const found = alarms().filter(
        (alarm) => alarm.Namespace === 'AWS/Lambda' && alarm.MetricName === metric && dimensions(alarm).join() === `FunctionName=${refOf(idOf[name])}`,
      );
      expect(found, `${name} ${metric}`).toHaveLength(1);
    }
  });

  it('alarms on any message in the dead-letter queue', () => {
    const found = alarms().filter((alarm) => alarm.Namespace === 'AWS/SQS' && alarm.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(found).toHaveLength(1);
    expect(dimensions(found[0]!)).toEqual([`QueueName={${dlqId}.QueueName}`]);
  });

  it.each(httpFunctionNames)('alarms on any 5xx %s answers (its EMF ServerErrors count)', (name) => {
    const found = alarms().filter((alarm) => alarm.Namespace === 'Ripple' && alarm.MetricName === 'ServerErrors');
    const mine = found.filter((alarm) => dimensions(alarm).join() === `service=ripple-${name}`);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ Statistic: 'Sum', Threshold: 1, EvaluationPeriods: 1 });
  });

  it('alarms on aggregation throttles only when they last 15 minutes (a tick queued behind a long run is normal)', () => {
    const throttles = (name: string) =>
      alarms().find((alarm) => alarm.MetricName === 'Throttles' && dimensions(alarm).join() === `FunctionName=${refOf(idOf[name as FunctionName])}`);
    expect(throttles('aggregate')).toMatchObject({ Period: 300, EvaluationPeriods: 3, DatapointsToAlarm: 3 });
    expect(throttles('redirect')).toMatchObject({ Period: 300, EvaluationPeriods: 1, DatapointsToAlarm: 1 });
  });

  it('notifies the alarm topic from every alarm', () => {
    expect(alarms()).toHaveLength(2 * functionNames.length + httpFunctionNames.length + 1);
    for (const alarm of alarms()) expect((alarm.AlarmActions ?? []).map(render), alarm.AlarmDescription).toContain(refOf(topicId));
  });

  it('keeps dead letters encrypted (SQS-managed) and reachable over TLS only', () => {
    expect(propsOf(dlqId).SqsManagedSseEnabled).toBe(true);
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: dlqId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sqs:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            Resource: { 'Fn::GetAtt': [dlqId, 'Arn'] },
          }),
        ]),
      },
    });
  });
});

describe('cdk-nag (AwsSolutions)', () => {
  it('synthesizes the app as built with no unacknowledged finding, error or warning', () => {
    expect(assembly.getStackByName(stack.stackName).template.Resources).toBeDefined();
    // Warnings do not fail a synth; this holds the stack to none either.
    const report = new AwsSolutionsChecks().validateScope(app);
    expect(report.violations.map((violation) => `${violation.ruleName} at ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
  });

  it('fails the synth on a finding nobody acknowledged', () => {
    // Bundling skipped: the finding is the point here, and the bundled synth is the one above.
    const outdir = tempDir('ripple-nag-test-');
    const broken = rippleApp({ [BUNDLING_STACKS]: [], [CDK_APP_MODE_CONTEXT]: 'inmemory' }, { outdir });
    new Queue(broken.stack, 'QueueWithoutTls'); // enforceSSL defaults to false
    expect(() => broken.app.synth()).toThrow(/AwsSolutions-SQS4/);
    expect(violationsIn(outdir)).toContainEqual({
      plugin: 'AwsSolutions',
      rule: 'AwsSolutions-SQS4',
      severity: 'error',
      paths: [`${broken.stack.stackName}/QueueWithoutTls/Resource`],
    });
  });

  it.each(Object.entries(ACKNOWLEDGED_RULES))('acknowledges %s with a reason a reviewer can check', (id, reason) => {
    expect(id).toMatch(/^AwsSolutions-[A-Z]+\d+$/);
    expect(reason.trim().length).toBeGreaterThanOrEqual(40);
  });
});

describe('npm run synth', () => {
  it('synthesizes the stack offline, without AWS credentials or Docker', async () => {
    const { status, output } = await cliSynth;
    expect(status, output).toBe(0);
    const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8'));
    const stackName = `Ripple-${cloudSettings(new App({ context: cdkJson.context }).node).stage}`;
    expect(existsSync(join(cliOutdir, `${stackName}.template.json`)), output).toBe(true);
    // Neither cdk-nag nor aws-cdk-lib's CloudFormation check found anything, not even a warning.
    expect(violationsIn(cliOutdir)).toEqual([]);
    const cliTemplate = JSON.parse(readFileSync(join(cliOutdir, `${stackName}.template.json`), 'utf8'));
    const functions = Object.values(cliTemplate.Resources as Resources).filter((resource) => resource.Type === 'AWS::Lambda::Function');
    expect(functions).toHaveLength(functionNames.length);
  });
});
