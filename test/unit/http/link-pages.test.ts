import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { conflict, gone, notFound, unavailable } from '../../../shared/errors.js';
import { prefersHtml, withLinkPages } from '../../../shared/http/link-pages.js';
import { anEvent } from './event-fixture.js';

// A person following a dead link sees a page; an API client sees the JSON error it always did.

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const context = {} as Context;
const failingWith = (error: Error) => withLinkPages(async () => Promise.reject(error));

describe('withLinkPages', () => {
  it('answers an unknown link (404) with a page saying it doesn’t exist, to a browser', async () => {
    const response = await failingWith(notFound('No share link has this code'))(anEvent({ headers: { accept: BROWSER } }), context);

    expect(response.statusCode).toBe(404);
    expect(response.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    expect(response.body).toContain("<title>This link doesn't exist</title>");
  });

  it('answers an inactive link (410) with a page saying it has expired, to a browser', async () => {
    const response = await failingWith(gone('The content behind this link is no longer active'))(anEvent({ headers: { accept: BROWSER } }), context);

    expect(response.statusCode).toBe(410);
    expect(response.body).toContain('<h1>This link has expired</h1>');
  });

  it('makes a page that loads nothing: no script, style, image or link, under a policy that forbids them all', async () => {
    const response = await failingWith(notFound('x'))(anEvent({ headers: { accept: BROWSER } }), context);

    expect(response.headers?.['content-security-policy']).toMatch(/^default-src 'none'/);
    expect(response.body).not.toMatch(/<(script|style|img|link|iframe)|style=|src=|href=/i);
    expect(Buffer.byteLength(response.body ?? '')).toBeLessThan(1024);
  });

  it('lets the error through to the JSON mapper for a client that asks for JSON, names no HTML, or sends no Accept', async () => {
    for (const accept of ['application/json', '*/*', 'text/html;q=0.5, application/json', 'text/html, application/json', undefined]) {
      const event = anEvent(accept === undefined ? {} : { headers: { accept } });
      await expect(failingWith(notFound('No share link has this code'))(event, context)).rejects.toMatchObject({ code: 'not_found' });
    }
  });

  it('lets every other error through, for a browser too (a store outage stays a JSON 503)', async () => {
    for (const error of [unavailable(new Error('down')), conflict('x'), new TypeError('bug')]) {
      await expect(failingWith(error)(anEvent({ headers: { accept: BROWSER } }), context)).rejects.toBe(error);
    }
  });

  it('passes an answer through untouched', async () => {
    const answer = { statusCode: 302, headers: { location: 'https://example.com/' }, body: '' };

    await expect(withLinkPages(async () => answer)(anEvent({ headers: { accept: BROWSER } }), context)).resolves.toBe(answer);
  });
});

describe('prefersHtml', () => {
  it('is true when HTML ranks above JSON and any type', () => {
    expect(prefersHtml(BROWSER)).toBe(true);
    expect(prefersHtml('text/html')).toBe(true);
    expect(prefersHtml('application/xhtml+xml, application/json;q=0.5')).toBe(true);
  });

  it('is false on a tie, when JSON ranks higher, when HTML is refused (q=0), and without an Accept', () => {
    expect(prefersHtml('text/html, application/json')).toBe(false);
    expect(prefersHtml('application/json, text/html;q=0.9')).toBe(false);
    expect(prefersHtml('text/html;q=0')).toBe(false);
    expect(prefersHtml(undefined)).toBe(false);
    expect(prefersHtml('')).toBe(false);
  });
});
