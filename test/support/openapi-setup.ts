import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, inject } from 'vitest';
import { checkAnswer, isStackUrl, mismatches, tally } from './answer-check.js';

// The integration project's setup (vitest.config.ts): every fetch a test makes to a local stack
// has its answer checked against docs/openapi.json before the test sees it. A mismatch fails the
// request (and the file, should a test swallow that error); the file's tally goes to the run's
// summary (test/support/openapi-tally.ts).

const fetchOfNode = globalThis.fetch;

globalThis.fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
  const response = await fetchOfNode(input, init);
  const asked = input instanceof Request ? input.url : String(input);
  // A followed redirect's answer is the last URL's.
  const url = response.redirected ? response.url : asked;
  if (!isStackUrl(url)) return response;
  const method = response.redirected ? 'GET' : (init?.method ?? (input instanceof Request ? input.method : 'GET'));
  checkAnswer({ method, url, status: response.status, headers: Object.fromEntries(response.headers), body: await response.clone().text() });
  return response;
};

afterAll(() => {
  writeFileSync(
    join(inject('openApiTallyDir'), `${randomUUID()}.json`),
    JSON.stringify({ checked: tally.checked, byRoute: Object.fromEntries(tally.byRoute) }),
  );
  expect(mismatches, 'answers that do not match docs/openapi.json').toEqual([]);
});
