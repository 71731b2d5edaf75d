import { describe, expect, it } from 'vitest';
import { clientAddress, cookie, header, httpMethod, isHttps, publicBaseUrl } from '../../../shared/http/event.js';
import { anEvent } from './event-fixture.js';

describe('header', () => {
  it('finds a header whatever the case of the name asked for', () => {
    const event = anEvent({ headers: { authorization: 'Bearer x', 'content-type': 'application/json' } });
    expect(header(event, 'Authorization')).toBe('Bearer x');
    expect(header(event, 'CONTENT-TYPE')).toBe('application/json');
  });

  it('is undefined for a missing header or no headers at all', () => {
    expect(header(anEvent(), 'origin')).toBeUndefined();
    expect(header({ ...anEvent(), headers: undefined } as never, 'origin')).toBeUndefined();
  });
});

describe('cookie', () => {
  it('finds a cookie by exact name among several', () => {
    const event = anEvent({ cookies: ['a=1', 'rpl_vid=h_value', 'rpl_vid_old=2'] });
    expect(cookie(event, 'rpl_vid')).toBe('h_value');
    expect(cookie(event, 'rpl_vid_old')).toBe('2');
  });

  it('keeps = signs inside the value', () => {
    expect(cookie(anEvent({ cookies: ['token=abc==', 'q=a=b=c'] }), 'token')).toBe('abc==');
    expect(cookie(anEvent({ cookies: ['q=a=b=c'] }), 'q')).toBe('a=b=c');
  });

  it('trims whitespace around name and value', () => {
    expect(cookie(anEvent({ cookies: [' rpl_vid = h_x '] }), 'rpl_vid')).toBe('h_x');
  });

  it('is undefined when absent, nameless, or there are no cookies', () => {
    expect(cookie(anEvent(), 'rpl_vid')).toBeUndefined();
    expect(cookie(anEvent({ cookies: ['=h_x', 'rpl_vid'] }), 'rpl_vid')).toBeUndefined();
    expect(cookie(anEvent({ cookies: ['xrpl_vid=1'] }), 'rpl_vid')).toBeUndefined();
  });

  it('returns an empty value as empty string', () => {
    expect(cookie(anEvent({ cookies: ['rpl_vid='] }), 'rpl_vid')).toBe('');
  });

  it('uses the first of repeated cookies', () => {
    expect(cookie(anEvent({ cookies: ['a=first', 'a=second'] }), 'a')).toBe('first');
  });
});

describe('request facts', () => {
  it('httpMethod is upper-cased, clientAddress is the source IP', () => {
    expect(httpMethod(anEvent({ method: 'post' }))).toBe('POST');
    expect(clientAddress(anEvent({ sourceIp: '198.51.100.7' }))).toBe('198.51.100.7');
  });

  it('isHttps only when x-forwarded-proto says https', () => {
    expect(isHttps(anEvent({ headers: { 'x-forwarded-proto': 'https' } }))).toBe(true);
    expect(isHttps(anEvent({ headers: { 'x-forwarded-proto': 'http' } }))).toBe(false);
    expect(isHttps(anEvent())).toBe(false);
  });
});

describe('publicBaseUrl', () => {
  it('uses the configured URL without trailing slashes', () => {
    const event = anEvent({ headers: { host: 'ignored.example', 'x-forwarded-proto': 'http' } });
    expect(publicBaseUrl(event, 'https://rpl.example.com/')).toBe('https://rpl.example.com');
    expect(publicBaseUrl(event, 'https://rpl.example.com/go//')).toBe('https://rpl.example.com/go');
    expect(publicBaseUrl(event, 'https://rpl.example.com')).toBe('https://rpl.example.com');
  });

  it('otherwise derives scheme from x-forwarded-proto and host from the Host header', () => {
    expect(publicBaseUrl(anEvent({ headers: { host: 'short.example', 'x-forwarded-proto': 'https' } }), undefined)).toBe('https://short.example');
    expect(publicBaseUrl(anEvent({ headers: { host: 'localhost:3000', 'x-forwarded-proto': 'http' } }), undefined)).toBe('http://localhost:3000');
  });

  it('falls back to the request domain name when no Host header came, and http without a proto header', () => {
    expect(publicBaseUrl(anEvent({ domainName: 'abc.execute-api.us-east-1.amazonaws.com' }), undefined)).toBe('http://abc.execute-api.us-east-1.amazonaws.com');
  });

  it('adds a named API Gateway stage to the path (execute-api URLs carry it), not $default', () => {
    const staged = (stage: string) => {
      const event = anEvent({ headers: { host: 'abc.execute-api.eu-west-1.amazonaws.com', 'x-forwarded-proto': 'https' } });
      return { ...event, requestContext: { ...event.requestContext, stage } };
    };
    expect(publicBaseUrl(staged('prod'), undefined)).toBe('https://abc.execute-api.eu-west-1.amazonaws.com/prod');
    expect(publicBaseUrl(staged('$default'), undefined)).toBe('https://abc.execute-api.eu-west-1.amazonaws.com');
    // A custom domain maps the stage at its root: the configured URL wins.
    expect(publicBaseUrl(staged('prod'), 'https://rpl.example.com')).toBe('https://rpl.example.com');
  });

  it('treats an empty configured URL as unset', () => {
    expect(publicBaseUrl(anEvent({ headers: { host: 'h.example' } }), '')).toBe('http://h.example');
  });
});
