import { describe, expect, it } from 'vitest';
import { bandOf, coloursOf } from '../../../../web/dashboard/cascade/colours.js';
import { buildForest } from '../../../../web/dashboard/cascade/forest.js';
import { link } from './fixtures.js';

const colourOf = (colours: ReturnType<typeof coloursOf>, forest: ReturnType<typeof buildForest>, code: string) =>
  colours.palette[colours.of[forest.indexOf.get(code) as number] as number];

describe('colours by channel', () => {
  const nodes = [
    link('a', null, { channel: 'email' }),
    link('b', null, { channel: 'x' }),
    link('c', 'a', { channel: 'email' }),
    link('d', 'a', { channel: null }),
    link('e', 'b', { channel: 'whatsapp' }),
    link('f', 'b', { channel: 'email' }),
    link('g', 'b', { channel: 'x' }),
    link('h', 'b', { channel: 'sms' }),
  ];

  it('gives each channel one colour, the same whatever order the links came in', () => {
    const forest = buildForest(nodes);
    const shuffled = buildForest([...nodes].reverse());
    const colours = coloursOf(forest, 'channel');
    const again = coloursOf(shuffled, 'channel');

    expect(colourOf(colours, forest, 'a')).toBe(colourOf(colours, forest, 'c'));
    expect(colourOf(colours, forest, 'a')).not.toBe(colourOf(colours, forest, 'b'));
    expect(colourOf(colours, forest, 'e')).not.toBe(colourOf(colours, forest, 'b'));
    expect(colourOf(colours, forest, 'e')).not.toBe(colourOf(colours, forest, 'h'));
    for (const code of 'abcdefgh') expect(colourOf(again, shuffled, code)).toBe(colourOf(colours, forest, code));
  });

  it('gives a channel the same colour in another tree, whatever other channels it has', () => {
    const forest = buildForest(nodes);
    const other = buildForest([link('p', null, { channel: 'email' }), link('q', 'p', { channel: 'facebook' }), link('r', 'p', { channel: 'facebook' })]);
    expect(colourOf(coloursOf(other, 'channel'), other, 'p')).toBe(colourOf(coloursOf(forest, 'channel'), forest, 'a'));
    expect(colourOf(coloursOf(other, 'channel'), other, 'q')).not.toBe(colourOf(coloursOf(other, 'channel'), other, 'p'));
  });

  it('has a legend of the channels present, the most used first, and one for no channel', () => {
    const forest = buildForest(nodes);
    const colours = coloursOf(forest, 'channel');
    expect(colours.legend.map((entry) => entry.label)).toEqual(['email', 'x', 'sms', 'whatsapp', 'no channel']);
    expect(colours.legend[4]?.colour).toBe(colourOf(colours, forest, 'd'));
  });

  it('shares one colour among channels past the ninth', () => {
    const many = buildForest(Array.from({ length: 12 }, (_, at) => link(`l${at}`, null, { channel: `ch${String(at).padStart(2, '0')}` })));
    const colours = coloursOf(many, 'channel');
    expect(new Set(Array.from({ length: 9 }, (_, at) => colourOf(colours, many, `l${at}`))).size).toBe(9);
    expect(colourOf(colours, many, 'l9')).toBe(colourOf(colours, many, 'l11'));
    expect(colours.legend.at(-1)?.label).toBe('3 other channels');
  });
});

describe('colours by generation', () => {
  it('gives each generation band a fixed colour, whatever else is loaded', () => {
    const one = buildForest([link('a', null, { generation: 0 }), link('b', 'a', { generation: 1 }), link('c', 'b', { generation: 7 })]);
    const other = buildForest([link('x', null, { generation: 7 }), link('y', 'x', { generation: 300 })]);
    const colours = coloursOf(one, 'generation');
    const otherColours = coloursOf(other, 'generation');

    expect(colourOf(colours, one, 'c')).toBe(colourOf(otherColours, other, 'x'));
    expect(colourOf(colours, one, 'a')).not.toBe(colourOf(colours, one, 'b'));
    expect(colours.legend.map((entry) => entry.label)).toEqual(['generation 0', 'generation 1', 'generations 6–9']);
    expect(otherColours.legend.map((entry) => entry.label)).toEqual(['generations 6–9', 'generation 50+']);
    expect([0, 1, 2, 3, 4, 5, 6, 9, 10, 19, 20, 49, 50, 20_000].map(bandOf)).toEqual([0, 1, 2, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8]);
  });
});
