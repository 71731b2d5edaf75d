import { describe, expect, it } from 'vitest';
import { coloursOf } from '../../../../web/dashboard/cascade/colours.js';
import { drawScene, sceneOf } from '../../../../web/dashboard/cascade/draw.js';
import { buildForest } from '../../../../web/dashboard/cascade/forest.js';
import { tidyLayout } from '../../../../web/dashboard/cascade/layout.js';
import { chain, forestOf, recordingContext } from './fixtures.js';

const ink = { edge: '#888', selection: '#00f' };
const size = { width: 400, height: 300, ratio: 2 };

describe('drawing a frame', () => {
  const forest = buildForest(
    forestOf([
      ['a', null, { channel: 'email' }],
      ['a1', 'a', { channel: 'x' }],
      ['a2', 'a', { channel: 'email' }],
      ['a11', 'a1', { channel: 'x' }],
    ]),
  );
  const scene = sceneOf(forest, tidyLayout(forest), coloursOf(forest, 'channel'));

  it('strokes every edge in one path and fills the nodes once per colour, in device pixels', () => {
    const { context, calls } = recordingContext();
    drawScene(context, scene, { k: 1, ky: 1, x: 200, y: 20 }, size, -1, ink);
    const names = calls.map((call) => call[0]);

    expect(calls[0]).toEqual(['setTransform', 2, 0, 0, 2, 0, 0]);
    expect(names.filter((name) => name === 'lineTo')).toHaveLength(3);
    expect(names.filter((name) => name === 'stroke')).toHaveLength(1);
    expect(names.filter((name) => name === 'fill')).toHaveLength(2);
    const present = [...new Set(scene.colours.of)].sort((a, b) => a - b);
    expect(calls.filter((call) => call[0] === 'set fillStyle').map((call) => call[1])).toEqual(present.map((slot) => scene.colours.palette[slot]));
  });

  it('skips what is off screen', () => {
    const { context, calls } = recordingContext();
    drawScene(context, scene, { k: 1, ky: 1, x: -5000, y: 20 }, size, -1, ink);
    expect(calls.filter((call) => call[0] === 'lineTo' || call[0] === 'arc' || call[0] === 'rect')).toHaveLength(0);
  });

  it('rings the selected link', () => {
    const { context, calls } = recordingContext();
    drawScene(context, scene, { k: 1, ky: 1, x: 200, y: 20 }, size, 0, ink);
    expect(calls.filter((call) => call[0] === 'set strokeStyle').map((call) => call[1])).toEqual(['#888', '#00f']);
  });

  it('draws only the visible part of a chain 20,000 deep', () => {
    const deep = buildForest(chain(20_000));
    const deepScene = sceneOf(deep, tidyLayout(deep), coloursOf(deep, 'generation'));
    const { context, calls } = recordingContext();
    drawScene(context, deepScene, { k: 1, ky: 1, x: 200, y: 0 }, size, -1, ink);
    const drawnEdges = calls.filter((call) => call[0] === 'lineTo').length;
    expect(drawnEdges).toBeGreaterThan(3);
    expect(drawnEdges).toBeLessThan(10);
  });
});
