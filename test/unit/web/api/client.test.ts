import { describe, expect, it } from 'vitest';
import { ApiError, apiClient } from '../../../../web/dashboard/api/client.js';

const answering = (status: number, body: unknown) => async () =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const failure = async (call: () => Promise<unknown>) =>
  call().then(
    () => Promise.reject(new Error('expected a refusal')),
    (error: ApiError) => error,
  );

describe('the dashboard’s API client', () => {
  it('words a 503 for a person, not with the API’s message for programs, and marks it retryable', async () => {
    const client = apiClient({
      apiBase: '',
      credential: 'key',
      fetch: answering(503, { error: { code: 'unavailable', message: 'The data store is unavailable; retry shortly' } }),
    });
    const error = await failure(() => client.listContents());
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe('Ripple is briefly unavailable.');
    expect(error.code).toBe('unavailable');
    expect(error.retryable).toBe(true);
  });

  it('keeps the API’s own message for a refusal a person can act on', async () => {
    const client = apiClient({ apiBase: '', credential: 'key', fetch: answering(404, { error: { code: 'not_found', message: 'No content with this id' } }) });
    const error = await failure(() => client.getContent('cnt_x'));
    expect([error.status, error.message, error.retryable]).toEqual([404, 'No content with this id', false]);
  });

  it('says the network failed without telling to try again (the banner says that), and marks it retryable', async () => {
    const client = apiClient({
      apiBase: '',
      credential: 'key',
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    const error = await failure(() => client.listContents());
    expect(error.message).toBe('Ripple could not be reached. Check your connection.');
    expect(error.retryable).toBe(true);
  });
});
