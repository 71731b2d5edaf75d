import { describe, expect, it } from 'vitest';
import { centredView, fitView, toLayout, toScreen, zoomAt } from '../../../../web/dashboard/cascade/view.js';

const size = { width: 800, height: 600 };

describe('the view', () => {
  it('fits the whole layout, centred, with a margin', () => {
    const view = fitView({ minX: -100, maxX: 100, minY: 0, maxY: 1000 }, size);
    expect(view.k).toBeCloseTo((600 - 48) / 1000);
    expect(view.ky).toBe(view.k);
    const [left, top] = toScreen(view, -100, 0);
    const [right, bottom] = toScreen(view, 100, 1000);
    expect((left + right) / 2).toBeCloseTo(400);
    expect(top).toBeCloseTo(24);
    expect(bottom).toBeCloseTo(576);
  });

  it('fits a chain 20,000 generations deep by zooming far out, and zooms in from there', () => {
    const fit = fitView({ minX: 0, maxX: 0, minY: 0, maxY: 20_000 * 56 }, size, true);
    expect(fit.k).toBeGreaterThan(0);
    expect(fit.ky).toBe(fit.k);
    expect(toScreen(fit, 0, 20_000 * 56)[1]).toBeCloseTo(576);
    const closer = zoomAt(fit, 100, 400, 300, fit);
    expect(closer.k).toBeCloseTo(fit.k * 100);
    expect(toLayout(closer, 400, 300)[1]).toBeCloseTo(toLayout(fit, 400, 300)[1]);
  });

  it('spreads the rows of a wide, shallow forest to the full height, until zoomed in past that', () => {
    const wide = { minX: 0, maxX: 70_000, minY: 0, maxY: 14 * 56 };
    const fit = fitView(wide, size, true);
    expect(fit.k).toBeCloseTo(752 / 70_000);
    expect(fit.ky).toBeCloseTo(552 / (14 * 56));
    expect(toScreen(fit, 0, 0)).toEqual([24, 24]);
    expect(toScreen(fit, 70_000, 14 * 56)[1]).toBeCloseTo(576);
    expect(zoomAt(fit, 4, 400, 300, fit).ky).toBe(fit.ky);
    const far = zoomAt(fit, 200, 400, 300, fit);
    expect(far.ky).toBe(far.k);
    // Without stretching (the radial layout), one scale.
    expect(fitView(wide, size).ky).toBe(fit.k);
  });

  it('keeps the point under the pointer in place when zooming, within limits', () => {
    const view = { k: 1, ky: 1, x: 10, y: 20 };
    const zoomed = zoomAt(view, 2, 300, 200, view);
    expect(toLayout(zoomed, 300, 200)).toEqual(toLayout(view, 300, 200));
    expect(zoomAt(view, 1000, 0, 0, view).k).toBe(8);
    expect(zoomAt(view, 0.0001, 0, 0, view).k).toBe(0.25);
  });

  it('centres a picked root with the whole layout still in view', () => {
    const bounds = { minX: -50, maxX: 400, minY: 0, maxY: 300 };
    const view = centredView(bounds, size, 0, 0);
    expect(toScreen(view, 0, 0)).toEqual([400, 300]);
    const [right] = toScreen(view, 400, 0);
    const [, bottom] = toScreen(view, 0, 300);
    expect(right).toBeLessThanOrEqual(800 - 24 + 1e-9);
    expect(bottom).toBeLessThanOrEqual(600 - 24 + 1e-9);
  });
});
