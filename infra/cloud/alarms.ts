import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type FunctionName, type HttpFunctionName, httpFunctionNames } from '../../shared/topology.js';

export interface RippleAlarmsProps {
  functions: Record<FunctionName, IFunction>;
  deadLetterQueue: IQueue;
  topic: ITopic;
}

const PERIOD = Duration.minutes(5);

/** The EMF count an HTTP function writes for each 5xx it answers (shared/http/http-handler.ts). */
export const serverErrorsMetric = (name: HttpFunctionName) =>
  new Metric({ namespace: 'Ripple', metricName: 'ServerErrors', dimensionsMap: { service: `ripple-${name}` }, statistic: 'Sum', period: PERIOD });

// Any function error or throttle within five minutes, any 5xx answer, and any message in the DLQ
// notify the alarm topic. Errors are faults, never bad input (that is a 4xx); a store fault the
// handlers answer as a JSON 503 is no invocation error, so the 5xx count has alarms of its own.
export class RippleAlarms extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, { functions, deadLetterQueue, topic }: RippleAlarmsProps) {
    super(scope, id);
    for (const [name, fn] of Object.entries(functions) as [FunctionName, IFunction][]) {
      this.add(`${name}-errors`, `${name}: invocation errors`, fn.metricErrors({ period: PERIOD }));
      // The aggregation has one reserved slot: a tick that arrives while a long run holds it is
      // throttled, waits in Lambda's queue and then finds the lease free. Only throttling that
      // lasts (15 minutes) means it is falling behind.
      const sustained = name === 'aggregate' ? 3 : 1;
      this.add(`${name}-throttles`, `${name}: throttled invocations`, fn.metricThrottles({ period: PERIOD }), sustained);
    }
    for (const name of httpFunctionNames) this.add(`${name}-server-errors`, `${name}: 5xx answers`, serverErrorsMetric(name));
    this.add(
      'dead-letters',
      'Scheduled runs or invocations in the dead-letter queue',
      deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
    );
    const action = new SnsAction(topic);
    for (const alarm of this.alarms) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
  }

  private add(id: string, description: string, metric: IMetric, periods = 1) {
    this.alarms.push(
      new Alarm(this, id, {
        alarmDescription: description,
        metric,
        threshold: 1,
        evaluationPeriods: periods,
        datapointsToAlarm: periods,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }
}
