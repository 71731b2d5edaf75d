import { describe, expect, it } from 'vitest';
import { childLink, linkCode, mintLinkInput, reshareInput, seedLink } from '../../../shared/domain/link.js';
import { parseInput } from '../../../shared/http/input.js';
import { RippleError } from '../../../shared/errors.js';
import { aContent, aLink } from './fixtures.js';

const NOW = new Date('2024-06-01T12:00:00.000Z');

describe('seedLink', () => {
  it('is generation 0 with no parent and is its own cascade root', () => {
    const content = aContent({ id: 'cnt_content', workspaceId: 'ws_x' });
    const link = seedLink(content, 'SeedCode01', { sharer: 'alice', channel: 'email' }, NOW);
    expect(link).toMatchObject({
      code: 'SeedCode01',
      rootCode: 'SeedCode01',
      parent: null,
      generation: 0,
      workspaceId: 'ws_x',
      contentId: 'cnt_content',
      sharer: 'alice',
      channel: 'email',
      creatorVisitorId: null,
      createdAt: NOW.toISOString(),
    });
  });

  it('stores missing sharer, channel and utm as null', () => {
    const link = seedLink(aContent(), 'SeedCode01', {}, NOW);
    expect(link.sharer).toBeNull();
    expect(link.channel).toBeNull();
    expect(link.utm).toBeNull();
  });

  it('stores an empty utm object as null and a non-empty one as given', () => {
    expect(seedLink(aContent(), 'SeedCode01', { utm: {} }, NOW).utm).toBeNull();
    expect(seedLink(aContent(), 'SeedCode01', { utm: { source: 'x' } }, NOW).utm).toEqual({ source: 'x' });
  });
});

describe('childLink', () => {
  const parent = aLink({ code: 'ParentCode', rootCode: 'RootCode00', generation: 2, workspaceId: 'ws_p', contentId: 'cnt_p' });

  it('is one generation deeper than its parent, inherits its root, content and workspace', () => {
    const child = childLink(parent, 'ChildCode0', { sharer: 'bob' }, NOW, 'h_visitor');
    expect(child).toMatchObject({
      code: 'ChildCode0',
      parent: 'ParentCode',
      rootCode: 'RootCode00',
      generation: 3,
      workspaceId: 'ws_p',
      contentId: 'cnt_p',
      sharer: 'bob',
      channel: null,
      createdAt: NOW.toISOString(),
    });
  });

  it('records the re-sharing visitor as creator', () => {
    expect(childLink(parent, 'ChildCode0', {}, NOW, 'h_visitor').creatorVisitorId).toBe('h_visitor');
    expect(childLink(parent, 'ChildCode0', {}, NOW, null).creatorVisitorId).toBeNull();
  });

  it('takes utm only from a mint input, never inheriting the parent’s', () => {
    const tagged = aLink({ ...parent, utm: { source: 'parent' } });
    expect(childLink(tagged, 'ChildCode0', {}, NOW, null).utm).toBeNull();
    expect(childLink(tagged, 'ChildCode0', { utm: { medium: 'sms' } }, NOW, null).utm).toEqual({ medium: 'sms' });
    expect(childLink(tagged, 'ChildCode0', { utm: {} }, NOW, null).utm).toBeNull();
  });
});

describe('mintLinkInput', () => {
  const issuesOf = (value: unknown) => {
    try {
      parseInput(mintLinkInput, value);
    } catch (error) {
      if (error instanceof RippleError) return error.details.issues ?? [];
      throw error;
    }
    return [];
  };

  it('accepts an empty body and trims labels', () => {
    expect(parseInput(mintLinkInput, {})).toEqual({});
    expect(parseInput(mintLinkInput, { sharer: '  alice ', channel: ' x ' })).toEqual({ sharer: 'alice', channel: 'x' });
  });

  it('refuses an unknown utm key at its nested path', () => {
    expect(issuesOf({ utm: { source: 'a', bogus: 'b' } })).toContainEqual({ path: ['utm', 'bogus'], message: expect.any(String) });
  });

  it('refuses a parent that is not a link code', () => {
    expect(issuesOf({ parent: 'has space!' }).map((issue) => issue.path)).toEqual([['parent']]);
  });

  it('refuses blank and over-long labels', () => {
    expect(issuesOf({ sharer: '   ' }).map((issue) => issue.path)).toEqual([['sharer']]);
    expect(issuesOf({ channel: 'c'.repeat(65) }).map((issue) => issue.path)).toEqual([['channel']]);
  });

  it('reshareInput refuses parent and utm (a public caller cannot pick them)', () => {
    expect(reshareInput.safeParse({ parent: 'ParentCode' }).success).toBe(false);
    expect(reshareInput.safeParse({ utm: { source: 'x' } }).success).toBe(false);
  });

  it('linkCode accepts 8-32 letters or digits only', () => {
    expect(linkCode.safeParse('abcd1234').success).toBe(true);
    expect(linkCode.safeParse('abc1234').success).toBe(false);
    expect(linkCode.safeParse('a'.repeat(33)).success).toBe(false);
    expect(linkCode.safeParse('abcd-1234').success).toBe(false);
  });
});
