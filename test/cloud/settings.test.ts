import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BUNDLING_STACKS } from 'aws-cdk-lib/cx-api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rippleApp } from '../../infra/app.js';
import type { RippleStack } from '../../infra/cloud/ripple-stack.js';
import { type CloudSettings, cloudSettings } from '../../infra/cloud/settings.js';
import { REPO_ROOT } from '../../infra/repo-root.js';
import { type Route, functionNames, routeKey, routes } from '../../shared/topology.js';
import { type Resources, logicalIdOf, ofType, refOf, render, resourcesOf } from './support/template.js';

// The deployment's knobs (CDK context, `-c key=value`): what each accepts, what it refuses with
// a message that names it, and that the stack follows every one of them.

const settingsOf = (context: Record<string, unknown>) => cloudSettings(new App({ context }).node);
const DOMAIN = { domainName: 'links.example.com', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' };
const THROTTLE_KEYS = ['redirect', 'publicWrite', 'bulkWrite', 'api'].flatMap((group) => [`${group}RateLimit`, `${group}BurstLimit`]);

describe('cloudSettings', () => {
  it('defaults to the prod stage, one reserved aggregation and no custom domain', () => {
    const settings = settingsOf({});
    expect(settings.stage).toBe('prod');
    expect(settings.aggregateReservedConcurrency).toBe(1);
    expect(settings.domainName).toBeUndefined();
    expect(settings.certificateArn).toBeUndefined();
  });

  it("accepts cdk.json's own context", () => {
    const { context } = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8'));
    expect(settingsOf(context).stage).toBe(context.stage ?? 'prod');
  });

  it('reads numbers given as strings, as `-c key=value` gives them', () => {
    const settings = settingsOf({ logRetentionDays: '14', aggregateReservedConcurrency: '0', redirectRateLimit: '12.5', apiBurstLimit: '7' });
    expect(settings.logRetentionDays).toBe(14);
    expect(settings.aggregateReservedConcurrency).toBe(0);
    expect(settings.throttles.redirect.rateLimit).toBe(12.5);
    expect(settings.throttles.api.burstLimit).toBe(7);
  });

  it('takes a custom domain together with its certificate', () => {
    expect(settingsOf(DOMAIN)).toMatchObject(DOMAIN);
  });

  it.each([{ domainName: DOMAIN.domainName }, { certificateArn: DOMAIN.certificateArn }])('refuses half a custom domain: %o', (context) => {
    expect(() => settingsOf(context)).toThrow('Context domainName and certificateArn go together: set both or neither');
  });

  it.each(['https://links.example.com', 'links.example.com/', 'links', 'links example.com'])('refuses domainName %s, not a host name', (domainName) => {
    expect(() => settingsOf({ ...DOMAIN, domainName })).toThrow(/Context domainName must be a host name/);
  });

  it.each(['abc', 'arn:aws:s3:::bucket', 'arn:aws:acm:us-east-1:123:certificate/abc'])('refuses certificateArn %s', (certificateArn) => {
    expect(() => settingsOf({ ...DOMAIN, certificateArn })).toThrow(/Context certificateArn must be an ACM certificate ARN/);
  });

  it.each(['has space', 'under_score', 'slash/stage', 'é', 'x'.repeat(65)])('refuses stage %s', (stage) => {
    expect(() => settingsOf({ stage })).toThrow(`Context stage must be letters, digits and dashes, got ${stage}`);
  });

  it.each([2, 8, 0, '2 weeks'])("refuses logRetentionDays %s, not one of CloudWatch Logs' periods", (days) => {
    expect(() => settingsOf({ logRetentionDays: days })).toThrow(/Context logRetentionDays must be/);
  });

  it.each(THROTTLE_KEYS)('refuses a negative or non-numeric %s', (key) => {
    expect(() => settingsOf({ [key]: -1 })).toThrow(`Context ${key} must be a non-negative`);
    expect(() => settingsOf({ [key]: 'fast' })).toThrow(`Context ${key} must be a non-negative`);
  });

  it.each([...THROTTLE_KEYS.filter((key) => key.endsWith('BurstLimit')), 'aggregateReservedConcurrency'])(
    'refuses a fractional %s (an integer to CloudFormation)',
    (key) => {
      expect(() => settingsOf({ [key]: 2.5 })).toThrow(`Context ${key} must be a non-negative whole number, got 2.5`);
    },
  );
});

describe('the stack under non-default settings', () => {
  const context = {
    ...DOMAIN,
    stage: 'staging',
    logRetentionDays: 14,
    aggregateReservedConcurrency: 0,
    redirectRateLimit: 321,
    redirectBurstLimit: 654,
    publicWriteRateLimit: 7,
    publicWriteBurstLimit: 9,
    bulkWriteRateLimit: 3,
    bulkWriteBurstLimit: 5,
    apiRateLimit: 11,
    apiBurstLimit: 13,
  };
  let stack: RippleStack;
  let settings: CloudSettings;
  let template: Template;
  let resources: Resources;
  let outdir: string;

  beforeAll(() => {
    // Wiring only, so no bundles (stack.test.ts synthesizes the real ones), and without aws-cdk-lib's
    // CloudFormation schema check, which only warns and costs ~15 s (npm run synth still runs it).
    vi.stubEnv('CDK_VALIDATION', 'false');
    outdir = mkdtempSync(join(tmpdir(), 'ripple-settings-test-'));
    const built = rippleApp({ ...context, [BUNDLING_STACKS]: [] }, { outdir });
    stack = built.stack;
    settings = cloudSettings(built.app.node);
    built.app.synth(); // cdk-nag still runs: the custom domain passes it too
    template = Template.fromStack(stack);
    resources = resourcesOf(template);
  });

  afterAll(() => {
    vi.unstubAllEnvs();
    rmSync(outdir, { recursive: true, force: true });
  });

  const functionProps = () => functionNames.map((name) => [name, resources[logicalIdOf(stack, stack.functions.byName[name])]!.Properties!] as const);
  const stageProps = () => ofType(resources, 'AWS::ApiGatewayV2::Stage')[0]![1].Properties!;
  const domainId = () => logicalIdOf(stack, stack.httpApi.domainName!);

  it('names the stack, the API and its stage after the stage setting', () => {
    expect(stack.stackName).toBe(`Ripple-${context.stage}`);
    expect(stageProps().StageName).toBe(context.stage);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: `ripple-${context.stage}` });
  });

  it('serves the API on the custom domain with its certificate, mapped to the stage', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: context.domainName,
      DomainNameConfigurations: [{ CertificateArn: context.certificateArn, EndpointType: 'REGIONAL' }],
    });
    const mappings = ofType(resources, 'AWS::ApiGatewayV2::ApiMapping').map(([, mapping]) => mapping.Properties!);
    expect(mappings).toHaveLength(1);
    expect(render(mappings[0]!.DomainName)).toBe(refOf(domainId()));
    expect(render(mappings[0]!.ApiId)).toBe(refOf(logicalIdOf(stack, stack.httpApi.api)));
    expect(mappings[0]!.Stage).toBe(context.stage);
    expect(mappings[0]!.ApiMappingKey).toBeUndefined(); // at the root: short links without a path
  });

  it('tells every function its public URL', () => {
    for (const [name, props] of functionProps()) {
      expect(props.Environment.Variables.RIPPLE_PUBLIC_URL, name).toBe(`https://${context.domainName}`);
    }
  });

  it('outputs the custom domain as ApiUrl, and where to point it', () => {
    const outputs = template.toJSON().Outputs;
    // The domain resource's Ref is its domain name.
    expect(render(outputs.ApiUrl.Value)).toBe(`https://${refOf(domainId())}`);
    expect(render(outputs.DomainTarget.Value)).toBe(`{${domainId()}.RegionalDomainName}`);
  });

  it('leaves the aggregation unreserved when aggregateReservedConcurrency is 0', () => {
    for (const [name, props] of functionProps()) expect(props.ReservedConcurrentExecutions, name).toBeUndefined();
  });

  it('keeps every log group for logRetentionDays', () => {
    const retentions = ofType(resources, 'AWS::Logs::LogGroup').map(([, group]) => group.Properties?.RetentionInDays);
    expect(retentions.length).toBe(functionNames.length + 1); // the functions' and the access log
    expect(new Set(retentions)).toEqual(new Set([context.logRetentionDays]));
  });

  it('throttles the stage, the public routes and the bulk import at the limits given', () => {
    const throttle = (group: keyof CloudSettings['throttles']) => ({
      ThrottlingRateLimit: settings.throttles[group].rateLimit,
      ThrottlingBurstLimit: settings.throttles[group].burstLimit,
    });
    expect(stageProps().DefaultRouteSettings).toEqual({ ThrottlingRateLimit: context.apiRateLimit, ThrottlingBurstLimit: context.apiBurstLimit });
    const groups = { redirect: 'redirect', 'public-write': 'publicWrite', 'bulk-write': 'bulkWrite' } as const;
    const expected = Object.fromEntries(
      (routes as readonly Route[]).flatMap((route) => (route.throttle ? [[routeKey(route), throttle(groups[route.throttle])]] : [])),
    );
    expect(stageProps().RouteSettings).toEqual(expected);
    expect(Object.values(expected)).toContainEqual({ ThrottlingRateLimit: context.redirectRateLimit, ThrottlingBurstLimit: context.redirectBurstLimit });
    expect(Object.values(expected)).toContainEqual({ ThrottlingRateLimit: context.publicWriteRateLimit, ThrottlingBurstLimit: context.publicWriteBurstLimit });
    expect(Object.values(expected)).toContainEqual({ ThrottlingRateLimit: context.bulkWriteRateLimit, ThrottlingBurstLimit: context.bulkWriteBurstLimit });
  });
});
