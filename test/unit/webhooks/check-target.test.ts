import { describe, expect, it, vi } from 'vitest';
import { checkTarget, systemResolver, type Resolver } from '../../../shared/webhooks/resolve.js';

const strict = { allowPrivate: false };
const lenient = { allowPrivate: true };

// A resolver that answers from a table and fails like getaddrinfo for anything else.
function fakeResolver(table: Record<string, string[]>) {
  return vi.fn<Resolver>(async (hostname) => {
    const answer = table[hostname];
    if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return answer;
  });
}

describe('checkTarget with IP literal hosts', () => {
  it.each([
    ['http://127.0.0.1/hook', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://2130706433:8080/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://[::1]/', '::1'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1'],
    ['https://10.1.2.3/x', '10.1.2.3'],
    ['http://[fd00::1]/', 'fd00::1'],
  ])('refuses %s by default and allows it for local development, without resolving', async (url, address) => {
    const resolver = fakeResolver({});
    const refused = await checkTarget(url, resolver, strict);
    expect(refused).toMatchObject({ ok: false, reason: 'forbidden', privateTargetsWouldAllow: true });
    if (!refused.ok) expect(refused.detail).toContain(address);
    expect(await checkTarget(url, resolver, lenient)).toEqual({ ok: true, addresses: [address] });
    expect(resolver).not.toHaveBeenCalled();
  });

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/latest/meta-data/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://100.64.0.1/',
    'http://0.0.0.0/',
    'http://[::]/',
    'http://224.0.0.1/',
    'http://255.255.255.255/',
  ])('refuses %s even for local development', async (url) => {
    for (const options of [strict, lenient]) {
      const refused = await checkTarget(url, fakeResolver({}), options);
      expect(refused).toMatchObject({ ok: false, reason: 'forbidden' });
      expect(refused).not.toHaveProperty('privateTargetsWouldAllow');
    }
  });

  it('says the private-targets setting would help only when it would open every refused address', async () => {
    const resolver = fakeResolver({ 'hooks.lan': ['10.0.0.7', '127.0.0.1'], 'mixed.lan': ['10.0.0.7', '169.254.169.254'] });
    expect(await checkTarget('http://hooks.lan/', resolver, strict)).toMatchObject({ ok: false, privateTargetsWouldAllow: true });
    const mixed = await checkTarget('http://mixed.lan/', resolver, strict);
    expect(mixed).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(mixed).not.toHaveProperty('privateTargetsWouldAllow');
  });

  it('accepts public literals', async () => {
    expect(await checkTarget('https://8.8.8.8/x', fakeResolver({}), strict)).toEqual({ ok: true, addresses: ['8.8.8.8'] });
    expect(await checkTarget('http://[2606:4700:4700::1111]:8443/', fakeResolver({}), strict)).toEqual({
      ok: true,
      addresses: ['2606:4700:4700::1111'],
    });
  });
});

describe('checkTarget with names', () => {
  const resolver = fakeResolver({
    'hooks.example.com': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
    'mixed.example.com': ['93.184.216.34', '10.0.0.7', '1.1.1.1'],
    'meta.example.com': ['169.254.169.254'],
    'mapped.example.com': ['8.8.8.8', '::ffff:127.0.0.1'],
    'empty.example.com': [],
    localhost: ['::1', '127.0.0.1'],
  });

  it('accepts a name whose every address is public', async () => {
    expect(await checkTarget('https://hooks.example.com/in?x=1', resolver, strict)).toEqual({
      ok: true,
      addresses: ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
    });
    expect(resolver).toHaveBeenLastCalledWith('hooks.example.com');
  });

  it('refuses a name with one private address among public ones', async () => {
    const check = await checkTarget('https://mixed.example.com/', resolver, strict);
    expect(check).toMatchObject({ ok: false, reason: 'forbidden' });
    if (!check.ok) expect(check.detail).toMatch(/10\.0\.0\.7.*private network/);
    expect(await checkTarget('https://mixed.example.com/', resolver, lenient)).toMatchObject({ ok: true });
  });

  it('refuses names that resolve to metadata or IPv4-mapped loopback', async () => {
    for (const options of [strict, lenient]) {
      expect(await checkTarget('http://meta.example.com/', resolver, options)).toMatchObject({ ok: false, reason: 'forbidden' });
    }
    expect(await checkTarget('http://mapped.example.com/', resolver, strict)).toMatchObject({ ok: false, reason: 'forbidden' });
  });

  it('calls a name with no addresses, or whose resolution fails, unresolvable', async () => {
    for (const options of [strict, lenient]) {
      expect(await checkTarget('https://empty.example.com/', resolver, options)).toMatchObject({ ok: false, reason: 'unresolvable' });
      const missing = await checkTarget('https://nowhere.example.com/', resolver, options);
      expect(missing).toMatchObject({ ok: false, reason: 'unresolvable' });
      if (!missing.ok) expect(missing.detail).toContain('ENOTFOUND');
    }
  });

  it('resolves localhost like any other name', async () => {
    const check = await checkTarget('http://localhost:4000/hook', resolver, strict);
    expect(check).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(resolver).toHaveBeenLastCalledWith('localhost');
    expect(await checkTarget('http://localhost:4000/hook', resolver, lenient)).toEqual({
      ok: true,
      addresses: ['::1', '127.0.0.1'],
    });
  });

  it('refuses URLs that are not http(s)', async () => {
    for (const url of ['not a url', 'ftp://hooks.example.com/', 'file:///etc/passwd']) {
      expect(await checkTarget(url, resolver, lenient)).toMatchObject({ ok: false, reason: 'forbidden' });
    }
  });
});

describe('systemResolver', () => {
  it('resolves localhost to loopback addresses, which checkTarget refuses by default', async () => {
    const addresses = await systemResolver('localhost');
    expect(addresses.length).toBeGreaterThan(0);
    expect(await checkTarget('http://localhost/', systemResolver, strict)).toMatchObject({ ok: false, reason: 'forbidden' });
  });

  it('rejects for a name that cannot exist', async () => {
    await expect(systemResolver('no-such-host.invalid')).rejects.toThrow();
  });
});
