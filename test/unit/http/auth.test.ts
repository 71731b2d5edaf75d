import { describe, expect, it, vi } from 'vitest';
import { hashApiKey } from '../../../shared/domain/ids.js';
import { RippleError } from '../../../shared/errors.js';
import { authenticate } from '../../../shared/http/auth.js';
import { anEvent } from './event-fixture.js';

const KEY = 'rpl_live_0123456789abcdefghijABCDEFGHIJkl';

// A workspace store that knows one key, by its hash only.
function storeKnowing(keys: Record<string, string | null>) {
  const byHash = new Map(Object.entries(keys).map(([key, ws]) => [hashApiKey(key), ws]));
  return { workspaceForKey: vi.fn(async (hash: string) => byHash.get(hash) ?? null) };
}

const withAuth = (value?: string) => anEvent(value === undefined ? {} : { headers: { authorization: value } });

async function rejection(promise: Promise<unknown>): Promise<RippleError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof RippleError)) throw error;
  return error;
}

describe('authenticate', () => {
  it('returns the workspace of a valid Bearer key, looking it up by hash only', async () => {
    const store = storeKnowing({ [KEY]: 'ws_1' });
    await expect(authenticate(withAuth(`Bearer ${KEY}`), store)).resolves.toBe('ws_1');
    expect(store.workspaceForKey).toHaveBeenCalledWith(hashApiKey(KEY));
    expect(store.workspaceForKey).not.toHaveBeenCalledWith(KEY);
  });

  it('accepts the scheme in any case and extra spaces around the key', async () => {
    const store = storeKnowing({ [KEY]: 'ws_1' });
    await expect(authenticate(withAuth(`bearer ${KEY}`), store)).resolves.toBe('ws_1');
    await expect(authenticate(withAuth(`Bearer   ${KEY}  `), store)).resolves.toBe('ws_1');
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['scheme only', 'Bearer'],
    ['scheme and blank', 'Bearer   '],
    ['Basic scheme', `Basic ${Buffer.from('user:pass').toString('base64')}`],
    ['the key without scheme', KEY],
    ['two tokens', `Bearer ${KEY} extra`],
    ['an over-long key', `Bearer ${'k'.repeat(257)}`],
  ])('refuses a %s Authorization header with 401 without reading the store', async (_label, value) => {
    const store = storeKnowing({ [KEY]: 'ws_1' });
    const error = await rejection(authenticate(withAuth(value), store));
    expect(error.code).toBe('unauthorized');
    expect(store.workspaceForKey).not.toHaveBeenCalled();
  });

  it('refuses an unknown key with 401', async () => {
    const error = await rejection(authenticate(withAuth('Bearer rpl_live_unknown'), storeKnowing({ [KEY]: 'ws_1' })));
    expect(error.code).toBe('unauthorized');
  });

  it('refuses a revoked key (the store answers null) with 401', async () => {
    const error = await rejection(authenticate(withAuth(`Bearer ${KEY}`), storeKnowing({ [KEY]: null })));
    expect(error.code).toBe('unauthorized');
  });

  it('lets a store failure propagate rather than answering 401', async () => {
    const failing = { workspaceForKey: vi.fn(async () => Promise.reject(new RippleError('unavailable', 'down'))) };
    const error = await rejection(authenticate(withAuth(`Bearer ${KEY}`), failing));
    expect(error.code).toBe('unavailable');
  });
});
