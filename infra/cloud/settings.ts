import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';

// The deployment's knobs, read from CDK context (`cdk.json`, or `-c key=value` on the command line).
export interface CloudSettings {
  /** Names the stack (Ripple-<stage>) and the API Gateway stage. */
  stage: string;
  /** A custom domain for the API and short links (needs certificateArn, an ACM certificate in the region). */
  domainName?: string;
  certificateArn?: string;
  /** Steady requests per second and burst, per route group, at the API Gateway stage. */
  throttles: Record<'redirect' | 'publicWrite' | 'bulkWrite' | 'api', { rateLimit: number; burstLimit: number }>;
  logRetentionDays: RetentionDays;
  /** 1 keeps a second aggregation from even starting (the lease already makes it a no-op); 0 leaves it unreserved. */
  aggregateReservedConcurrency: number;
  /** Where alarms are e-mailed, if anywhere (they always publish to the stack's alarm topic). */
  alarmEmail?: string;
}

// Burst limits and concurrency are integers to CloudFormation: 2.5 would synthesize, then fail the deploy.
const number = (node: Node, key: string, fallback: number, { integer = false } = {}) => {
  const value = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0 || (integer && !Number.isInteger(parsed))) {
    throw new Error(`Context ${key} must be a non-negative ${integer ? 'whole number' : 'number'}, got ${value}`);
  }
  return parsed;
};

const text = (node: Node, key: string) => {
  const value = node.tryGetContext(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
};

// CloudWatch Logs accepts only its own list of retention periods (1, 3, 5, 7, 14, 30, 60, 90, … days).
function retention(days: number): RetentionDays {
  const allowed = Object.values(RetentionDays).filter((value): value is RetentionDays => typeof value === 'number');
  const match = allowed.find((value) => value === days);
  if (match === undefined) throw new Error(`Context logRetentionDays must be one of ${allowed.join(', ')}, got ${days}`);
  return match;
}

export function cloudSettings(node: Node): CloudSettings {
  const stage = text(node, 'stage') ?? 'prod';
  if (!/^[A-Za-z0-9-]{1,64}$/.test(stage)) throw new Error(`Context stage must be letters, digits and dashes, got ${stage}`);
  const domainName = text(node, 'domainName');
  const certificateArn = text(node, 'certificateArn');
  if ((domainName === undefined) !== (certificateArn === undefined)) {
    throw new Error('Context domainName and certificateArn go together: set both or neither');
  }
  // A pasted URL ("https://links.example.com") would make every short link https://https://…
  if (domainName !== undefined && !/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(domainName)) {
    throw new Error(`Context domainName must be a host name such as links.example.com, got ${domainName}`);
  }
  if (certificateArn !== undefined && !/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/.+$/.test(certificateArn)) {
    throw new Error(`Context certificateArn must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>), got ${certificateArn}`);
  }
  const alarmEmail = text(node, 'alarmEmail');
  return {
    stage,
    ...(domainName && certificateArn ? { domainName, certificateArn } : {}),
    throttles: {
      redirect: { rateLimit: number(node, 'redirectRateLimit', 2_000), burstLimit: number(node, 'redirectBurstLimit', 5_000, { integer: true }) },
      publicWrite: { rateLimit: number(node, 'publicWriteRateLimit', 50), burstLimit: number(node, 'publicWriteBurstLimit', 100, { integer: true }) },
      // Batches of up to 1,000 links: 10 a second is at most 10,000 links/s, a third of the
      // activity index's ~32,000 events/s, leaving the rest to clicks.
      bulkWrite: { rateLimit: number(node, 'bulkWriteRateLimit', 10), burstLimit: number(node, 'bulkWriteBurstLimit', 20, { integer: true }) },
      api: { rateLimit: number(node, 'apiRateLimit', 200), burstLimit: number(node, 'apiBurstLimit', 400, { integer: true }) },
    },
    logRetentionDays: retention(number(node, 'logRetentionDays', 30)),
    aggregateReservedConcurrency: number(node, 'aggregateReservedConcurrency', 1, { integer: true }),
    ...(alarmEmail ? { alarmEmail } : {}),
  };
}
