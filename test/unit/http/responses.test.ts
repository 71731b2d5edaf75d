import { describe, expect, it } from 'vitest';
import { json, noContent, redirect } from '../../../shared/http/responses.js';

describe('json', () => {
  it('serialises the body with a JSON content type, no-store and nosniff', () => {
    const result = json(201, { a: 1 });
    expect(result.statusCode).toBe(201);
    expect(JSON.parse(result.body ?? '')).toEqual({ a: 1 });
    expect(result.headers).toMatchObject({
      'content-type': expect.stringMatching(/^application\/json/),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    expect(result.cookies).toBeUndefined();
  });

  it('adds extra headers and cookies when given', () => {
    const result = json(200, null, { headers: { 'retry-after': '3' }, cookies: ['a=1'] });
    expect(result.headers?.['retry-after']).toBe('3');
    expect(result.cookies).toEqual(['a=1']);
  });
});

describe('redirect', () => {
  it('is a 302 (never a cacheable 301) with Cache-Control: no-store', () => {
    const result = redirect('https://example.com/?ref=abc', []);
    expect(result.statusCode).toBe(302);
    expect(result.headers?.location).toBe('https://example.com/?ref=abc');
    expect(result.headers?.['cache-control']).toBe('no-store');
    expect(result.cookies).toBeUndefined();
  });

  it('carries the visitor cookie when there is one', () => {
    expect(redirect('https://example.com/', ['rpl_vid=h_x']).cookies).toEqual(['rpl_vid=h_x']);
  });
});

describe('noContent', () => {
  it('is a 204 without body', () => {
    const result = noContent({ a: 'b' });
    expect(result).toEqual({ statusCode: 204, headers: { a: 'b' } });
  });
});
