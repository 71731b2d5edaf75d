import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { RippleAlarms } from './alarms.js';
import { RippleFunctions } from './functions.js';
import { RippleHttpApi } from './http-api.js';
import { acknowledgeFindings } from './nag-acknowledgements.js';
import { RippleSchedules } from './schedules.js';
import type { CloudSettings } from './settings.js';
import { rippleTable } from './table.js';

export interface RippleStackProps extends StackProps {
  settings: CloudSettings;
}

// Ripple on AWS: the table, one Lambda per function folder, the HTTP API from the route table,
// the schedules, and the alarms. See docs/architecture.md and the README's Deploy section.
export class RippleStack extends Stack {
  readonly table;
  readonly functions;
  readonly httpApi;
  readonly schedules;
  readonly alarms;
  readonly deadLetterQueue;
  readonly alarmTopic;

  constructor(scope: Construct, id: string, { settings, ...props }: RippleStackProps) {
    super(scope, id, props);
    this.table = rippleTable(this);
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.alarmTopic = new Topic(this, 'AlarmTopic', { displayName: `Ripple ${settings.stage} alarms`, enforceSSL: true });
    if (settings.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(settings.alarmEmail));

    this.functions = new RippleFunctions(this, 'Functions', { table: this.table, settings, deadLetterQueue: this.deadLetterQueue });
    const fns = this.functions.byName;
    this.httpApi = new RippleHttpApi(this, 'Http', {
      functions: { api: fns.api, redirect: fns.redirect, reshare: fns.reshare, qr: fns.qr, dashboard: fns.dashboard },
      settings,
    });
    this.schedules = new RippleSchedules(this, 'Schedules', {
      functions: { aggregate: fns.aggregate, 'deliver-webhooks': fns['deliver-webhooks'] },
      deadLetterQueue: this.deadLetterQueue,
    });
    this.alarms = new RippleAlarms(this, 'Alarms', { functions: fns, deadLetterQueue: this.deadLetterQueue, topic: this.alarmTopic });

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.url, description: 'Base URL of the API and of short links' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'Set RIPPLE_TABLE to this for npm run workspace -- create <name> --aws' });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.deadLetterQueue.queueUrl });
    if (this.httpApi.domainName) {
      new CfnOutput(this, 'DomainTarget', {
        value: this.httpApi.domainName.regionalDomainName,
        description: `Point ${settings.domainName} here (CNAME or alias)`,
      });
    }
    acknowledgeFindings(this);
  }
}
