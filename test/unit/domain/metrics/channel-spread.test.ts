import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChannelSpread, channelSpread } from '../../../../shared/domain/metrics/channel-spread.js';

/** The spread of each channel of a forest given as a parent column (−1: a seed) and channel numbers. */
function spreadOf(parents: readonly number[], channels: readonly number[], channelCount = Math.max(0, ...channels) + 1): ChannelSpread[] {
  const forest = { size: parents.length, parent: Int32Array.from(parents), createdAtMs: new Float64Array(parents.length) };
  return channelSpread(forest, Int32Array.from(channels), channelCount);
}

/** By definition: walk up from every link, crediting each ancestor's channel once per link, at its distance. */
function bruteForceSpread(parents: readonly number[], channels: readonly number[], channelCount: number): ChannelSpread[] {
  const spread = Array.from({ length: channelCount }, () => ({ downstreamLinks: 0, deepestSpread: 0 }));
  parents.forEach((_, link) => {
    const credited = new Set<number>();
    for (let ancestor = parents[link]!, distance = 1; ancestor >= 0; ancestor = parents[ancestor]!, distance++) {
      const row = spread[channels[ancestor]!]!;
      if (!credited.has(channels[ancestor]!)) row.downstreamLinks++;
      credited.add(channels[ancestor]!);
      row.deepestSpread = Math.max(row.deepestSpread, distance);
    }
  });
  return spread;
}

const X = 0;
const Y = 1;

describe('channelSpread: hand-worked forests', () => {
  it('credits a seed whose share chain went 4 generations deep, and nothing to 5 seeds never re-shared', () => {
    // x: S ─ a ─ b ─ c ─ d (the re-shares on y);  y: five seeds alone.
    const parents = [-1, 0, 1, 2, 3, -1, -1, -1, -1, -1];
    const channels = [X, Y, Y, Y, Y, Y, Y, Y, Y, Y];

    expect(spreadOf(parents, channels)).toEqual([
      { downstreamLinks: 4, deepestSpread: 4 },
      { downstreamLinks: 3, deepestSpread: 3 }, // a's chain below it: b, c, d
    ]);
  });

  it('counts a link below two nested links of the same channel once', () => {
    // x: S ─ a(x) ─┬─ b(y)
    //              └─ c(x) ─ d(y)
    const parents = [-1, 0, 1, 1, 3];
    const channels = [X, X, Y, X, Y];

    expect(spreadOf(parents, channels)).toEqual([
      { downstreamLinks: 4, deepestSpread: 3 }, // a, b, c, d below S; S is 3 generations above d
      { downstreamLinks: 0, deepestSpread: 0 },
    ]);
  });

  it('does not assume parents are stored before their children', () => {
    // The first forest again, stored children first.
    const parents = [-1, -1, -1, -1, -1, 6, 7, 8, 9, -1];
    const channels = [Y, Y, Y, Y, Y, Y, Y, Y, Y, X];

    expect(spreadOf(parents, channels)).toEqual([
      { downstreamLinks: 4, deepestSpread: 4 },
      { downstreamLinks: 3, deepestSpread: 3 },
    ]);
  });

  it('gives a channel with no links, or an empty forest, no spread', () => {
    expect(spreadOf([-1], [X], 2)).toEqual([
      { downstreamLinks: 0, deepestSpread: 0 },
      { downstreamLinks: 0, deepestSpread: 0 },
    ]);
    expect(spreadOf([], [], 1)).toEqual([{ downstreamLinks: 0, deepestSpread: 0 }]);
  });

  it('measures the trees the cascade metrics measure: a parent out of range, or a parent cycle, makes a root', () => {
    // 0 → 1 → 0 is a cycle: 0 (created first) becomes the root; 2 names a parent that does not exist.
    const parents = [1, 0, 99];
    const channels = [X, Y, X];

    expect(spreadOf(parents, channels)).toEqual([
      { downstreamLinks: 1, deepestSpread: 1 },
      { downstreamLinks: 0, deepestSpread: 0 },
    ]);
  });

  it('walks a 20,000-deep chain without recursion, whichever way it is stored', () => {
    const depth = 20_000;
    const downwards = Array.from({ length: depth + 1 }, (_, i) => i - 1); // link i's parent is i − 1
    const upwards = Array.from({ length: depth + 1 }, (_, i) => (i === depth ? -1 : i + 1)); // link i's parent is i + 1
    const channels = Array.from({ length: depth + 1 }, (_, i) => i % 2); // the seed (0 or 20,000) on channel 0

    for (const parents of [downwards, upwards]) {
      expect(spreadOf(parents, channels)).toEqual([
        { downstreamLinks: depth, deepestSpread: depth },
        { downstreamLinks: depth - 1, deepestSpread: depth - 1 },
      ]);
    }
  });
});

/**
 * A random forest: about one link in four a seed, the others re-shares of an earlier link, then
 * stored in a random order (the store does not keep creation order); up to four channels.
 */
const forestArb = fc
  .array(fc.record({ seed: fc.nat({ max: 3 }), pick: fc.nat(), channel: fc.nat({ max: 3 }), key: fc.double({ noNaN: true }) }), { maxLength: 60 })
  .map((nodes) => {
    const made = nodes.map((node, i) => (i === 0 || node.seed === 0 ? -1 : node.pick % i));
    const storedAt = new Array<number>(nodes.length);
    [...nodes.keys()].sort((a, b) => nodes[a]!.key - nodes[b]!.key || a - b).forEach((link, position) => (storedAt[link] = position));
    const parents = new Array<number>(nodes.length);
    const channels = new Array<number>(nodes.length);
    made.forEach((parent, link) => {
      parents[storedAt[link]!] = parent < 0 ? -1 : storedAt[parent]!;
      channels[storedAt[link]!] = nodes[link]!.channel;
    });
    return { parents, channels };
  });

describe('channelSpread: properties', () => {
  it('equals the count of distinct links below each channel and its deepest distance, found by walking every link’s ancestors', () => {
    fc.assert(
      fc.property(forestArb, ({ parents, channels }) => {
        expect(spreadOf(parents, channels, 4)).toEqual(bruteForceSpread(parents, channels, 4));
      }),
      { numRuns: 300 },
    );
  });
});
