import fc from 'fast-check';
import { anyText, webUrl } from './json-bodies.js';
import type { FuzzMode, RouteSpec } from './route-specs.js';
import type { FuzzWorld } from './world.js';

// Headers a client may send, odd but legal (Accept, Content-Type, cookies, origins, hosts, unicode),
// and malformed framing the gateway itself refuses before any function runs.

/** What Node's HTTP parser takes in a header value: no NUL or other control character but tab. */
export const legalHeaderValue = (value: string) => !/[\x00-\x08\x0a-\x1f\x7f]/.test(value);

export const ACCEPTS = [
  'application/json',
  'text/html',
  'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'application/json;q=0.5, text/html',
  'text/csv',
  'text/csv;q=0.5, application/json',
  '*/*',
  'application/*',
  'image/*',
  'text/plain',
  '',
  ';;;',
  'text/html;q=abc, application/json;q=zz',
  'text/html;q=2',
  `text/html, ${'x/y;q=0.1, '.repeat(200)}application/json;q=0`,
];
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=fuzz',
  'application/octet-stream',
  'image/png',
  'application/vnd.api+json',
  '',
];
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  'curl/8.5.0',
  '',
  'x'.repeat(4_000),
];
const ODD_BUT_VALID_HOSTS = ['EXAMPLE.com', 'localhost:1', '127.0.0.1', '[::1]:8080', 'a.b.c.d.example'];
const INVALID_HOSTS = ['a b', '[::1', 'evil.example:99999', '', 'a/b', 'user@host', 'host:port', 'ex ample.com:80'];

export interface HeaderPart {
  headers: [string, string | Buffer][];
  defect?: string;
  endAfterSending?: boolean;
}

export function optionalHeaders(world: FuzzWorld, spec: RouteSpec, mode: FuzzMode): fc.Arbitrary<[string, string | Buffer][]> {
  const legalText = anyText({ maxLength: 60 })
    .filter(legalHeaderValue)
    .map((text) => Buffer.from(text, 'utf8'));
  const visitorId = fc.stringMatching(/^[A-Za-z0-9_-]{22}$/).map((id) => `h_${id}`);
  const idempotencyKeys =
    mode === 'well-formed'
      ? fc.oneof(fc.stringMatching(/^[\x21-\x7e]{1,64}$/), fc.constantFrom('fuzz-key-1', 'fuzz-key-2'))
      : fc.oneof(
          fc.stringMatching(/^[\x21-\x7e]{1,64}$/),
          fc.constantFrom('fuzz-key-1', 'fuzz-key-2', '', 'has space', 'k'.repeat(256), 'tab\tinside'),
          fc.constant(Buffer.from('clé', 'latin1')),
        );
  // Each header present or not, independently (a record with no required key).
  const optional: Record<string, fc.Arbitrary<string | Buffer>> = {
    Accept: fc.constantFrom(...ACCEPTS),
    'Content-Type': fc.constantFrom(...CONTENT_TYPES),
    'User-Agent': fc.oneof(fc.constantFrom(...USER_AGENTS), legalText),
    Cookie: fc.oneof(
      visitorId.map((id) => `rpl_vid=${id}`),
      fc.constantFrom('rpl_vid=garbage', 'rpl_vid=', '=;;=', `a=${'b'.repeat(5_000)}`),
      legalText,
    ),
    Origin: fc.constantFrom(world.A.content.origin, world.B.content.origin, 'https://evil.example', 'null', 'not an origin'),
    Referer: fc.oneof(webUrl(), legalText),
    'Accept-Encoding': fc.constantFrom('gzip', 'br, gzip;q=0', 'identity', '*'),
    Host: fc.constantFrom(...ODD_BUT_VALID_HOSTS),
    'X-Forwarded-Proto': fc.constantFrom('https', 'gopher'),
    'X-Forwarded-For': fc.constantFrom('203.0.113.9', '::1', 'not an address', '1.1.1.1, 2.2.2.2'),
    ...(spec.idempotent ? { 'Idempotency-Key': idempotencyKeys } : {}),
  };
  const extra = fc.option(fc.tuple(fc.stringMatching(/^X-[A-Za-z0-9-]{1,20}$/), legalText), { nil: undefined });
  return fc
    .tuple(fc.record(optional, { requiredKeys: [] }), extra)
    .map(([present, more]) => [
      ...Object.entries(present).filter((entry): entry is [string, string | Buffer] => entry[1] !== undefined),
      ...(more ? [more] : []),
    ]);
}

// Malformed framing and headers the gateway itself refuses (400, 431) before any function runs.
export const transportDefects: fc.Arbitrary<HeaderPart> = fc.oneof(
  fc.integer({ min: 20_000, max: 100_000 }).map((size): HeaderPart => ({ headers: [['X-Huge', 'h'.repeat(size)]], defect: 'headers over 16 KB' })),
  fc
    .constantFrom('abc', '-1', '1.5', '0x10', '12a', '+5', '1 2')
    .map((value): HeaderPart => ({ headers: [['Content-Length', value]], defect: `Content-Length: ${value}` })),
  fc
    .integer({ min: 1, max: 500 })
    .map(
      (extra): HeaderPart => ({ headers: [['X-Length-Above-Body', String(extra)]], endAfterSending: true, defect: 'a body shorter than its Content-Length' }),
    ),
  fc.constant<HeaderPart>({
    headers: [
      ['Transfer-Encoding', 'chunked'],
      ['Content-Length', '2'],
    ],
    defect: 'Transfer-Encoding and Content-Length together',
  }),
  fc.constantFrom('\x00', '\x01', '\x7f').map((byte): HeaderPart => ({ headers: [['X-Control', `a${byte}b`]], defect: 'a control character in a header' })),
  fc.constantFrom(...INVALID_HOSTS).map((host): HeaderPart => ({ headers: [['Host', host]], defect: `Host: ${JSON.stringify(host)}` })),
);
