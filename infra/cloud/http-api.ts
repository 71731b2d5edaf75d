import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { type CfnStage, DomainName, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DEFAULT_FUNCTION, type HttpFunctionName, type Route, routeKey, routes } from '../../shared/topology.js';
import type { CloudSettings } from './settings.js';

export interface RippleHttpApiProps {
  functions: Record<HttpFunctionName, IFunction>;
  settings: CloudSettings;
}

// What the access log keeps per request: no client address nor user agent, as for clicks (docs/contract.md §2).
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationError: '$context.integrationErrorMessage',
};

// API Gateway's route settings per throttle group of the route table (shared/topology.ts).
const THROTTLE_GROUPS = { redirect: 'redirect', 'public-write': 'publicWrite', 'bulk-write': 'bulkWrite' } as const;
const throttleOf = (route: Route, settings: CloudSettings) => (route.throttle ? settings.throttles[THROTTLE_GROUPS[route.throttle]] : undefined);

// The HTTP API: one route per entry of the route table, each to the function the table names, and
// everything else to the api function (a JSON 404). One stage, throttled as a whole and per public
// route; optionally a custom domain mapped at its root, which gives short links without a stage path.
export class RippleHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly domainName?: DomainName;

  constructor(scope: Construct, id: string, { functions, settings }: RippleHttpApiProps) {
    super(scope, id);
    const integrations = new Map<HttpFunctionName, HttpLambdaIntegration>();
    const integrationFor = (name: HttpFunctionName) => {
      let integration = integrations.get(name);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${name}Integration`, functions[name]);
        integrations.set(name, integration);
      }
      return integration;
    };

    this.api = new HttpApi(this, 'Api', {
      apiName: `ripple-${settings.stage}`,
      description: 'Ripple: share links, re-share tracking and viral reports',
      createDefaultStage: false,
      defaultIntegration: integrationFor(DEFAULT_FUNCTION),
    });
    const created = routes.flatMap((route) =>
      this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration: integrationFor(route.function) }),
    );

    if (settings.domainName && settings.certificateArn) {
      this.domainName = new DomainName(this, 'Domain', {
        domainName: settings.domainName,
        certificate: Certificate.fromCertificateArn(this, 'Certificate', settings.certificateArn),
      });
    }

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: settings.logRetentionDays });
    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: settings.stage,
      autoDeploy: true,
      throttle: settings.throttles.api,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
      ...(this.domainName ? { domainMapping: { domainName: this.domainName } } : {}),
    });

    // The stage's own throttle applies to every route; the public ones and the bulk import get theirs by route key.
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const route of routes as readonly Route[]) {
      const throttle = throttleOf(route, settings);
      if (throttle) routeSettings[routeKey(route)] = { ThrottlingRateLimit: throttle.rateLimit, ThrottlingBurstLimit: throttle.burstLimit };
    }
    const cfnStage = this.stage.node.defaultChild as CfnStage;
    cfnStage.routeSettings = routeSettings;
    // Route settings name routes that must exist first.
    for (const route of created) this.stage.node.addDependency(route);
  }

  /** Where short links and the API are served: the custom domain, else the stage's execute-api URL. */
  get url(): string {
    return this.domainName ? `https://${this.domainName.name}` : this.stage.url.replace(/\/$/, '');
  }
}
