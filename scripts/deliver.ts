// npm run deliver — one round of webhook deliveries in the running local stack (RIPPLE_DATA_DIR):
// every due outbox event is attempted now.
import { localSettings } from '../infra/local/settings.js';
import { readRunningStack } from '../infra/local/stack-file.js';
import type { DeliveryRound } from '../shared/webhooks/deliver.js';

const { dataDir } = localSettings();
const stack = readRunningStack(dataDir);
if (!stack) {
  console.error(`No local Ripple stack is running on ${dataDir}: start it with npm start (or set RIPPLE_DATA_DIR)`);
  process.exit(1);
}
const response = await fetch(`${stack.apiUrl}/_local/deliver`, { method: 'POST', body: '{}' });
const round = (await response.json()) as DeliveryRound | null;
if (!response.ok || !round) {
  console.error(`Delivery failed: HTTP ${response.status}`);
  process.exit(1);
}
console.log(`Attempted ${round.attempted} webhook deliveries: ${round.delivered} delivered, ${round.failed} failed`);
