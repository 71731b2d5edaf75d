import { describe, expect, it, vi } from 'vitest';
import { hashedClientAddress, hashedVisitorId, VISITOR_COOKIE_MAX_AGE_SECONDS } from '../../../shared/domain/visitor.js';
import { makeVisitorIdentity } from '../../../shared/http/visitor-identity.js';
import { anEvent } from './event-fixture.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';
const IP = '198.51.100.23';
const DAY1 = new Date('2024-04-01T10:00:00.000Z');
const DAY1_LATER = new Date('2024-04-01T23:49:59.999Z'); // just before tomorrow's salt is prefetched
const DAY1_LAST_MINUTES = new Date('2024-04-01T23:55:00.000Z');
const DAY2 = new Date('2024-04-02T00:00:00.000Z');

function saltStore(saltOf: (day: string) => Promise<string> = async (day) => `salt-${day}`) {
  return { saltFor: vi.fn(saltOf) };
}

const browserEvent = (extra: { cookies?: string[]; proto?: string; ip?: string } = {}) =>
  anEvent({
    headers: { 'user-agent': UA, ...(extra.proto ? { 'x-forwarded-proto': extra.proto } : {}) },
    sourceIp: extra.ip ?? IP,
    ...(extra.cookies ? { cookies: extra.cookies } : {}),
  });

const attributes = (setCookie: string | null) => (setCookie ?? '').split(';').map((part) => part.trim());

describe('identify', () => {
  it('uses a valid visitor cookie as is, sets no cookie and reads no salt', async () => {
    const salts = saltStore();
    const visitors = makeVisitorIdentity(salts);
    const id = 'h_AAAAAAAAAAAAAAAAAAAAAA';
    await expect(visitors.identify(browserEvent({ cookies: ['other=1', `rpl_vid=${id}`] }), DAY1)).resolves.toEqual({
      id,
      setCookie: null,
    });
    expect(salts.saltFor).not.toHaveBeenCalled();
  });

  it('without a cookie, answers the day-salted hash of address and user agent and sets it as cookie', async () => {
    const visitors = makeVisitorIdentity(saltStore());
    const visitor = await visitors.identify(browserEvent(), DAY1);
    expect(visitor.id).toBe(hashedVisitorId('salt-2024-04-01', IP, UA));
    expect(attributes(visitor.setCookie)[0]).toBe(`rpl_vid=${visitor.id}`);
  });

  it('ignores a malformed cookie and issues a fresh one', async () => {
    const visitors = makeVisitorIdentity(saltStore());
    const visitor = await visitors.identify(browserEvent({ cookies: ['rpl_vid=../../etc'] }), DAY1);
    expect(visitor.id).toBe(hashedVisitorId('salt-2024-04-01', IP, UA));
    expect(visitor.setCookie).not.toBeNull();
  });

  it('sets an HttpOnly, Path=/, long-lived, SameSite=Lax cookie over plain http', async () => {
    const { setCookie } = await makeVisitorIdentity(saltStore()).identify(browserEvent({ proto: 'http' }), DAY1);
    const parts = attributes(setCookie);
    expect(parts).toEqual(expect.arrayContaining(['HttpOnly', 'Path=/', `Max-Age=${VISITOR_COOKIE_MAX_AGE_SECONDS}`, 'SameSite=Lax']));
    expect(parts).not.toContain('Secure');
  });

  it('sets a Secure; SameSite=None cookie over https, so cross-site re-share calls carry it', async () => {
    const { setCookie } = await makeVisitorIdentity(saltStore()).identify(browserEvent({ proto: 'https' }), DAY1);
    const parts = attributes(setCookie);
    expect(parts).toEqual(expect.arrayContaining(['Secure', 'SameSite=None', 'HttpOnly', 'Path=/']));
    expect(parts).not.toContain('SameSite=Lax');
  });

  it('leaves the cookie unpartitioned by default: the redirect sets it on a visit to Ripple itself', async () => {
    const { setCookie } = await makeVisitorIdentity(saltStore()).identify(browserEvent({ proto: 'https' }), DAY1);
    expect(attributes(setCookie)).not.toContain('Partitioned');
  });

  it('marks the cookie Partitioned (CHIPS) over https when asked, for the cross-site re-share call', async () => {
    const visitors = makeVisitorIdentity(saltStore(), { partitionedCookie: true });
    const { setCookie } = await visitors.identify(browserEvent({ proto: 'https' }), DAY1);
    expect(attributes(setCookie)).toEqual(expect.arrayContaining(['Secure', 'SameSite=None', 'Partitioned', 'HttpOnly', 'Path=/']));
  });

  it('never marks a plain-http cookie Partitioned, which browsers only accept with Secure', async () => {
    const visitors = makeVisitorIdentity(saltStore(), { partitionedCookie: true });
    const parts = attributes((await visitors.identify(browserEvent({ proto: 'http' }), DAY1)).setCookie);
    expect(parts).toContain('SameSite=Lax');
    expect(parts).not.toContain('Partitioned');
  });

  it('the cookie it sets is recognised on the next request', async () => {
    const salts = saltStore();
    const visitors = makeVisitorIdentity(salts);
    const first = await visitors.identify(browserEvent(), DAY1);
    const cookiePair = attributes(first.setCookie)[0] ?? '';
    const second = await visitors.identify(browserEvent({ cookies: [cookiePair], ip: '192.0.2.1' }), DAY2);
    expect(second).toEqual({ id: first.id, setCookie: null });
  });

  it('uses an empty user agent when none was sent', async () => {
    const visitors = makeVisitorIdentity(saltStore());
    const visitor = await visitors.identify(anEvent({ sourceIp: IP }), DAY1);
    expect(visitor.id).toBe(hashedVisitorId('salt-2024-04-01', IP, ''));
  });
});

describe('daily salt', () => {
  it('is read once per day however many requests come', async () => {
    const salts = saltStore();
    const visitors = makeVisitorIdentity(salts);
    await Promise.all(Array.from({ length: 20 }, () => visitors.identify(browserEvent(), DAY1)));
    for (let i = 0; i < 20; i++) await visitors.identify(browserEvent(), DAY1_LATER);
    await visitors.addressKey(browserEvent(), DAY1);
    expect(salts.saltFor).toHaveBeenCalledTimes(1);
    expect(salts.saltFor).toHaveBeenCalledWith('2024-04-01');
  });

  it("fetches tomorrow's salt in the last minutes of the day, so midnight's first click reads nothing", async () => {
    const salts = saltStore();
    const visitors = makeVisitorIdentity(salts);
    await visitors.identify(browserEvent(), DAY1_LAST_MINUTES);
    expect(salts.saltFor.mock.calls.map(([day]) => day)).toEqual(['2024-04-02', '2024-04-01']);

    const tuesday = await visitors.identify(browserEvent(), DAY2);

    expect(salts.saltFor).toHaveBeenCalledTimes(2);
    expect(tuesday.id).toBe(hashedVisitorId('salt-2024-04-02', IP, UA));
  });

  it("does not fail today's request when tomorrow's prefetch fails, and retries the prefetch", async () => {
    const salts = saltStore(async (day) => {
      if (day === '2024-04-02' && salts.saltFor.mock.calls.length <= 2) throw new Error('throttled');
      return `salt-${day}`;
    });
    const visitors = makeVisitorIdentity(salts);

    await expect(visitors.identify(browserEvent(), DAY1_LAST_MINUTES)).resolves.toMatchObject({ id: expect.stringMatching(/^h_/) });
    await new Promise((resolve) => setTimeout(resolve, 0));
    await visitors.identify(browserEvent(), DAY1_LAST_MINUTES);

    expect(salts.saltFor.mock.calls.filter(([day]) => day === '2024-04-02')).toHaveLength(2);
  });

  it('is re-read when the UTC day changes, and the hashed id changes with it', async () => {
    const salts = saltStore();
    const visitors = makeVisitorIdentity(salts);
    const monday = await visitors.identify(browserEvent(), DAY1);
    const tuesday = await visitors.identify(browserEvent(), DAY2);
    expect(salts.saltFor.mock.calls.map(([day]) => day)).toEqual(['2024-04-01', '2024-04-02']);
    expect(tuesday.id).not.toBe(monday.id);
  });

  it('retries a failed read on the next call instead of caching the failure', async () => {
    let attempts = 0;
    const salts = saltStore(async (day) => {
      attempts++;
      if (attempts === 1) throw new Error('throttled');
      return `salt-${day}`;
    });
    const visitors = makeVisitorIdentity(salts);
    await expect(visitors.identify(browserEvent(), DAY1)).rejects.toThrow('throttled');
    const visitor = await visitors.identify(browserEvent(), DAY1);
    expect(visitor.id).toBe(hashedVisitorId('salt-2024-04-01', IP, UA));
    expect(salts.saltFor).toHaveBeenCalledTimes(2);
    await visitors.identify(browserEvent(), DAY1);
    expect(salts.saltFor).toHaveBeenCalledTimes(2);
  });

  it('shares one in-flight read between concurrent requests, all failing together when it fails', async () => {
    let reject: (error: Error) => void = () => {};
    const salts = saltStore(() => new Promise<string>((_resolve, fail) => (reject = fail)));
    const visitors = makeVisitorIdentity(salts);
    const pending = [visitors.identify(browserEvent(), DAY1), visitors.addressKey(browserEvent(), DAY1)];
    reject(new Error('down'));
    const results = await Promise.allSettled(pending);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(salts.saltFor).toHaveBeenCalledTimes(1);
  });
});

describe('addressKey', () => {
  it('is the day-salted hash of the client address, never the raw address', async () => {
    const key = await makeVisitorIdentity(saltStore()).addressKey(browserEvent(), DAY1);
    expect(key).toBe(hashedClientAddress('salt-2024-04-01', IP));
    expect(key).not.toContain(IP);
  });

  it('ignores the visitor cookie (rate limits cannot be dodged by dropping or forging it)', async () => {
    const visitors = makeVisitorIdentity(saltStore());
    const plain = await visitors.addressKey(browserEvent(), DAY1);
    const withCookie = await visitors.addressKey(browserEvent({ cookies: ['rpl_vid=h_AAAAAAAAAAAAAAAAAAAAAA'] }), DAY1);
    expect(withCookie).toBe(plain);
  });
});
