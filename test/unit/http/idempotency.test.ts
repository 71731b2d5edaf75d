import { describe, expect, it } from 'vitest';
import { contentIdForKey, isContentId, isLinkCode, linkCodeForKey } from '../../../shared/domain/ids.js';
import { RippleError } from '../../../shared/errors.js';
import type { HttpEvent } from '../../../shared/http/event.js';
import { idempotencyOf, replayHeaders, settleCreate } from '../../../shared/http/idempotency.js';

const event = (key: string | undefined, routeKey = 'POST /v1/contents', pathParameters?: Record<string, string>) =>
  ({ routeKey, headers: key === undefined ? {} : { 'idempotency-key': key }, ...(pathParameters ? { pathParameters } : {}) }) as unknown as HttpEvent;

describe('idempotencyOf', () => {
  it('is null without an Idempotency-Key header', () => {
    expect(idempotencyOf(event(undefined), { url: 'https://a.example' })).toBeNull();
  });

  it('fingerprints the same request the same way, whatever the key order of its body', () => {
    const first = idempotencyOf(event('k1'), { url: 'https://a.example', title: 'T', utm: { source: 's', medium: 'm' } });
    const second = idempotencyOf(event('k1'), { utm: { medium: 'm', source: 's' }, title: 'T', url: 'https://a.example' });
    expect(first).toEqual(second);
    expect(first?.key).toBe('k1');
  });

  it('fingerprints a different body, route or path differently', () => {
    const base = idempotencyOf(event('k1'), { url: 'https://a.example' })?.fingerprint;
    expect(idempotencyOf(event('k1'), { url: 'https://b.example' })?.fingerprint).not.toBe(base);
    expect(idempotencyOf(event('k1', 'POST /v1/contents/{id}/links', { id: 'cnt_1' }), { url: 'https://a.example' })?.fingerprint).not.toBe(base);
    const linkA = idempotencyOf(event('k1', 'POST /v1/contents/{id}/links', { id: 'cnt_1' }), {})?.fingerprint;
    const linkB = idempotencyOf(event('k1', 'POST /v1/contents/{id}/links', { id: 'cnt_2' }), {})?.fingerprint;
    expect(linkA).not.toBe(linkB);
  });

  it.each(['', 'x'.repeat(256), 'has space', 'tab\tkey', 'ünïcode'])('refuses the key %j with a validation error naming the header', (key) => {
    const error = (() => {
      try {
        idempotencyOf(event(key), {});
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(RippleError);
    expect((error as RippleError).details.issues?.[0]?.path).toEqual(['Idempotency-Key']);
  });
});

describe('settleCreate', () => {
  const idempotency = { key: 'k1', fingerprint: 'fp-1' };

  it('returns what was created, not as a replay', () => {
    expect(settleCreate({ created: true, value: 'new' }, idempotency)).toEqual({ value: 'new', replayed: false });
  });

  it('replays the stored item for the same request', () => {
    expect(settleCreate({ created: false, existing: 'old', fingerprint: 'fp-1' }, idempotency)).toEqual({ value: 'old', replayed: true });
  });

  it('is a conflict for a different request under the key, or for a taken id without a key', () => {
    expect(() => settleCreate({ created: false, existing: 'old', fingerprint: 'fp-2' }, idempotency)).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(() => settleCreate({ created: false, existing: 'old', fingerprint: null }, null)).toThrow(expect.objectContaining({ code: 'conflict' }));
  });

  it('marks replays with the Idempotent-Replayed header', () => {
    expect(replayHeaders(true)).toEqual({ 'idempotent-replayed': 'true' });
    expect(replayHeaders(false)).toEqual({});
  });
});

describe('ids derived from an Idempotency-Key', () => {
  it('are valid ids, stable for a (workspace, key) and different across workspaces and keys', () => {
    expect(isContentId(contentIdForKey('ws_a', 'k1'))).toBe(true);
    expect(isLinkCode(linkCodeForKey('ws_a', 'k1'))).toBe(true);
    expect(contentIdForKey('ws_a', 'k1')).toBe(contentIdForKey('ws_a', 'k1'));
    expect(linkCodeForKey('ws_a', 'k1')).toBe(linkCodeForKey('ws_a', 'k1'));
    expect(contentIdForKey('ws_b', 'k1')).not.toBe(contentIdForKey('ws_a', 'k1'));
    expect(linkCodeForKey('ws_b', 'k1')).not.toBe(linkCodeForKey('ws_a', 'k1'));
    expect(linkCodeForKey('ws_a', 'k2')).not.toBe(linkCodeForKey('ws_a', 'k1'));
  });
});
