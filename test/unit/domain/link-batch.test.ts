import { describe, expect, it } from 'vitest';
import { batchLink, linkBatchInput, MAX_BATCH_LINKS, parentCodesOf, planLinkBatch } from '../../../shared/domain/link-batch.js';
import { RippleError } from '../../../shared/errors.js';
import { parseInput } from '../../../shared/http/input.js';
import { aContent, aLink } from './fixtures.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const content = aContent({ id: 'cnt_import', createdAt: '2026-03-01T00:00:00.000Z' });
const existing = aLink({ code: 'Existing01', contentId: 'cnt_import', rootCode: 'Existing01', generation: 0, createdAt: '2026-03-02T00:00:00.000Z' });
const foreign = aLink({ code: 'Foreign001', contentId: 'cnt_other' });
const parents = new Map([existing, foreign].map((link) => [link.code, link]));

const plan = (links: unknown[]) => planLinkBatch(parseInput(linkBatchInput, { links }), { content, parents, now: NOW });

/** The issues a batch is refused with, as "path: message" lines. */
function refusal(links: unknown[]): string[] {
  try {
    plan(links);
  } catch (error) {
    if (error instanceof RippleError && error.details.issues) return error.details.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw error;
  }
  throw new Error('the batch was accepted');
}

describe('the batch body', () => {
  it('holds 1 to 1,000 links', () => {
    const links = (n: number) => ({ links: Array.from({ length: n }, () => ({})) });

    expect(parseInput(linkBatchInput, links(MAX_BATCH_LINKS)).links).toHaveLength(1_000);
    for (const n of [0, 1_001]) {
      expect(linkBatchInput.safeParse(links(n)).error?.issues.map((issue) => issue.path)).toEqual([['links']]);
    }
    expect(linkBatchInput.safeParse(links(1_001)).error?.issues[0]?.message).toContain('at most 1,000 links');
  });

  it('takes a parent as a link code or as {ref}, and names the item of any bad field', () => {
    const body = {
      links: [{ parent: 'Existing01' }, { parent: { ref: 'a' } }, { parent: 'no!' }, { parent: { code: 'x' } }, { createdAt: '2026-03-02' }, { colour: 'red' }],
    };

    const error = (() => {
      try {
        parseInput(linkBatchInput, body);
      } catch (thrown) {
        return thrown as RippleError;
      }
    })();

    expect(error?.details.issues?.map((issue) => issue.path.join('.'))).toEqual(['links.2.parent', 'links.3.parent', 'links.4.createdAt', 'links.5.colour']);
  });

  it('keeps a createdAt given with an offset as UTC, and refuses one before 2000', () => {
    const input = parseInput(linkBatchInput, { links: [{ createdAt: '2026-03-05T10:30:00+02:00' }] });

    expect(input.links[0]?.createdAt).toBe('2026-03-05T08:30:00.000Z');
    expect(linkBatchInput.safeParse({ links: [{ createdAt: '1970-01-01T00:00:00Z' }] }).error?.issues[0]?.path).toEqual(['links', 0, 'createdAt']);
  });
});

describe('planLinkBatch', () => {
  it('resolves refs to earlier items and codes to existing links, and writes parents a level before their children', () => {
    const planned = plan([
      { ref: 'root', sharer: 'brand', createdAt: '2026-03-02T09:00:00Z' },
      { ref: 'alice', parent: { ref: 'root' }, createdAt: '2026-03-02T10:00:00Z' },
      { parent: { ref: 'alice' }, createdAt: '2026-03-03T10:00:00Z' },
      { parent: 'Existing01' },
    ]);

    expect(planned.map((item) => [item.parent, item.level])).toEqual([
      [null, 0],
      [{ inBatch: 0 }, 1],
      [{ inBatch: 1 }, 2],
      [{ existing }, 0],
    ]);
    expect(planned[0]).toMatchObject({ ref: 'root', createdAt: '2026-03-02T09:00:00.000Z', fields: { sharer: 'brand' } });
    expect(planned[3]?.createdAt).toBeNull();
  });

  it('refuses a ref that names no earlier item: a later one, itself, or none (so no cycle can be written)', () => {
    expect(
      refusal([{ ref: 'a', parent: { ref: 'b' } }, { ref: 'b', parent: { ref: 'a' } }, { ref: 'c', parent: { ref: 'c' } }, { parent: { ref: 'nobody' } }]),
    ).toEqual([
      'links.0.parent: names links[1], which is not before it: list parents before their children',
      'links.2.parent: names links[2], which is not before it: list parents before their children',
      'links.3.parent: names no earlier link of this batch',
    ]);
  });

  it('refuses a ref used twice', () => {
    expect(refusal([{ ref: 'a' }, { ref: 'b' }, { ref: 'a' }])).toEqual(['links.2.ref: is already the ref of links[0]']);
  });

  it("refuses a parent code that is unknown to this workspace or another content's link", () => {
    expect(refusal([{ parent: 'Unknown001' }, { parent: 'Foreign001' }])).toEqual([
      'links.0.parent: is not a link of this content',
      'links.1.parent: is not a link of this content',
    ]);
  });

  it('takes createdAt from the content’s creation up to the request, both ends included', () => {
    const planned = plan([{ createdAt: content.createdAt }, { createdAt: NOW.toISOString() }]);

    expect(planned.map((item) => item.createdAt)).toEqual([content.createdAt, NOW.toISOString()]);
    expect(refusal([{ createdAt: '2026-03-10T12:00:00.001Z' }, { createdAt: '2026-02-28T23:59:59.999Z' }])).toEqual([
      'links.0.createdAt: must not be in the future',
      'links.1.createdAt: must not be before the content was created (2026-03-01T00:00:00.000Z)',
    ]);
  });

  it('refuses a child made before its parent, in the batch or existing; the same instant is fine', () => {
    expect(
      plan([
        { ref: 'p', createdAt: '2026-03-05T00:00:00Z' },
        { parent: { ref: 'p' }, createdAt: '2026-03-05T00:00:00Z' },
      ]),
    ).toHaveLength(2);
    expect(
      refusal([
        { ref: 'p', createdAt: '2026-03-05T00:00:00Z' },
        { parent: { ref: 'p' }, createdAt: '2026-03-04T23:59:59Z' },
        { parent: 'Existing01', createdAt: '2026-03-01T12:00:00Z' },
      ]),
    ).toEqual([
      "links.1.createdAt: must not be before its parent's (2026-03-05T00:00:00.000Z)",
      "links.2.createdAt: must not be before its parent's (2026-03-02T00:00:00.000Z)",
    ]);
  });

  it('refuses a claimed time under a batch parent that is stamped when written, but lets an unclaimed child follow any parent', () => {
    expect(refusal([{ ref: 'p' }, { parent: { ref: 'p' }, createdAt: '2026-03-05T00:00:00Z' }])).toEqual([
      'links.1.createdAt: must not be before its parent, which has no createdAt and is stamped when written: give the parent one',
    ]);
    expect(plan([{ ref: 'p', createdAt: '2026-03-05T00:00:00Z' }, { parent: { ref: 'p' } }])[1]?.createdAt).toBeNull();
  });

  it('names every offending item at once, so nothing is written until all are right', () => {
    const links = Array.from({ length: 20 }, (_, index) => (index % 7 === 3 ? { parent: 'Unknown001' } : {}));

    expect(refusal(links)).toEqual([
      'links.3.parent: is not a link of this content',
      'links.10.parent: is not a link of this content',
      'links.17.parent: is not a link of this content',
    ]);
  });
});

describe('parentCodesOf', () => {
  it('lists each existing parent code once, and no refs', () => {
    const input = parseInput(linkBatchInput, { links: [{ parent: 'Existing01' }, { ref: 'a' }, { parent: { ref: 'a' } }, { parent: 'Existing01' }] });

    expect(parentCodesOf(input)).toEqual(['Existing01']);
  });
});

describe('batchLink', () => {
  const stamp = new Date('2026-03-10T12:00:01.000Z');

  it('keeps a claimed creation time and records when it was received, its place in the feed', () => {
    const [item] = plan([{ sharer: 'alice', channel: 'email', createdAt: '2026-03-02T09:00:00Z' }]);

    const link = batchLink(item!, 'SeedCode01', { content, parent: null, stamp });

    expect(link).toMatchObject({ code: 'SeedCode01', rootCode: 'SeedCode01', generation: 0, sharer: 'alice', channel: 'email', creatorVisitorId: null });
    expect(link.createdAt).toBe('2026-03-02T09:00:00.000Z');
    expect(link.receivedAt).toBe(stamp.toISOString());
  });

  it('stamps an item without createdAt when written, as a single mint, under its parent', () => {
    const [, item] = plan([{ ref: 'p', createdAt: '2026-03-02T09:00:00Z' }, { parent: { ref: 'p' } }]);
    const parent = aLink({ code: 'ParentCode', rootCode: 'RootCode00', generation: 3, contentId: content.id });

    const link = batchLink(item!, 'ChildCode0', { content, parent, stamp });

    expect(link).toMatchObject({ parent: 'ParentCode', rootCode: 'RootCode00', generation: 4, createdAt: stamp.toISOString(), creatorVisitorId: null });
    expect(link.receivedAt).toBeUndefined();
  });
});
