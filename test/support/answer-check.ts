import { type Answer, type ResponseChecker, responseChecker } from './openapi.js';

// Every answer an integration test gets from a local stack is held to docs/openapi.json
// (test/support/openapi-setup.ts installs the check in front of fetch; postFrom calls it too).
// A mismatch throws in the test that got it, and is kept for the file's final check.

const stacks = new Set<string>();
let checker: ResponseChecker | undefined;

/** The answers checked in this file: how many, per route and status. */
export const tally = { checked: 0, byRoute: new Map<string, number>() };
export const mismatches: string[] = [];

/** A local stack's base URL, whose answers are checked from now on. */
export const registerStack = (url: string) => void stacks.add(new URL(url).origin);

export const isStackUrl = (url: string) => URL.canParse(url) && stacks.has(new URL(url).origin);

/** Throws when the answer does not match the document; counts it when it does. */
export function checkAnswer(answer: Answer): void {
  checker ??= responseChecker();
  const checked = checker.check(answer);
  if (checked === null) return;
  const { routeKey, problems } = checked;
  if (problems.length) {
    mismatches.push(...problems);
    throw new Error(`The answer does not match docs/openapi.json:\n  ${problems.join('\n  ')}`);
  }
  tally.checked++;
  const key = `${routeKey} ${answer.status}`;
  tally.byRoute.set(key, (tally.byRoute.get(key) ?? 0) + 1);
}

/** Throws when a webhook event a receiver verified does not match the document's `webhooks`. */
export function checkWebhookEvent(payload: unknown): void {
  checker ??= responseChecker();
  const problems = checker.webhookProblems(payload);
  if (problems.length) {
    mismatches.push(...problems);
    throw new Error(`The webhook event does not match docs/openapi.json:\n  ${problems.join('\n  ')}`);
  }
  tally.checked++;
  const key = `webhook ${String((payload as { type?: unknown }).type)}`;
  tally.byRoute.set(key, (tally.byRoute.get(key) ?? 0) + 1);
}
