import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isShareId, newShareId } from '../../../shared/domain/ids.js';
import {
  claimsToBeShareToken,
  createShareInput,
  hashShareToken,
  isShareToken,
  newShare,
  newShareToken,
  shareIsLive,
  shareOpens,
} from '../../../shared/domain/share.js';
import { routeKey as keyOf, routes } from '../../../shared/topology.js';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const parse = (body: unknown) => createShareInput(NOW).safeParse(body);
const messages = (body: unknown) => parse(body).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);

describe('share ids and tokens', () => {
  it('draws share ids shr_ + 21 nanoid characters, and recognises only those', () => {
    const id = newShareId();
    expect(id).toMatch(/^shr_[A-Za-z0-9_-]{21}$/);
    expect(isShareId(id)).toBe(true);
    for (const other of ['shr_short', `wh_${id.slice(4)}`, `${id}x`, 'shr_../../etc/passwd00000']) expect(isShareId(other)).toBe(false);
  });

  it('draws tokens rshr_ + 32 alphanumeric characters (190 bits), never twice', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => newShareToken()));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) {
      expect(token).toMatch(/^rshr_[0-9A-Za-z]{32}$/);
      expect(isShareToken(token)).toBe(true);
    }
  });

  // Unguessable (docs/reliability.md, "Hostile input"): at least 128 bits, measured on what is
  // drawn — every position takes every one of the 62 characters, about equally often — rather
  // than read off the constants. (nanoid draws from the platform's CSPRNG.)
  it('spends the whole alphabet at every position, evenly: over 128 bits per token', () => {
    const secrets = Array.from({ length: 3_000 }, () => newShareToken().slice('rshr_'.length));
    const length = new Set(secrets.map((secret) => secret.length));
    const perPosition = Array.from({ length: 32 }, (_, at) => new Set(secrets.map((secret) => secret[at])).size);
    const counts = new Map<string, number>();
    for (const char of secrets.join('')) counts.set(char, (counts.get(char) ?? 0) + 1);
    const mean = (secrets.length * 32) / 62;

    expect([...length]).toEqual([32]);
    expect(perPosition.every((distinct) => distinct === 62)).toBe(true);
    // 1,548 expected per character, σ ≈ 39: ±25 % is ten σ, so this never fails by chance.
    expect([...counts.values()].every((count) => Math.abs(count - mean) < mean / 4)).toBe(true);
    expect(counts.size).toBe(62);
    expect(32 * Math.log2(counts.size)).toBeGreaterThan(128);
  });

  it.each(['rshr_short', `rshr_${'a'.repeat(33)}`, `rshr_${'a'.repeat(31)}-`, `rpl_live_${'a'.repeat(32)}`, ''])('refuses %j as a token', (value) => {
    expect(isShareToken(value)).toBe(false);
  });

  it('tells a share token from an API key by its prefix alone, well-formed or not', () => {
    expect(claimsToBeShareToken('rshr_anything')).toBe(true);
    expect(claimsToBeShareToken(`rpl_live_${'a'.repeat(32)}`)).toBe(false);
  });

  it('hashes a token with sha256, hex', () => {
    expect(hashShareToken('rshr_x')).toBe(createHash('sha256').update('rshr_x').digest('hex'));
  });
});

describe('createShareInput', () => {
  it('takes an empty body: no label, no expiry', () => {
    expect(parse({}).data).toEqual({});
  });

  it('takes a future ISO date-time with a zone, and a label (trimmed)', () => {
    expect(parse({ expiresAt: '2026-12-01T00:00:00+01:00', label: '  Agency  ' }).data).toEqual({ expiresAt: '2026-12-01T00:00:00+01:00', label: 'Agency' });
  });

  it('refuses an expiry in the past or exactly now', () => {
    expect(messages({ expiresAt: '2026-11-26T11:59:59Z' })).toEqual(['expiresAt: must be in the future']);
    expect(messages({ expiresAt: NOW.toISOString() })).toEqual(['expiresAt: must be in the future']);
  });

  it.each(['tomorrow', '2026-12-01', '2026-12-01T00:00:00', '2026-02-30T00:00:00Z', 1_800_000_000])(
    'refuses %j as an expiry, saying what is expected',
    (expiresAt) => {
      expect(messages({ expiresAt })).toEqual([expect.stringMatching(/^expiresAt: must be an ISO 8601 date-time with a time zone/)]);
    },
  );

  it('refuses a label over 100 characters, an empty one, and unknown fields', () => {
    expect(parse({ label: 'x'.repeat(100) }).success).toBe(true);
    expect(messages({ label: 'x'.repeat(101) })).toEqual([expect.stringMatching(/^label: .*100/)]);
    expect(parse({ label: '   ' }).success).toBe(false);
    expect(parse({ token: 'rshr_mine' }).success).toBe(false);
  });
});

describe('newShare', () => {
  it('keeps the hash of the token it returns, never the token, and normalises the expiry to UTC', () => {
    const { share, token } = newShare({ workspaceId: 'ws_a', contentId: 'cnt_a' }, { expiresAt: '2026-12-01T01:00:00+01:00', label: 'Agency' }, NOW);

    expect(isShareToken(token)).toBe(true);
    expect(share).toEqual({
      id: expect.stringMatching(/^shr_/),
      workspaceId: 'ws_a',
      contentId: 'cnt_a',
      tokenHash: hashShareToken(token),
      label: 'Agency',
      createdAt: NOW.toISOString(),
      expiresAt: '2026-12-01T00:00:00.000Z',
    });
    expect(JSON.stringify(share)).not.toContain(token);
  });

  it('makes a share without expiry or label when none is asked for', () => {
    const { share } = newShare({ workspaceId: 'ws_a', contentId: 'cnt_a' }, {}, NOW);
    expect(share).toMatchObject({ label: null, expiresAt: null });
  });
});

describe('shareIsLive', () => {
  it('is live before its expiry and without one; not at or after the instant', () => {
    expect(shareIsLive({ expiresAt: null }, NOW)).toBe(true);
    expect(shareIsLive({ expiresAt: '2026-11-26T12:00:00.001Z' }, NOW)).toBe(true);
    expect(shareIsLive({ expiresAt: NOW.toISOString() }, NOW)).toBe(false);
    expect(shareIsLive({ expiresAt: '2026-11-26T11:00:00.000Z' }, NOW)).toBe(false);
  });
});

describe('shareOpens', () => {
  const grant = { contentId: 'cnt_a' };

  it.each(['GET /v1/contents/{id}', 'GET /v1/contents/{id}/report', 'GET /v1/contents/{id}/cascade', 'GET /v1/contents/{id}/series'])(
    'opens %s of its own content',
    (routeKey) => {
      expect(routes.map(keyOf)).toContain(routeKey);
      expect(shareOpens(grant, { routeKey, contentId: 'cnt_a' })).toBe(true);
      expect(shareOpens(grant, { routeKey, contentId: 'cnt_b' })).toBe(false);
    },
  );

  it.each([
    'POST /v1/contents',
    'GET /v1/contents',
    'PATCH /v1/contents/{id}',
    'GET /v1/contents/{id}/links',
    'POST /v1/contents/{id}/links',
    'GET /v1/contents/{id}/shares',
    'POST /v1/contents/{id}/shares',
    'DELETE /v1/contents/{id}/shares/{shareId}',
    'GET /v1/campaigns/{campaign}/report',
    'GET /v1/webhooks',
  ])('opens nothing else: %s', (routeKey) => {
    expect(routes.map(keyOf)).toContain(routeKey);
    expect(shareOpens(grant, { routeKey, contentId: 'cnt_a' })).toBe(false);
  });
});
