import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Click } from '../../../../shared/domain/click.js';
import { firstsOf, proposeMarks } from '../../../../shared/domain/aggregate/visitor-marks.js';
import { keys } from '../../../../shared/store/keys.js';
import { aClick, markNames } from '../../aggregation/fixtures.js';

// Marks live in one item per (visitor, content): their names no longer carry the content id.

describe('proposeMarks', () => {
  it('proposes the content, link, generation and channel marks of a click, with the click’s id', () => {
    const click = aClick({ id: 'c1', contentId: 'cnt_x', code: 'Child00001', generation: 1, channel: 'email' });

    expect(proposeMarks([click], markNames)).toEqual({
      content: 'c1',
      'link:Child00001': 'c1',
      'gen:1': 'c1',
      'channel:email': 'c1',
    });
  });

  it('names the channel mark of a link without channel with the empty channel', () => {
    const click = aClick({ id: 'c1', contentId: 'cnt_x', channel: null });

    expect(proposeMarks([click], markNames)).toHaveProperty(['channel:'], 'c1');
  });

  it('proposes each mark with the earliest click (in feed order) that sets it', () => {
    const clicks = [
      aClick({ id: 'c1', contentId: 'cnt_x', code: 'Seed000001', generation: 0, channel: 'email' }),
      aClick({ id: 'c2', contentId: 'cnt_x', code: 'Child00001', generation: 1, channel: 'email' }),
      aClick({ id: 'c3', contentId: 'cnt_x', code: 'Seed000001', generation: 0, channel: 'email' }),
      aClick({ id: 'c4', contentId: 'cnt_x', code: 'Other00001', generation: 0, channel: null }),
    ];

    expect(proposeMarks(clicks, markNames)).toEqual({
      content: 'c1',
      'link:Seed000001': 'c1',
      'gen:0': 'c1',
      'channel:email': 'c1',
      'link:Child00001': 'c2',
      'gen:1': 'c2',
      'link:Other00001': 'c4',
      'channel:': 'c4',
    });
  });

  it('proposes nothing for no clicks', () => {
    expect(proposeMarks([], markNames)).toEqual({});
  });

  it('works with the stored mark names, which keep the content, links, generations and channels apart', () => {
    const click = aClick({ id: 'c1', contentId: 'cnt_x', code: 'Seed000001', generation: 0, channel: 'x' });

    expect(proposeMarks([click], keys.marks)).toEqual({ f: 'c1', 'l#Seed000001': 'c1', 'g#0': 'c1', 'c#x': 'c1' });
  });

  it('stored mark names do not carry the content id (the item is per content)', () => {
    expect([keys.marks.content(), keys.marks.link('Code000001'), keys.marks.generation(2), keys.marks.channel('')]).toEqual([
      'f',
      'l#Code000001',
      'g#2',
      'c#',
    ]);
  });
});

describe('firstsOf', () => {
  const click = aClick({ id: 'c2', contentId: 'cnt_x', code: 'Child00001', generation: 1, channel: 'sms' });

  it('owns exactly the marks stored with its own id', () => {
    const stored = {
      content: 'c1',
      'link:Child00001': 'c2',
      'gen:1': 'c2',
      'channel:sms': 'c0',
    };

    expect(firstsOf(click, stored, markNames)).toEqual({ content: false, link: true, generation: true, channel: false });
  });

  it('owns nothing when no mark is stored', () => {
    expect(firstsOf(click, {}, markNames)).toEqual({ content: false, link: false, generation: false, channel: false });
  });

  it('for a visitor seen for the first time, counts each content, link, generation and channel once', () => {
    const clickArb = fc.record({
      content: fc.constantFrom('cnt_x', 'cnt_y'),
      code: fc.constantFrom('Code000001', 'Code000002', 'Code000003'),
      generation: fc.nat(2),
      channel: fc.constantFrom(null, 'email'),
    });
    fc.assert(
      fc.property(fc.array(clickArb, { maxLength: 20 }), (specs) => {
        const clicks = specs.map((spec, i) =>
          aClick({ id: `c${i}`, contentId: spec.content, code: spec.code, generation: spec.generation, channel: spec.channel }),
        );
        // As the aggregation does: one item (and one proposal) per content the visitor clicked.
        const byContent = new Map<string, Click[]>();
        for (const one of clicks) byContent.set(one.contentId, [...(byContent.get(one.contentId) ?? []), one]);
        // A fresh visitor: every proposal is stored as proposed.
        const stored = new Map([...byContent].map(([content, group]) => [content, proposeMarks(group, markNames)]));
        const firsts = clicks.map((one) => firstsOf(one, stored.get(one.contentId) ?? {}, markNames));
        const count = (field: keyof (typeof firsts)[number]) => firsts.filter((first) => first[field]).length;

        expect(count('content')).toBe(new Set(specs.map((s) => s.content)).size);
        // A link belongs to one content: its code is unique per content.
        expect(count('link')).toBe(new Set(specs.map((s) => `${s.content}/${s.code}`)).size);
        expect(count('generation')).toBe(new Set(specs.map((s) => `${s.content}/${s.generation}`)).size);
        expect(count('channel')).toBe(new Set(specs.map((s) => `${s.content}/${s.channel ?? ''}`)).size);
        // And a visitor whose marks were all set by earlier steps is counted nowhere again.
        for (const [content, marks] of stored) {
          const earlier = Object.fromEntries(Object.keys(marks).map((mark) => [mark, 'older-click']));
          const again = (byContent.get(content) ?? []).map((one) => firstsOf(one, earlier, markNames));
          expect(again.some((first) => Object.values(first).some(Boolean))).toBe(false);
        }
      }),
      { numRuns: 100 },
    );
  });
});
