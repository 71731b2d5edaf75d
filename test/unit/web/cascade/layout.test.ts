import { describe, expect, it } from 'vitest';
import { buildForest } from '../../../../web/dashboard/cascade/forest.js';
import { LEVEL_GAP, NODE_GAP, nodeAt, radialLayout, tidyLayout } from '../../../../web/dashboard/cascade/layout.js';
import { chain, forestOf, twoTrees } from './fixtures.js';

const small = () => buildForest(twoTrees());
const at = (layout: { x: Float64Array; y: Float64Array }, forest: ReturnType<typeof buildForest>, code: string): [number, number] => {
  const index = forest.indexOf.get(code) as number;
  return [layout.x[index] as number, layout.y[index] as number];
};

describe('tidy layout', () => {
  it('puts each generation on its own row, siblings a node gap apart, parents above their children', () => {
    const forest = small();
    const layout = tidyLayout(forest);
    const [ax, ay] = at(layout, forest, 'a');
    const [a1x, a1y] = at(layout, forest, 'a1');
    const [a2x] = at(layout, forest, 'a2');
    const [a11x, a11y] = at(layout, forest, 'a11');
    const [bx, by] = at(layout, forest, 'b');
    const [b1x] = at(layout, forest, 'b1');

    expect([ay, by, a1y, a11y]).toEqual([0, 0, LEVEL_GAP, 2 * LEVEL_GAP]);
    expect(a2x - a1x).toBe(NODE_GAP);
    expect(ax).toBe((a1x + a2x) / 2);
    expect(a11x).toBe(a1x);
    expect(b1x).toBe(bx);
    // The two trees side by side, not overlapping.
    expect(bx).toBeGreaterThan(a2x);
    expect(layout.bounds).toEqual({ minX: a1x, maxX: bx, minY: 0, maxY: 2 * LEVEL_GAP });
  });

  it('lays out a chain 20,000 generations deep (one column, 20,000 rows)', () => {
    const forest = buildForest(chain(20_000));
    const layout = tidyLayout(forest);

    expect(layout.y[19_999]).toBe(19_999 * LEVEL_GAP);
    expect(layout.x.every((x) => x === 0)).toBe(true);
    expect(layout.bounds.maxY).toBe(19_999 * LEVEL_GAP);
  });
});

describe('radial layout', () => {
  it("puts one tree's root at the centre and each generation on a ring further out", () => {
    const forest = buildForest(
      forestOf([
        ['r', null],
        ['r1', 'r'],
        ['r2', 'r'],
        ['r11', 'r1'],
      ]),
    );
    const layout = radialLayout(tidyLayout(forest), forest);
    const radius = (code: string) => Math.hypot(...(at(layout, forest, code) as [number, number]));

    expect(radius('r')).toBe(0);
    expect(radius('r1')).toBeCloseTo(radius('r2'));
    expect(radius('r11')).toBeCloseTo(2 * radius('r1'));
    expect(radius('r1')).toBeGreaterThanOrEqual(LEVEL_GAP);
    // The leftmost of the tidy layout starts at the top (angle -90°).
    const [r1x, r1y] = at(layout, forest, 'r1');
    expect(r1x).toBeCloseTo(0);
    expect(r1y).toBeLessThan(0);
  });

  it("puts a forest's roots on the first ring, in the tidy layout's order around it", () => {
    const forest = small();
    const layout = radialLayout(tidyLayout(forest), forest);
    const angle = (code: string) => {
      const [x, y] = at(layout, forest, code) as [number, number];
      return (Math.atan2(y, x) + 2.5 * Math.PI) % (2 * Math.PI);
    };

    expect(Math.hypot(...(at(layout, forest, 'a') as [number, number]))).toBeCloseTo(Math.hypot(...(at(layout, forest, 'b') as [number, number])));
    expect(Math.hypot(...(at(layout, forest, 'a') as [number, number]))).toBeGreaterThan(0);
    expect(angle('a1')).toBeLessThan(angle('a2'));
    expect(angle('a2')).toBeLessThan(angle('b1'));
  });

  it('maps a chain 20,000 deep to polar coordinates', () => {
    const forest = buildForest(chain(20_000));
    const layout = radialLayout(tidyLayout(forest), forest);
    expect(Number.isFinite(layout.bounds.maxY)).toBe(true);
    expect(Math.hypot(layout.x[19_999] as number, layout.y[19_999] as number)).toBeCloseTo(19_999 * LEVEL_GAP);
  });
});

describe('hit test', () => {
  it('finds the nearest link within the radius, and none outside it', () => {
    const forest = small();
    const layout = tidyLayout(forest);
    const [a1x, a1y] = at(layout, forest, 'a1') as [number, number];

    expect(nodeAt(layout, a1x + 3, a1y - 2, 8)).toBe(forest.indexOf.get('a1'));
    // Between a1 and a2 but nearer a2.
    expect(nodeAt(layout, a1x + NODE_GAP * 0.6, a1y, 8)).toBe(forest.indexOf.get('a2'));
    expect(nodeAt(layout, a1x, a1y + LEVEL_GAP / 2, 8)).toBe(-1);
  });

  it('measures as on screen when rows are spread apart (a separate vertical radius)', () => {
    const forest = small();
    const layout = tidyLayout(forest);
    const [a1x, a1y] = at(layout, forest, 'a1');
    // Rows 10× further apart on screen than in layout: a point a fifth of a row below a1 is 11 px
    // off on screen, outside an 8 px radius; a point 4 units to its side is within.
    expect(nodeAt(layout, a1x, a1y + LEVEL_GAP / 5, 8, 0.8)).toBe(-1);
    expect(nodeAt(layout, a1x + 4, a1y + 0.1, 8, 0.8)).toBe(forest.indexOf.get('a1'));
    expect(nodeAt(layout, a1x + 0.6 * NODE_GAP, a1y, 8, 0.8)).toBe(forest.indexOf.get('a2'));
  });

  it('finds a link deep in a 20,000-link chain', () => {
    const forest = buildForest(chain(20_000));
    const layout = tidyLayout(forest);
    expect(nodeAt(layout, 1, 12_345 * LEVEL_GAP + 2, 5)).toBe(12_345);
  });
});
