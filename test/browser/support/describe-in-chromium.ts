import { describe, it } from 'vitest';
import { browserRequired, chromiumAvailable, missingChromiumMessage, warnMissingChromium } from './chromium.js';

/**
 * A describe block of real-browser tests: skipped (with the message, once) without Chromium, and
 * replaced by one failing test when the browser is required.
 */
export function describeInChromium(name: string, body: () => void): void {
  if (chromiumAvailable) {
    describe(name, body);
    return;
  }
  warnMissingChromium();
  if (browserRequired()) {
    describe(name, () => {
      it('cannot run without Chromium, which CI requires', () => {
        throw new Error(missingChromiumMessage());
      });
    });
  } else describe.skip(name, body);
}
