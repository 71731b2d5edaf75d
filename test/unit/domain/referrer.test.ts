import { describe, expect, it } from 'vitest';
import { referrerHost } from '../../../shared/domain/referrer.js';

describe('referrerHost', () => {
  it('keeps only the lower-cased host, dropping path, query and credentials', () => {
    expect(referrerHost('https://User:pw@News.Example.COM:8080/story?id=42&email=a@b.c#x')).toBe('news.example.com');
  });

  it('accepts http referrers', () => {
    expect(referrerHost('http://t.co/abc')).toBe('t.co');
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['not a URL', 'not a url'],
    ['a relative path', '/path/only'],
    ['android-app scheme', 'android-app://com.google.android.gm/'],
    ['javascript scheme', 'javascript:alert(1)'],
    ['file scheme', 'file:///etc/passwd'],
  ])('is null for a %s referrer', (_label, referer) => {
    expect(referrerHost(referer)).toBeNull();
  });
});
