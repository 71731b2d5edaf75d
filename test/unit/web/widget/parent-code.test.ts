import { describe, expect, it } from 'vitest';
import { isLinkCode, parentCode } from '../../../../web/widget/parent-code.js';

describe('the parent code', () => {
  it("is the page URL's ref parameter, added by the redirect", () => {
    expect(parentCode('?utm_source=x&ref=Ab3dEf9hJk', 'ref', 'Fallback12')).toBe('Ab3dEf9hJk');
  });

  it("is read from the campaign's own parameter name when it has one", () => {
    expect(parentCode('?src=Ab3dEf9hJk&ref=Other12345', 'src', null)).toBe('Ab3dEf9hJk');
  });

  it('is the fallback code for visitors who arrive without one', () => {
    expect(parentCode('?utm_source=x', 'ref', 'Fallback12')).toBe('Fallback12');
  });

  it('ignores what does not look like a link code, in the URL or as the fallback', () => {
    expect(parentCode('?ref=../admin', 'ref', 'Fallback12')).toBe('Fallback12');
    expect(parentCode('?ref=short', 'ref', 'Fallback12')).toBe('Fallback12');
    expect(parentCode('', 'ref', 'not a code!')).toBeNull();
    expect(parentCode('', 'ref', null)).toBeNull();
  });

  it('takes 8 to 32 letters and digits', () => {
    expect(isLinkCode('A1b2C3d4')).toBe(true);
    expect(isLinkCode('A'.repeat(32))).toBe(true);
    expect(isLinkCode('A1b2C3d')).toBe(false);
    expect(isLinkCode('A'.repeat(33))).toBe(false);
    expect(isLinkCode('A1b2-C3d4')).toBe(false);
    expect(isLinkCode(12345678)).toBe(false);
  });
});
