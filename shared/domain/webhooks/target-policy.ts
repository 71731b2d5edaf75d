import ipaddr from 'ipaddr.js';

/** `openedByAllowPrivate`: the address is refused only because `allowPrivate` is off. */
export type AddressVerdict = { allowed: true } | { allowed: false; reason: string; openedByAllowPrivate?: true };

// Ranges that `allowPrivate` (local development) opens up; everything else non-unicast stays shut.
const PRIVATE_RANGES = new Set(['loopback', 'private', 'uniqueLocal']);

const REASONS: Record<string, string> = {
  loopback: 'loopback',
  private: 'private network',
  uniqueLocal: 'private network (IPv6 unique local)',
  linkLocal: 'link-local / cloud metadata',
  carrierGradeNat: 'carrier-grade NAT',
  unspecified: 'unspecified address',
  broadcast: 'broadcast',
  multicast: 'multicast',
  reserved: 'reserved range',
};

// AWS's IPv6 instance metadata endpoint sits inside fc00::/7, so `allowPrivate` alone would admit it.
const AWS_IPV6_METADATA = ipaddr.IPv6.parse('fd00:ec2::254');
// Global unicast is 2000::/3; ipaddr.js calls every unlisted IPv6 address 'unicast', including
// unassigned space and the deprecated IPv4-compatible ::/96 (e.g. ::7f00:1).
const IPV6_GLOBAL_UNICAST: [ipaddr.IPv6, number] = [ipaddr.IPv6.parse('2000::'), 3];

/** Judges one IP address (any textual form ipaddr.js parses, IPv4-mapped IPv6 judged as its IPv4). */
export function judgeAddress(ip: string, options: { allowPrivate: boolean }): AddressVerdict {
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.parse(withHexIpv4Tail(ip));
  } catch {
    return { allowed: false, reason: 'not an IP address' };
  }
  if (address.kind() === 'ipv6') {
    const v6 = address as ipaddr.IPv6;
    // ::ffff:a.b.c.d reaches the IPv4 host a.b.c.d, so it must get exactly that host's verdict.
    if (v6.isIPv4MappedAddress()) address = v6.toIPv4Address();
    else if (v6.match(AWS_IPV6_METADATA, 128)) return { allowed: false, reason: 'link-local / cloud metadata' };
  }
  const range = address.range();
  if (range === 'unicast') {
    if (address.kind() === 'ipv6' && !(address as ipaddr.IPv6).match(IPV6_GLOBAL_UNICAST)) {
      return { allowed: false, reason: 'IPv6 outside global unicast (2000::/3)' };
    }
    return { allowed: true };
  }
  if (PRIVATE_RANGES.has(range)) {
    return options.allowPrivate ? { allowed: true } : { allowed: false, reason: REASONS[range] ?? range, openedByAllowPrivate: true };
  }
  return { allowed: false, reason: REASONS[range] ?? `special-purpose range (${range})` };
}

// ipaddr.js reads any IPv6 text ending in a dotted quad as IPv4-mapped ("::1.2.3.4" becomes
// ::ffff:1.2.3.4), while a socket would use the IPv4-compatible ::102:304. Rewriting the tail as
// two hex groups first makes the parse match what the socket would connect to.
function withHexIpv4Tail(ip: string): string {
  const match = /^(.*:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(%.*)?$/.exec(ip);
  if (!match) return ip;
  const octets = match.slice(2, 6).map(Number);
  if (octets.some((octet) => octet > 255)) return ip;
  const [a = 0, b = 0, c = 0, d = 0] = octets;
  const hex = (high: number, low: number) => ((high << 8) | low).toString(16);
  return `${match[1]}${hex(a, b)}:${hex(c, d)}${match[6] ?? ''}`;
}
