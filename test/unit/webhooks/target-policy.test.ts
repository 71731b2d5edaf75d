import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgeAddress } from '../../../shared/domain/webhooks/target-policy.js';

const strict = { allowPrivate: false };
const lenient = { allowPrivate: true };

// Refused whatever the operator allows: special ranges that are never a legitimate receiver.
const alwaysRefused: [string, RegExp][] = [
  ['169.254.169.254', /link-local \/ cloud metadata/],
  ['169.254.0.1', /link-local/],
  ['::ffff:169.254.169.254', /link-local/],
  ['fe80::1', /link-local/],
  ['fe80::1%eth0', /link-local/],
  ['fd00:ec2::254', /cloud metadata/],
  ['100.64.0.1', /carrier-grade NAT/],
  ['100.127.255.255', /carrier-grade NAT/],
  ['100.100.100.200', /carrier-grade NAT/], // Alibaba Cloud metadata
  ['0.0.0.0', /unspecified/],
  ['0.1.2.3', /unspecified/],
  ['::', /unspecified/],
  ['::ffff:0.0.0.0', /unspecified/],
  ['255.255.255.255', /broadcast/],
  ['224.0.0.1', /multicast/],
  ['239.255.255.250', /multicast/],
  ['ff02::1', /multicast/],
  ['192.0.0.1', /reserved/],
  ['192.0.2.1', /reserved/],
  ['198.18.0.1', /reserved/],
  ['198.19.255.255', /reserved/],
  ['198.51.100.7', /reserved/],
  ['203.0.113.9', /reserved/],
  ['240.0.0.1', /reserved/],
  ['2001:db8::1', /reserved/],
  ['2002:7f00:1::1', /6to4/],
  ['2001::1', /teredo/],
  ['64:ff9b::7f00:1', /rfc6052/],
  ['64:ff9b:1::1', /rfc6052/],
  ['::ffff:0:7f00:1', /rfc6145/],
  ['::7f00:1', /global unicast/], // IPv4-compatible (deprecated), not IPv4-mapped
  ['::127.0.0.1', /global unicast/],
  ['4000::1', /global unicast/],
  ['localhost', /not an IP/],
  ['example.com', /not an IP/],
  ['', /not an IP/],
  ['1.2.3.4.5', /not an IP/],
  ['256.1.1.1', /not an IP/],
  [' 8.8.8.8', /not an IP/],
  ['::ffff:127.1', /not an IP/],
];

// Refused by default, admitted by RIPPLE_ALLOW_PRIVATE_WEBHOOKS for local development.
const privateOnly: [string, RegExp][] = [
  ['127.0.0.1', /^loopback$/],
  ['127.255.255.254', /loopback/],
  ['0x7f.1', /loopback/],
  ['2130706433', /loopback/],
  ['127.1', /loopback/],
  ['0177.0.0.1', /loopback/],
  ['::1', /loopback/],
  ['::ffff:127.0.0.1', /loopback/],
  ['::ffff:7f00:1', /loopback/],
  ['0:0:0:0:0:ffff:7f00:1', /loopback/],
  ['10.0.0.1', /^private network$/],
  ['172.16.0.1', /private network/],
  ['172.31.255.255', /private network/],
  ['192.168.1.1', /private network/],
  ['::ffff:10.0.0.1', /private network/],
  ['::ffff:c0a8:101', /private network/],
  ['fc00::1', /private network/],
  ['fd12:3456:789a::1', /private network/],
];

const alwaysAllowed = [
  '8.8.8.8',
  '1.1.1.1',
  '93.184.216.34',
  '11.0.0.1',
  '100.63.255.255',
  '100.128.0.1',
  '172.15.255.255',
  '172.32.0.1',
  '192.167.255.255',
  '192.169.0.1',
  '223.255.255.255',
  '::ffff:8.8.8.8',
  '::ffff:808:808',
  '2606:4700:4700::1111',
  '2a00:1450:4001:80e::200e',
];

describe('judgeAddress', () => {
  it.each(alwaysRefused)('refuses %s with or without allowPrivate', (ip, reason) => {
    for (const options of [strict, lenient]) {
      const verdict = judgeAddress(ip, options);
      expect(verdict.allowed).toBe(false);
      if (!verdict.allowed) expect(verdict.reason).toMatch(reason);
    }
  });

  it.each(privateOnly)('refuses %s by default and allows it with allowPrivate', (ip, reason) => {
    const verdict = judgeAddress(ip, strict);
    expect(verdict.allowed).toBe(false);
    if (!verdict.allowed) expect(verdict.reason).toMatch(reason);
    expect(judgeAddress(ip, lenient)).toEqual({ allowed: true });
  });

  it.each(alwaysAllowed)('allows the public address %s', (ip) => {
    expect(judgeAddress(ip, strict)).toEqual({ allowed: true });
    expect(judgeAddress(ip, lenient)).toEqual({ allowed: true });
  });
});

// ── Property: odd encodings of internal IPv4 addresses, as a URL host, are still refused ──

type Cidr = [number, number]; // [network as uint32, prefix length]

function cidr(text: string): Cidr {
  const [address = '', bits = '32'] = text.split('/');
  return [toUint32(address.split('.').map(Number)), Number(bits)];
}

function toUint32(octets: number[]): number {
  return octets.reduce((value, octet) => value * 256 + octet, 0);
}

function octetsOf(value: number): [number, number, number, number] {
  return [(value >>> 24) & 255, (value >>> 16) & 255, (value >>> 8) & 255, value & 255];
}

function inCidr(value: number, [network, bits]: Cidr): boolean {
  const size = 2 ** (32 - bits);
  return value >= network && value < network + size;
}

const internal = ['127.0.0.0/8', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '100.64.0.0/10', '224.0.0.0/4'].map(cidr);

// Written independently of ipaddr.js: every IPv4 block that is not public unicast.
const notPublic = [
  ...internal,
  '0.0.0.0/8',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.31.196.0/24',
  '192.52.193.0/24',
  '192.88.99.0/24',
  '192.175.48.0/24',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '240.0.0.0/4',
].map((block) => (typeof block === 'string' ? cidr(block) : block));

function addressIn([network, bits]: Cidr): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max: 2 ** (32 - bits) - 1 }).map((offset) => network + offset);
}

const internalAddress = fc.oneof(...internal.map(addressIn));
const publicAddress = fc.integer({ min: 0, max: 2 ** 32 - 1 }).filter((value) => !notPublic.some((block) => inCidr(value, block)));

type Encoding = (value: number) => string;
const octetEncodings: ((octet: number) => string)[] = [
  (octet) => String(octet),
  (octet) => `0x${octet.toString(16)}`,
  (octet) => `0X${octet.toString(16).toUpperCase()}`,
  (octet) => `0${octet.toString(8)}`,
];

const encoding: fc.Arbitrary<Encoding> = fc.oneof(
  fc.constant<Encoding>((value) => octetsOf(value).join('.')),
  // each octet in its own radix: 0x7f.0.01.1
  fc.tuple(...[0, 1, 2, 3].map(() => fc.constantFrom(...octetEncodings))).map(
    (radixes) => (value: number) =>
      octetsOf(value)
        .map((octet, i) => radixes[i]!(octet))
        .join('.'),
  ),
  fc.constant<Encoding>((value) => String(value)),
  fc.constant<Encoding>((value) => `0x${value.toString(16)}`),
  fc.constant<Encoding>((value) => `0${value.toString(8)}`),
  // a.bcd: the last part fills 24 bits
  fc.constant<Encoding>((value) => `${value >>> 24}.${value & 0xffffff}`),
  fc.constant<Encoding>((value) => `0x${(value >>> 24).toString(16)}.0x${(value & 0xffffff).toString(16)}`),
  // a.b.cd: the last part fills 16 bits
  fc.constant<Encoding>((value) => `${value >>> 24}.${(value >>> 16) & 255}.${value & 0xffff}`),
  fc.constant<Encoding>((value) => `0${(value >>> 24).toString(8)}.${(value >>> 16) & 255}.0x${(value & 0xffff).toString(16)}`),
  fc.constant<Encoding>((value) => `[::ffff:${octetsOf(value).join('.')}]`),
  fc.constant<Encoding>((value) => `[::ffff:${(value >>> 16).toString(16)}:${(value & 0xffff).toString(16)}]`),
  fc.constant<Encoding>((value) => `[0:0:0:0:0:FFFF:${(value >>> 16).toString(16).toUpperCase()}:${(value & 0xffff).toString(16)}]`),
);

function urlHostname(encoded: string): string {
  const hostname = new URL(`http://${encoded}/`).hostname;
  return hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
}

describe('judgeAddress over URL-canonicalised odd encodings', () => {
  it('checks that each encoding names the intended address', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), encoding, (value, encode) => {
        const hostname = urlHostname(encode(value));
        const dotted = octetsOf(value).join('.');
        if (hostname.includes(':')) {
          const hex = `${(value >>> 16).toString(16)}:${(value & 0xffff).toString(16)}`;
          expect(hostname).toBe(`::ffff:${hex}`);
        } else {
          expect(hostname).toBe(dotted);
        }
      }),
    );
  });

  it('refuses loopback, private, link-local, CGNAT and multicast addresses however they are written', () => {
    fc.assert(
      fc.property(internalAddress, encoding, (value, encode) => {
        const encoded = encode(value);
        const verdict = judgeAddress(urlHostname(encoded), strict);
        expect(verdict.allowed, `${encoded} → ${urlHostname(encoded)}`).toBe(false);
        // ipaddr.js's own parser must agree on the raw spellings it understands.
        expect(judgeAddress(encoded.replace(/^\[|\]$/g, ''), strict).allowed).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('allows random public unicast addresses, in any encoding, in both modes', () => {
    fc.assert(
      fc.property(publicAddress, encoding, (value, encode) => {
        const hostname = urlHostname(encode(value));
        expect(judgeAddress(hostname, strict), hostname).toEqual({ allowed: true });
        expect(judgeAddress(hostname, lenient), hostname).toEqual({ allowed: true });
      }),
      { numRuns: 2000 },
    );
  });

  it('allows random global unicast IPv6 addresses', () => {
    const group = fc.integer({ min: 0, max: 0xffff });
    fc.assert(
      fc.property(
        fc.integer({ min: 0x2400, max: 0x3ffe }).filter((first) => first !== 0x2620),
        fc.array(group, { minLength: 7, maxLength: 7 }),
        (first, rest) => {
          const ip = [first, ...rest].map((part) => part.toString(16)).join(':');
          expect(judgeAddress(ip, strict), ip).toEqual({ allowed: true });
        },
      ),
    );
  });
});
