import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  hashApiKey,
  isContentId,
  isLinkCode,
  LINK_CODE_LENGTH,
  linkCodeForBatchItem,
  linkCodeForKey,
  newApiKey,
  newClickId,
  newContentId,
  newLinkCode,
  newWorkspaceId,
} from '../../../shared/domain/ids.js';

describe('newLinkCode', () => {
  it('draws 10 alphanumeric characters (URL-safe, at least 8 as docs/contract.md §1 asks)', () => {
    for (let i = 0; i < 200; i++) {
      const code = newLinkCode();
      expect(code).toMatch(/^[0-9A-Za-z]{10}$/);
      expect(isLinkCode(code)).toBe(true);
    }
    expect(LINK_CODE_LENGTH).toBeGreaterThanOrEqual(8);
  });

  it('does not repeat across many draws', () => {
    const codes = new Set(Array.from({ length: 2000 }, () => newLinkCode()));
    expect(codes.size).toBe(2000);
  });
});

describe('isLinkCode', () => {
  it.each(['abcdefgh', 'ABCD1234', 'a'.repeat(32)])('accepts %s', (code) => {
    expect(isLinkCode(code)).toBe(true);
  });

  it.each(['abcdefg', 'a'.repeat(33), 'abcd-efgh', 'abcd_efgh', 'abcd efgh', 'abcdefgh\n', 'v1', '../etc/pa'])('refuses %j', (code) => {
    expect(isLinkCode(code)).toBe(false);
  });
});

describe('content ids', () => {
  it('are cnt_ followed by a 21-character nanoid and pass isContentId', () => {
    const id = newContentId();
    expect(id).toMatch(/^cnt_[A-Za-z0-9_-]{21}$/);
    expect(isContentId(id)).toBe(true);
  });

  it.each(['cnt_short', 'CNT_AAAAAAAAAAAAAAAAAAAAA', 'ws_AAAAAAAAAAAAAAAAAAAAA', 'cnt_AAAAAAAAAAAAAAAAAAAA!', 'cnt_AAAAAAAAAAAAAAAAAAAAAA'])(
    'isContentId refuses %j',
    (id) => {
      expect(isContentId(id)).toBe(false);
    },
  );
});

describe('other ids', () => {
  it('workspace ids start with ws_ and click ids are unique', () => {
    expect(newWorkspaceId()).toMatch(/^ws_[A-Za-z0-9_-]{21}$/);
    expect(newClickId()).not.toBe(newClickId());
  });

  it('API keys carry the prefix and a 32-character alphanumeric secret', () => {
    expect(newApiKey()).toMatch(/^rpl_live_[0-9A-Za-z]{32}$/);
    expect(newApiKey('rpl_test')).toMatch(/^rpl_test_[0-9A-Za-z]{32}$/);
  });
});

describe('hashApiKey', () => {
  it('is the SHA-256 hex digest of the key and never the key itself', () => {
    const key = 'rpl_live_abcdefghijklmnopqrstuvwxyz012345';
    const expected = createHash('sha256').update(key, 'utf8').digest('hex');
    expect(hashApiKey(key)).toBe(expected);
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(key)).not.toContain(key);
  });

  it('matches the published SHA-256 test vector for "abc"', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('differs for different keys', () => {
    expect(hashApiKey('rpl_live_a')).not.toBe(hashApiKey('rpl_live_b'));
  });
});

describe('linkCodeForBatchItem', () => {
  it('gives every item of a keyed batch its own link code, the same on every retry', () => {
    const codes = Array.from({ length: 1_000 }, (_, index) => linkCodeForBatchItem('ws_a', 'import-1', index));

    expect(new Set(codes).size).toBe(1_000);
    for (const code of codes) expect(isLinkCode(code)).toBe(true);
    expect(linkCodeForBatchItem('ws_a', 'import-1', 17)).toBe(codes[17]);
  });

  it('differs by workspace and key, and from the single mint under the same key', () => {
    const code = linkCodeForBatchItem('ws_a', 'k', 0);

    expect(linkCodeForBatchItem('ws_b', 'k', 0)).not.toBe(code);
    expect(linkCodeForBatchItem('ws_a', 'k2', 0)).not.toBe(code);
    expect(linkCodeForKey('ws_a', 'k')).not.toBe(code);
    // The index is not part of the key: key "k" item 10 is not key "k1" item 0.
    expect(linkCodeForBatchItem('ws_a', 'k', 10)).not.toBe(linkCodeForBatchItem('ws_a', 'k1', 0));
  });
});
