import { type LocalStack, startLocalStack } from './local-stack.js';
import { type StoreFront, startStoreFront } from './store-front.js';
import { startReceiver, type WebhookReceiver } from './webhook-receiver.js';

export interface FrontedStack {
  front: StoreFront;
  stack: LocalStack;
  receiver: WebhookReceiver;
  close(): Promise<void>;
}

// A local stack for fault tests: its functions reach its store through a store front, a webhook
// receiver stands beside it, its timers are off (each test runs the jobs itself), and its store
// calls time out as on Lambda (2 s an attempt). `env` adds to or overrides those settings.
export async function startFrontedStack(env: Record<string, string> = {}): Promise<FrontedStack> {
  const front = await startStoreFront();
  const receiver = await startReceiver();
  const stack = await startLocalStack({
    storeFront: front,
    env: {
      RIPPLE_DYNAMODB_TIMEOUT_MS: '2000',
      RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0',
      RIPPLE_DELIVERY_INTERVAL_SECONDS: '0',
      RIPPLE_ALLOW_PRIVATE_WEBHOOKS: '1',
      ...env,
    },
  });
  return {
    front,
    stack,
    receiver,
    close: async () => {
      await stack.stop();
      await front.close();
      await receiver.close();
    },
  };
}
