import { type CfnResource, Validations } from 'aws-cdk-lib';
import type { RippleStack } from './ripple-stack.js';

// Each AwsSolutions finding this stack keeps on purpose, and why. Anything else fails the synth.
export const ACKNOWLEDGED_RULES = {
  'AwsSolutions-APIG4':
    'Authorization is in the functions, not at the gateway: management routes check a hashed API key per workspace ' +
    '(shared/http/auth.ts) and answer 401 in JSON; the redirect and the re-share routes are public by design (docs/contract.md §2) ' +
    'and throttled per route instead.',
  'AwsSolutions-IAM4':
    'AWSLambdaBasicExecutionRole grants only logs:CreateLogGroup/CreateLogStream/PutLogEvents; a hand-written copy ' +
    'would need the same log-stream wildcard.',
  'AwsSolutions-IAM5': 'EventBridge Scheduler may invoke the function and its versions (ARN and ARN:*); it is granted nothing else.',
} as const;

export function acknowledgeFindings(stack: RippleStack) {
  Validations.of(stack.httpApi.api).acknowledge({ id: 'AwsSolutions-APIG4', reason: ACKNOWLEDGED_RULES['AwsSolutions-APIG4'] });
  for (const fn of Object.values(stack.functions.byName)) {
    Validations.of(fn).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: ACKNOWLEDGED_RULES['AwsSolutions-IAM4'],
    });
  }
  // The scheduler's target roles live at the stack's root; each finding names the function's logical id.
  for (const fn of [stack.functions.byName.aggregate, stack.functions.byName['deliver-webhooks']]) {
    const logicalId = stack.resolve((fn.node.defaultChild as CfnResource).logicalId) as string;
    Validations.of(stack).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
      reason: ACKNOWLEDGED_RULES['AwsSolutions-IAM5'],
    });
  }
}
