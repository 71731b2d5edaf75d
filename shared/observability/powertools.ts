import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type middy from '@middy/core';

// One structured logger and one EMF metrics buffer per process. The cloud stack names each
// function's service (POWERTOOLS_SERVICE_NAME) and the namespace; the local stack turns metrics
// off (POWERTOOLS_METRICS_DISABLED) so its console carries only logs.
const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'ripple';

export const logger = new Logger({ serviceName });
export const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Ripple', serviceName });

export { MetricUnit };

/** Counts one thing that happened in this invocation; flushed as EMF when the invocation ends. */
export const count = (name: string, value = 1) => metrics.addMetric(name, MetricUnit.Count, value);

// Every function's outermost middlewares: the Lambda context on each log line, and the
// invocation's metrics (plus a ColdStart count) flushed once at its end, error or not.
export function observed<Event, Result>(): middy.MiddlewareObj<Event, Result, Error>[] {
  return [
    injectLambdaContext(logger) as middy.MiddlewareObj<Event, Result, Error>,
    logMetrics(metrics, { captureColdStartMetric: true }) as middy.MiddlewareObj<Event, Result, Error>,
  ];
}
