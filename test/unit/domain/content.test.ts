import { describe, expect, it } from 'vitest';
import { campaignName, createContentInput, newContent, updateContentInput } from '../../../shared/domain/content.js';
import { RippleError, type ValidationIssue } from '../../../shared/errors.js';
import { parseInput } from '../../../shared/http/input.js';

const issuesOf = (schema: Parameters<typeof parseInput>[0], value: unknown): ValidationIssue[] => {
  try {
    parseInput(schema, value);
  } catch (error) {
    if (error instanceof RippleError && error.code === 'validation_error') return error.details.issues ?? [];
    throw error;
  }
  throw new Error('expected a validation error');
};

describe('createContentInput', () => {
  it('fills the defaults of docs/contract.md §1: refParam "ref", kWindowSeconds 86400', () => {
    const input = parseInput(createContentInput, { url: 'https://example.com/a' });
    expect(input.refParam).toBe('ref');
    expect(input.kWindowSeconds).toBe(86_400);
  });

  it.each([
    ['http://example.com/x?y=1#z', 'http://example.com/x?y=1#z'],
    ['https://example.com', 'https://example.com/'],
    ['HTTPS://Example.COM/Path', 'https://example.com/Path'],
    ['https://example.com:443/a', 'https://example.com/a'],
    ['https://example.com/a b', 'https://example.com/a%20b'],
  ])('keeps http(s) URL %s, normalised to %s', (url, expected) => {
    expect(parseInput(createContentInput, { url }).url).toBe(expected);
  });

  it('keeps the percent-encoding and + signs of the query unchanged', () => {
    const url = 'https://example.com/p?a=b%2Fc&x=%7E&q=one+two';
    expect(parseInput(createContentInput, { url }).url).toBe(url);
  });

  it.each([
    'javascript:alert(1)',
    'JAVASCRIPT:alert(document.cookie)',
    'data:text/html,<script>alert(1)</script>',
    'ftp://example.com/file',
    'file:///etc/passwd',
    'mailto:a@example.com',
    '//example.com/path',
    '/relative',
    'example.com',
    '',
  ])('refuses %j as destination', (url) => {
    expect(issuesOf(createContentInput, { url }).map((issue) => issue.path)).toEqual([['url']]);
  });

  it('refuses a URL over 2048 characters and accepts one at the limit', () => {
    const base = 'https://example.com/';
    expect(parseInput(createContentInput, { url: base + 'a'.repeat(2048 - base.length) }).url).toHaveLength(2048);
    expect(issuesOf(createContentInput, { url: base + 'a'.repeat(2049 - base.length) })[0]?.path).toEqual(['url']);
  });

  // The limit applies to the normalised URL: percent-encoding can make it several times longer.
  it('never stores a destination longer than 2048 characters, even after normalisation', () => {
    const base = 'https://example.com/';
    const url = base + 'é'.repeat(2048 - base.length);
    expect(url).toHaveLength(2048);
    const result = createContentInput.safeParse({ url });
    expect(!result.success || result.data.url.length <= 2048).toBe(true);
  });

  it('requires url', () => {
    expect(issuesOf(createContentInput, {}).map((issue) => issue.path)).toEqual([['url']]);
  });

  it('refuses unknown keys, each by its own path', () => {
    const issues = issuesOf(createContentInput, { url: 'https://e.com', destination: 'x', owner: 'y' });
    expect(issues.map((issue) => issue.path)).toEqual(expect.arrayContaining([['destination'], ['owner']]));
    expect(issues).toHaveLength(2);
  });

  it('accepts kWindowSeconds from 1 s to 365 days inclusive (the bounds of ?kWindow=)', () => {
    expect(parseInput(createContentInput, { url: 'https://e.com', kWindowSeconds: 1 }).kWindowSeconds).toBe(1);
    expect(parseInput(createContentInput, { url: 'https://e.com', kWindowSeconds: 365 * 86_400 }).kWindowSeconds).toBe(365 * 86_400);
  });

  it.each([365 * 86_400 + 1, 0, -60, 3600.5, '3600', null])('refuses kWindowSeconds %j', (kWindowSeconds) => {
    expect(issuesOf(createContentInput, { url: 'https://e.com', kWindowSeconds }).map((issue) => issue.path)).toEqual([['kWindowSeconds']]);
  });

  it('refuses refParam names that are not query-safe', () => {
    expect(parseInput(createContentInput, { url: 'https://e.com', refParam: 'via_1.x-y' }).refParam).toBe('via_1.x-y');
    for (const refParam of ['', 'a b', 'a&b', 'a=b', 'x'.repeat(33)]) {
      expect(issuesOf(createContentInput, { url: 'https://e.com', refParam })[0]?.path).toEqual(['refParam']);
    }
  });

  it('trims title and refuses a blank or over-long one', () => {
    expect(parseInput(createContentInput, { url: 'https://e.com', title: '  Hello  ' }).title).toBe('Hello');
    expect(issuesOf(createContentInput, { url: 'https://e.com', title: '   ' })[0]?.path).toEqual(['title']);
    expect(issuesOf(createContentInput, { url: 'https://e.com', title: 't'.repeat(201) })[0]?.path).toEqual(['title']);
  });
});

describe('campaignName', () => {
  it.each(['spring', 'Spring-2024', 'a', 'x.y_z-1', 'a'.repeat(64)])('accepts %s', (name) => {
    expect(campaignName.safeParse(name).success).toBe(true);
  });

  it.each(['', '-leading', '.leading', '_leading', 'has space', 'a/b', 'a%2Fb', 'a?b', 'a'.repeat(65), 'é'])('refuses %j (not path-safe)', (name) => {
    expect(campaignName.safeParse(name).success).toBe(false);
  });
});

describe('updateContentInput', () => {
  it('needs at least one of title or active', () => {
    expect(issuesOf(updateContentInput, {})[0]?.message).toMatch(/title.*active/);
  });

  it('accepts title alone, active alone, and title null (clearing it)', () => {
    expect(parseInput(updateContentInput, { title: ' New ' })).toEqual({ title: 'New' });
    expect(parseInput(updateContentInput, { active: false })).toEqual({ active: false });
    expect(parseInput(updateContentInput, { title: null })).toEqual({ title: null });
  });

  it('refuses other fields and a non-boolean active', () => {
    expect(issuesOf(updateContentInput, { active: true, url: 'https://e.com' }).map((issue) => issue.path)).toEqual([['url']]);
    expect(issuesOf(updateContentInput, { active: 'false' }).map((issue) => issue.path)).toContainEqual(['active']);
  });
});

describe('destination rules beyond the scheme', () => {
  it.each(['https://user:secret@shop.example.com/', 'https://bank.example@evil.example/login', 'https://:pw@a.example/'])(
    'refuses %s: credentials in a URL disguise where it goes',
    (url) => {
      const issues = createContentInput.safeParse({ url }).error?.issues ?? [];
      expect(issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['url', 'must not contain a user name or password']]);
    },
  );

  it('refuses a destination that already uses the ref parameter, since the redirect would overwrite it', () => {
    const clash = createContentInput.safeParse({ url: 'https://a.example/p?ref=newsletter' });
    expect(clash.error?.issues.map((issue) => issue.path)).toEqual([['url']]);
    expect(createContentInput.safeParse({ url: 'https://a.example/p?ref=newsletter', refParam: 'via' }).success).toBe(true);
    expect(createContentInput.safeParse({ url: 'https://a.example/p?via=x', refParam: 'via' }).success).toBe(false);
  });
});

describe('a backdated content', () => {
  it('keeps the createdAt it is given, in UTC, and is updated now', () => {
    const now = new Date('2026-12-01T00:00:00.000Z');
    const input = parseInput(createContentInput, { url: 'https://e.com/x', createdAt: '2026-03-01T01:00:00+01:00' });
    expect(newContent('cnt_given00000000000000000', 'ws_1', input, now)).toMatchObject({ createdAt: '2026-03-01T00:00:00.000Z', updatedAt: now.toISOString() });
  });

  it.each(['2026-03-01', '1999-12-31T23:59:59Z', 'yesterday'])('refuses createdAt %j', (createdAt) => {
    expect(issuesOf(createContentInput, { url: 'https://e.com/x', createdAt }).map((issue) => issue.path)).toEqual([['createdAt']]);
  });
});

describe('newContent', () => {
  it('is active under the id it is given, with both times stamped now', () => {
    const now = new Date('2024-01-02T03:04:05.000Z');
    const input = parseInput(createContentInput, { url: 'https://e.com/x' });
    const content = newContent('cnt_given00000000000000000', 'ws_1', input, now);
    expect(content).toMatchObject({
      id: 'cnt_given00000000000000000',
      workspaceId: 'ws_1',
      url: 'https://e.com/x',
      title: null,
      campaign: null,
      refParam: 'ref',
      active: true,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
  });
});
