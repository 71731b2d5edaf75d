import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Click } from '../../../../shared/domain/click.js';
import { firstArrivalOf, firstsOf, proposeMarks, reshareArrival } from '../../../../shared/domain/aggregate/visitor-marks.js';
import { keys } from '../../../../shared/store/keys.js';
import { aClick, markNames } from '../../aggregation/fixtures.js';

// Marks live in one item per (visitor, content): their names no longer carry the content id.

describe('proposeMarks', () => {
  it('proposes the content, link, generation, channel and arrival marks of a click, with the click’s id', () => {
    const click = aClick({ id: 'c1', contentId: 'cnt_x', code: 'Child00001', generation: 1, channel: 'email', arrival: 'whatsapp' });

    expect(proposeMarks([click], markNames)).toEqual({
      content: 'c1',
      'link:Child00001': 'c1',
      'gen:1': 'c1',
      'channel:email': 'c1',
      'arrival:whatsapp': 'c1',
    });
  });

  it('names the arrival mark of a click stored before arrivals were `direct`', () => {
    const { arrival: _none, ...click } = aClick({ id: 'c1', contentId: 'cnt_x' });

    expect(proposeMarks([click], markNames)).toHaveProperty(['arrival:direct'], 'c1');
  });

  it('names the channel mark of a link without channel with the empty channel', () => {
    const click = aClick({ id: 'c1', contentId: 'cnt_x', channel: null });

    expect(proposeMarks([click], markNames)).toHaveProperty(['channel:'], 'c1');
  });

  it('proposes each mark with the earliest click (in feed order) that sets it', () => {
    const clicks = [
      aClick({ id: 'c1', contentId: 'cnt_x', code: 'Seed000001', generation: 0, channel: 'email', arrival: 'x' }),
      aClick({ id: 'c2', contentId: 'cnt_x', code: 'Child00001', generation: 1, channel: 'email', arrival: 'x' }),
      aClick({ id: 'c3', contentId: 'cnt_x', code: 'Seed000001', generation: 0, channel: 'email', arrival: 'copy' }),
      aClick({ id: 'c4', contentId: 'cnt_x', code: 'Other00001', generation: 0, channel: null, arrival: 'x' }),
    ];

    expect(proposeMarks(clicks, markNames)).toEqual({
      content: 'c1',
      'link:Seed000001': 'c1',
      'gen:0': 'c1',
      'channel:email': 'c1',
      'arrival:x': 'c1',
      'link:Child00001': 'c2',
      'gen:1': 'c2',
      'arrival:copy': 'c3',
      'link:Other00001': 'c4',
      'channel:': 'c4',
    });
  });

  it('proposes nothing for no clicks', () => {
    expect(proposeMarks([], markNames)).toEqual({});
  });

  it('works with the stored mark names, which keep the content, links, generations, channels and arrival channels apart', () => {
    const click = aClick({ id: 'c1', contentId: 'cnt_x', code: 'Seed000001', generation: 0, channel: 'x', arrival: 'x' });

    expect(proposeMarks([click], keys.marks)).toEqual({ f: 'c1', 'l#Seed000001': 'c1', 'g#0': 'c1', 'c#x': 'c1', 'a#x': 'c1' });
  });

  it('stored mark names do not carry the content id (the item is per content)', () => {
    expect([keys.marks.content(), keys.marks.link('Code000001'), keys.marks.generation(2), keys.marks.channel(''), keys.marks.arrival('qr')]).toEqual([
      'f',
      'l#Code000001',
      'g#2',
      'c#',
      'a#qr',
    ]);
  });
});

describe('firstsOf', () => {
  const click = aClick({ id: 'c2', contentId: 'cnt_x', code: 'Child00001', generation: 1, channel: 'sms', arrival: 'telegram' });

  it('owns exactly the marks stored with its own id', () => {
    const stored = {
      content: 'c1',
      'link:Child00001': 'c2',
      'gen:1': 'c2',
      'channel:sms': 'c0',
      'arrival:telegram': 'c2',
    };

    expect(firstsOf(click, stored, markNames)).toEqual({ content: false, link: true, generation: true, channel: false, arrival: true });
  });

  it('does not own the arrival mark of another arrival channel', () => {
    expect(firstsOf(click, { 'arrival:email': 'c2' }, markNames).arrival).toBe(false);
  });

  it('owns nothing when no mark is stored', () => {
    expect(firstsOf(click, {}, markNames)).toEqual({ content: false, link: false, generation: false, channel: false, arrival: false });
  });

  it('for a visitor seen for the first time, counts each content, link, generation and channel once', () => {
    const clickArb = fc.record({
      content: fc.constantFrom('cnt_x', 'cnt_y'),
      code: fc.constantFrom('Code000001', 'Code000002', 'Code000003'),
      generation: fc.nat(2),
      channel: fc.constantFrom(null, 'email'),
      arrival: fc.constantFrom('whatsapp', 'copy', 'direct' as const),
    });
    fc.assert(
      fc.property(fc.array(clickArb, { maxLength: 20 }), (specs) => {
        const clicks = specs.map((spec, i) =>
          aClick({ id: `c${i}`, contentId: spec.content, code: spec.code, generation: spec.generation, channel: spec.channel, arrival: spec.arrival }),
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
        expect(count('arrival')).toBe(new Set(specs.map((s) => `${s.content}/${s.arrival}`)).size);
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

describe('firstArrivalOf', () => {
  it('is the click, the channel it arrived through and its feed position', () => {
    const click = aClick({ id: 'c1', arrival: 'qr' });

    expect(firstArrivalOf(click, `${click.at}#c1`)).toEqual({ click: 'c1', channel: 'qr', position: `${click.at}#c1` });
  });

  it('is `direct` for a click stored before arrivals were', () => {
    const { arrival: _none, ...click } = aClick({ id: 'c1' });

    expect(firstArrivalOf(click, 'p').channel).toBe('direct');
  });
});

describe('reshareArrival', () => {
  const arrived = { click: 'c1', channel: 'whatsapp' as const, position: '2024-06-01T12:01:00.000Z#c1' };

  it('is the creator’s first arrival when it came before the re-share link', () => {
    expect(reshareArrival({ firstTouch: 'c1', firstArrival: arrived }, '2024-06-01T12:02:00.000Z#Child00001')).toBe('whatsapp');
  });

  it('is none when the creator first arrived only after making the link (a later click, a rerun of an older step)', () => {
    expect(reshareArrival({ firstTouch: 'c1', firstArrival: arrived }, '2024-06-01T12:00:30.000Z#Child00001')).toBeNull();
  });

  it('is none for a creator who never clicked a link of the content', () => {
    expect(reshareArrival({ firstTouch: null, firstArrival: null }, '2024-06-01T12:02:00.000Z#Child00001')).toBeNull();
  });

  it('is none when the stored arrival is not the first touch’s (a first click from before arrivals were recorded)', () => {
    expect(reshareArrival({ firstTouch: 'c0', firstArrival: arrived }, '2024-06-01T12:02:00.000Z#Child00001')).toBeNull();
    expect(reshareArrival({ firstTouch: 'c0', firstArrival: null }, '2024-06-01T12:02:00.000Z#Child00001')).toBeNull();
  });
});
