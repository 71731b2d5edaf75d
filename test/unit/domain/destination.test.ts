import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { destinationFor, withQueryParams } from '../../../shared/domain/destination.js';
import { aContent, aLink } from './fixtures.js';

const redirectTo = (url: string, link: Parameters<typeof aLink>[0] = {}, refParam = 'ref') => destinationFor(aContent({ url, refParam }), aLink(link));

describe('destinationFor', () => {
  it('adds ref={code} to a URL that has no query', () => {
    expect(redirectTo('https://example.com/article', { code: 'abcDEF1234' })).toBe('https://example.com/article?ref=abcDEF1234');
  });

  it("appends ref after the destination's own query, keeping its bytes exactly", () => {
    const url = 'https://example.com/p?a=b%2Fc&x=%7E&q=one+two&sig=AbC%3D%3D';
    const result = redirectTo(url, { code: 'abcDEF1234' });
    expect(result.startsWith('https://example.com/p?a=b%2Fc&x=%7E&q=one+two&sig=AbC%3D%3D&')).toBe(true);
    expect(result.endsWith('&ref=abcDEF1234')).toBe(true);
  });

  it('keeps the fragment after the added parameter', () => {
    expect(redirectTo('https://example.com/p?a=1#section-2', { code: 'abcDEF1234' })).toBe('https://example.com/p?a=1&ref=abcDEF1234#section-2');
  });

  it('keeps a fragment that itself contains ? and & untouched', () => {
    expect(redirectTo('https://example.com/app#/route?tab=1&x=2', { code: 'abcDEF1234' })).toBe('https://example.com/app?ref=abcDEF1234#/route?tab=1&x=2');
  });

  it('replaces an existing ref parameter instead of adding a second one', () => {
    const result = redirectTo('https://example.com/p?ref=someoneElse&a=1', { code: 'abcDEF1234' });
    const params = new URL(result).searchParams;
    expect(params.getAll('ref')).toEqual(['abcDEF1234']);
    expect(params.get('a')).toBe('1');
  });

  it('replaces a valueless or percent-encoded ref key too', () => {
    const result = redirectTo('https://example.com/p?ref&%72ef=x&a=1', { code: 'abcDEF1234' });
    expect(new URL(result).searchParams.getAll('ref')).toEqual(['abcDEF1234']);
  });

  it('uses the content’s custom refParam name', () => {
    const result = redirectTo('https://example.com/p?ref=keep', { code: 'abcDEF1234' }, 'via');
    const params = new URL(result).searchParams;
    expect(params.get('via')).toBe('abcDEF1234');
    expect(params.get('ref')).toBe('keep');
  });

  it('adds each link UTM tag as utm_<key>', () => {
    const result = redirectTo('https://example.com/p', {
      code: 'abcDEF1234',
      utm: { source: 'newsletter', medium: 'email', campaign: 'spring' },
    });
    const params = new URL(result).searchParams;
    expect(params.get('utm_source')).toBe('newsletter');
    expect(params.get('utm_medium')).toBe('email');
    expect(params.get('utm_campaign')).toBe('spring');
    expect(params.get('ref')).toBe('abcDEF1234');
  });

  it("lets a link's UTM tag override the destination's same utm key, keeping other utm keys", () => {
    const result = redirectTo('https://example.com/p?utm_source=site&utm_term=shoes', {
      code: 'abcDEF1234',
      utm: { source: 'twitter' },
    });
    const params = new URL(result).searchParams;
    expect(params.getAll('utm_source')).toEqual(['twitter']);
    expect(params.get('utm_term')).toBe('shoes');
  });

  it('percent-encodes special characters in UTM values and the code', () => {
    const result = redirectTo('https://example.com/p', { code: 'a&b=c#d', utm: { campaign: 'spring & summer/2024?' } });
    expect(result).not.toContain('#d');
    const params = new URL(result).searchParams;
    expect(params.get('ref')).toBe('a&b=c#d');
    expect(params.get('utm_campaign')).toBe('spring & summer/2024?');
  });

  it('handles a URL ending in a bare ?', () => {
    expect(redirectTo('https://example.com/p?', { code: 'abcDEF1234' })).toBe('https://example.com/p?ref=abcDEF1234');
  });

  // Readers take the first value (URLSearchParams.get), so a duplicate would lose the attribution.
  it('carries the ref parameter once, holding the code, even when refParam collides with a link UTM key', () => {
    const result = redirectTo('https://example.com/p', { code: 'abcDEF1234', utm: { content: 'banner' } }, 'utm_content');
    expect(new URL(result).searchParams.getAll('utm_content')).toEqual(['abcDEF1234']);
  });

  it('never changes scheme, host or path of the content URL', () => {
    const result = new URL(redirectTo('https://shop.example.org:8443/a/b/c.html?z=1', { code: 'abcDEF1234' }));
    expect(result.origin).toBe('https://shop.example.org:8443');
    expect(result.pathname).toBe('/a/b/c.html');
  });
});

describe('withQueryParams', () => {
  it('does not crash on a malformed percent sequence in an existing key and keeps that pair', () => {
    expect(withQueryParams('https://e.com/?%E0%A4%A=1', [['ref', 'x']])).toBe('https://e.com/?%E0%A4%A=1&ref=x');
  });

  it('treats + in an existing key as a space when matching', () => {
    expect(withQueryParams('https://e.com/?my+key=1&b=2', [['my key', 'x']])).toBe('https://e.com/?b=2&my%20key=x');
  });
});

describe('destinationFor (property)', () => {
  // Raw query pairs (never keyed `ref`): letters, digits and percent-escapes, as browsers send them.
  const rawToken = fc.stringMatching(/^([A-Za-z0-9._~+-]|%[0-9A-F]{2}){1,12}$/);
  const rawPair = fc
    .tuple(rawToken, rawToken)
    // a leading `k` keeps any key from decoding to `ref`
    .map(([key, value]) => `k${key}=${value}`);

  it('keeps every other query pair byte-for-byte, in order, followed by exactly one ref', () => {
    fc.assert(
      fc.property(fc.array(rawPair, { minLength: 1, maxLength: 6 }), fc.option(rawToken, { nil: undefined }), (pairs, fragment) => {
        const query = pairs.join('&');
        const url = `https://example.com/p?${query}${fragment === undefined ? '' : `#${fragment}`}`;
        const result = destinationFor(aContent({ url }), aLink({ code: 'abcDEF1234' }));
        expect(result).toBe(`https://example.com/p?${query}&ref=abcDEF1234${fragment === undefined ? '' : `#${fragment}`}`);
      }),
      { numRuns: 200 },
    );
  });
});
