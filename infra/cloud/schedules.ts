import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SCHEDULED_INPUT, type ScheduledFunctionName, schedules } from '../../shared/topology.js';

// EventBridge Scheduler runs at most once a minute, so intervals below that (webhook delivery's
// local 5 s) become one minute in the cloud; each run drains everything due.
export const MIN_SCHEDULE_SECONDS = 60;
export const cloudIntervalSeconds = (seconds: number) => Math.max(MIN_SCHEDULE_SECONDS, Math.ceil(seconds / 60) * 60);

export interface RippleSchedulesProps {
  functions: Record<ScheduledFunctionName, IFunction>;
  deadLetterQueue: IQueue;
}

// One schedule per scheduled function of the route table. An invocation the scheduler cannot make
// (throttled, function missing) is retried twice within five minutes, then kept in the DLQ.
export class RippleSchedules extends Construct {
  readonly byName: Partial<Record<ScheduledFunctionName, Schedule>> = {};

  constructor(scope: Construct, id: string, { functions, deadLetterQueue }: RippleSchedulesProps) {
    super(scope, id);
    for (const entry of schedules) {
      const minutes = cloudIntervalSeconds(entry.defaultIntervalSeconds) / 60;
      this.byName[entry.function] = new Schedule(this, entry.function, {
        description: `Runs ${entry.function} every ${minutes} minute(s)`,
        schedule: ScheduleExpression.rate(Duration.minutes(minutes)),
        target: new LambdaInvoke(functions[entry.function], {
          input: ScheduleTargetInput.fromObject(SCHEDULED_INPUT),
          retryAttempts: 2,
          maxEventAge: Duration.minutes(5),
          deadLetterQueue,
        }),
      });
    }
  }
}
