import fc from 'fast-check';
import { matchRoute } from '../../../infra/local/route-matcher.js';
import { type HttpMethod, type Route, routeKey } from '../../../shared/topology.js';
import type { RawRequest } from '../raw-http.js';
import { anyText, conforming, type Hints, jsonSchemaOf, notJson, offSchema, oversized, refusal, webUrl } from './json-bodies.js';
import { type AnyRouteKey, type RouteSpec, routeSpecs, SHARE_READABLE } from './route-specs.js';
import type { FuzzWorld, Owner, WorkspaceFixtures } from './world.js';

// Requests for one route of the table, built from its parts — who asks, which resources the path
// names, the query, the headers, the body — each drawn near and far from what the route takes.
// Every part that the contract says must be refused is named as a defect as it is drawn, so the
// test knows which answers must be refusals without asking the server.

export interface FuzzCase {
  /** The route the request is for, or '$default' for one no route matches. */
  routeKey: string;
  request: RawRequest;
  /** Why the answer must be a refusal (4xx); empty when it may be either. */
  defects: string[];
  accept: string | undefined;
  /** For a dashboard path: the {path+} it asked for. */
  dashboardPath?: string;
}

/** `hostile`: anything goes; `well-formed`: a valid caller, valid resources and body, odd but legal headers. */
export type FuzzMode = 'hostile' | 'well-formed';

interface Actor {
  workspace: Owner | null;
  share: boolean;
  authorization: string | Buffer | undefined;
  defect?: string;
}

interface ParamChoice {
  segment: string;
  owner: Owner | null;
  inactive?: boolean;
  /** For a share id: the content it belongs to. */
  contentId?: string;
  origin?: string;
}

const OWNERS = ['A', 'B'] as const;

// ── Who asks ────────────────────────────────────────────────────────────────────────────────

// Forms of `Bearer <key>` that still name the key (the scheme is case-insensitive; spaces around).
const bearer = (key: string) => fc.constantFrom(`Bearer ${key}`, `bearer ${key}`, `BEARER   ${key}`, `Bearer ${key}  `);

function actorArbitrary(world: FuzzWorld, route: Route, mode: FuzzMode): fc.Arbitrary<Actor> {
  const valid = (owner: Owner) => bearer(world[owner].key).map((authorization): Actor => ({ workspace: owner, share: false, authorization }));
  const shareA = fc.constant<Actor>({ workspace: 'A', share: true, authorization: `Bearer ${world.A.share.token}` });
  if (mode === 'well-formed') return SHARE_READABLE.has(routeKey(route)) ? fc.oneof(valid('A'), valid('B'), shareA) : fc.oneof(valid('A'), valid('B'));
  const refused = (authorization: string | Buffer | undefined, defect: string): Actor => ({ workspace: null, share: false, authorization, defect });
  const invalid = fc.oneof(
    fc.constantFrom(
      refused(undefined, 'no Authorization'),
      refused('Bearer', 'Authorization without a key'),
      refused('Bearer ', 'Authorization without a key'),
      refused('', 'an empty Authorization'),
      refused(`Basic ${Buffer.from('user:pass').toString('base64')}`, 'Basic, not Bearer'),
      refused(world.A.key, 'a key without Bearer'),
      refused(`Token ${world.A.key}`, 'a key under another scheme'),
      refused(`Bearer ${world.A.key} ${world.B.key}`, 'two keys'),
      refused(`Bearer ${world.revokedKey}`, 'a revoked key'),
      refused(`Bearer ${world.revokedShareToken}`, 'a revoked share token'),
      refused('Bearer rshr_notAToken', 'a malformed share token'),
      refused(`Bearer rpl_live_${'x'.repeat(32)}`, 'an unknown key'),
      refused(Buffer.from('Bearer ключ-ü', 'utf8'), 'a non-ASCII key'),
    ),
    fc.integer({ min: 257, max: 6_000 }).map((length) => refused(`Bearer ${'k'.repeat(length)}`, 'a key over 256 characters')),
    anyText({ minLength: 1, maxLength: 40 })
      .filter((text) => legalHeaderValue(text) && !/^\s*bearer\s/i.test(text))
      .map((text) => refused(Buffer.from(text, 'utf8'), 'Authorization that is no Bearer key')),
  );
  return fc.oneof({ weight: 5, arbitrary: valid('A') }, { weight: 2, arbitrary: valid('B') }, { weight: 1, arbitrary: shareA }, { weight: 3, arbitrary: invalid });
}

// ── What the path names ─────────────────────────────────────────────────────────────────────

const alphanumeric = (length: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9]{${length}}$`));
const nanoidLike = fc.stringMatching(/^[A-Za-z0-9_-]{21}$/);

/** A path segment that names nothing: odd text, encodings, traversal, injections, huge. */
export const malformedSegment: fc.Arbitrary<string> = fc.oneof(
  anyText({ minLength: 1, maxLength: 40 }).map(encodeURIComponent),
  fc.constantFrom('..', '.', '%', '%zz', '%00', '%2F', '%2e%2e', '%252F', 'a%2Fb', '%C0%AE', '%FF', '__proto__', 'constructor', 'null', 'undefined', '-1', '1e309'),
  fc.constantFrom('%24%7Bjndi%3Aldap%3A%2F%2Fx%7D', '%3Cscript%3Ealert(1)%3C%2Fscript%3E', "'%20OR%201%3D1--", 'cnt_', 'wh_', 'shr_', 'rshr_'),
  fc.integer({ min: 33, max: 2_000 }).map((length) => 'a'.repeat(length)),
);

const choice = (segment: string, owner: Owner | null, extra: Partial<ParamChoice> = {}): ParamChoice => ({ segment, owner, ...extra });
const nobody = (segments: fc.Arbitrary<string>) => segments.map((segment) => choice(segment, null));

function ownedChoices(fixtures: WorkspaceFixtures, owner: Owner, kind: string, mode: FuzzMode, key: AnyRouteKey): ParamChoice[] {
  const live = { origin: fixtures.content.origin };
  const hostile = mode === 'hostile';
  switch (kind) {
    case 'content':
      // Well-formed PATCHes may deactivate what they name: only the content kept for them.
      if (!hostile && key === 'PATCH /v1/contents/{id}') return [choice(fixtures.patchable, owner)];
      return [choice(fixtures.content.id, owner), choice(fixtures.patchable, owner), ...(hostile ? [choice(fixtures.inactive, owner, { inactive: true })] : [])];
    case 'webhook':
      // Well-formed DELETEs remove what they name: only the subscription kept for them, and only for them.
      if (!hostile) return [choice(key === 'DELETE /v1/webhooks/{id}' ? fixtures.doomedHook : fixtures.hook, owner)];
      return [choice(fixtures.hook, owner), choice(fixtures.doomedHook, owner)];
    case 'code':
      return [choice(fixtures.seed, owner, live), choice(fixtures.child, owner, live), ...(hostile ? [choice(fixtures.deadLink, owner, { inactive: true })] : [])];
    case 'campaign':
      return [choice(fixtures.campaign, owner)];
    case 'share':
      // Never the live share: its token is one of the callers.
      return [choice(fixtures.doomedShare, owner, { contentId: fixtures.content.id })];
    default:
      throw new Error(`no fixtures for a path parameter of kind ${kind}`);
  }
}

function strangers(kind: string): fc.Arbitrary<ParamChoice> {
  switch (kind) {
    case 'content':
      return nobody(nanoidLike.map((id) => `cnt_${id}`));
    case 'webhook':
      return nobody(nanoidLike.map((id) => `wh_${id}`));
    case 'code':
      return nobody(alphanumeric(10));
    case 'campaign':
      return nobody(fc.stringMatching(/^[a-z][a-z0-9-]{2,20}$/).map((name) => `none-${name}`));
    case 'share':
      return nobody(nanoidLike.map((id) => `shr_${id}`));
    default:
      throw new Error(`no strangers for a path parameter of kind ${kind}`);
  }
}

/** What a path parameter names, from its name and the route's path (a new name fails loudly). */
function kindOf(route: Route, name: string): string {
  if (name === 'id') return route.path.startsWith('/v1/webhooks/') ? 'webhook' : 'content';
  if (name === 'code' || name === 'campaign') return name;
  if (name === 'shareId') return 'share';
  if (name === 'path+') return 'dashboard';
  throw new Error(`The fuzzer does not know what {${name}} of ${route.path} names: teach test/support/fuzz/requests.ts`);
}

function dashboardPaths(world: FuzzWorld): fc.Arbitrary<ParamChoice> {
  const known = [
    ...world.assets.map((name) => `assets/${name}`),
    'assets/favicon.svg',
    'assets/metrics.md',
    'assets/dashboard-NOTBUILT.js',
    'assets/..%2F..%2Fpackage.json',
    'assets/.env',
    'share.js',
    'demo',
    'demo.css',
    'demo.js',
    'contents',
    `contents/${world.A.content.id}/tree`,
    'webhooks',
    `r/${world.A.share.token}`,
    `r/${world.B.share.token}`,
    `r/${world.revokedShareToken}`,
    'r/rshr_neverIssued',
    `r/${world.A.share.token}/extra`,
    '..%2F..%2Fetc%2Fpasswd',
  ];
  return fc.oneof(
    { weight: 3, arbitrary: nobody(fc.constantFrom(...known)) },
    { weight: 1, arbitrary: nobody(fc.array(malformedSegment, { minLength: 1, maxLength: 4 }).map((segments) => segments.join('/'))) },
    { weight: 1, arbitrary: nobody(fc.array(malformedSegment, { minLength: 1, maxLength: 3 }).map((segments) => `r/${segments.join('/')}`)) },
  );
}

function paramArbitrary(world: FuzzWorld, route: Route, name: string, mode: FuzzMode, owner: Owner | null): fc.Arbitrary<ParamChoice> {
  const kind = kindOf(route, name);
  const key = routeKey(route) as AnyRouteKey;
  if (kind === 'dashboard') return dashboardPaths(world);
  if (mode === 'well-formed') {
    // A well-formed request names its own workspace's resources; a public route's, any live one.
    const owners = owner ? [owner] : OWNERS;
    return fc.constantFrom(...owners.flatMap((each) => ownedChoices(world[each], each, kind, mode, key)));
  }
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...ownedChoices(world.A, 'A', kind, mode, key)) },
    { weight: 2, arbitrary: fc.constantFrom(...ownedChoices(world.B, 'B', kind, mode, key)) },
    { weight: 1, arbitrary: strangers(kind) },
    { weight: 2, arbitrary: nobody(malformedSegment) },
  );
}

const parameterNames = (route: Route) => [...route.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? '');

// ── Query ───────────────────────────────────────────────────────────────────────────────────

function queryArbitrary(spec: RouteSpec, mode: FuzzMode): fc.Arbitrary<string> {
  const known = Object.entries(spec.query ?? {});
  const knownEntry = known.length > 0 ? fc.constantFrom(...known).chain(([key, value]) => value.map((text) => [key, text] as const)) : null;
  const strangeKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'a[]', 'a[b]', ''), fc.string({ maxLength: 12 }));
  const strangeEntry = fc.tuple(strangeKey, anyText({ maxLength: 30 }));
  const entry = knownEntry ? fc.oneof({ weight: 3, arbitrary: knownEntry }, { weight: 1, arbitrary: strangeEntry }) : strangeEntry;
  const encoded = fc.array(entry, { maxLength: mode === 'well-formed' ? 3 : 6 }).map((entries) =>
    entries.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&'),
  );
  if (mode === 'well-formed') return encoded;
  // Raw text as a client might send it: broken escapes, bare separators.
  const raw = fc.constantFrom('%', '%zz', '&&&', '===', 'a=%E0%A4%A', 'limit=1&limit=2', '+', ';', '?', 'a=b=c');
  return fc.oneof({ weight: 4, arbitrary: encoded }, { weight: 1, arbitrary: fc.tuple(encoded, raw).map(([text, extra]) => (text ? `${text}&${extra}` : extra)) });
}

// ── Headers and framing ─────────────────────────────────────────────────────────────────────

/** What Node's HTTP parser takes in a header value: no NUL or other control character but tab. */
export const legalHeaderValue = (value: string) => !/[\x00-\x08\x0a-\x1f\x7f]/.test(value);

const ACCEPTS = [
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

interface HeaderPart {
  headers: [string, string | Buffer][];
  defect?: string;
  endAfterSending?: boolean;
}

function optionalHeaders(world: FuzzWorld, spec: RouteSpec, mode: FuzzMode): fc.Arbitrary<[string, string | Buffer][]> {
  const legalText = anyText({ maxLength: 60 }).filter(legalHeaderValue).map((text) => Buffer.from(text, 'utf8'));
  const visitorId = fc.stringMatching(/^[A-Za-z0-9_-]{22}$/).map((id) => `h_${id}`);
  const idempotencyKeys = mode === 'well-formed'
    ? fc.oneof(fc.stringMatching(/^[\x21-\x7e]{1,64}$/), fc.constantFrom('fuzz-key-1', 'fuzz-key-2'))
    : fc.oneof(fc.stringMatching(/^[\x21-\x7e]{1,64}$/), fc.constantFrom('fuzz-key-1', 'fuzz-key-2', '', 'has space', 'k'.repeat(256), 'tab\tinside'), fc.constant(Buffer.from('clé', 'latin1')));
  // Each header present or not, independently (a record with no required key).
  const optional: Record<string, fc.Arbitrary<string | Buffer>> = {
    Accept: fc.constantFrom(...ACCEPTS),
    'Content-Type': fc.constantFrom(...CONTENT_TYPES),
    'User-Agent': fc.oneof(fc.constantFrom(...USER_AGENTS), legalText),
    Cookie: fc.oneof(visitorId.map((id) => `rpl_vid=${id}`), fc.constantFrom('rpl_vid=garbage', 'rpl_vid=', '=;;=', `a=${'b'.repeat(5_000)}`), legalText),
    Origin: fc.constantFrom(world.A.content.origin, world.B.content.origin, 'https://evil.example', 'null', 'not an origin'),
    Referer: fc.oneof(webUrl(), legalText),
    'Accept-Encoding': fc.constantFrom('gzip', 'br, gzip;q=0', 'identity', '*'),
    Host: fc.constantFrom(...ODD_BUT_VALID_HOSTS),
    'X-Forwarded-Proto': fc.constantFrom('https', 'gopher'),
    'X-Forwarded-For': fc.constantFrom('203.0.113.9', '::1', 'not an address', '1.1.1.1, 2.2.2.2'),
    ...(spec.idempotent ? { 'Idempotency-Key': idempotencyKeys } : {}),
  };
  const extra = fc.option(fc.tuple(fc.stringMatching(/^X-[A-Za-z0-9-]{1,20}$/), legalText), { nil: undefined });
  return fc.tuple(fc.record(optional, { requiredKeys: [] }), extra).map(([present, more]) => [
    ...Object.entries(present).filter((entry): entry is [string, string | Buffer] => entry[1] !== undefined),
    ...(more ? [more] : []),
  ]);
}

// Malformed framing and headers the gateway itself refuses (400, 431) before any function runs.
const transportDefects: fc.Arbitrary<HeaderPart> = fc.oneof(
  fc.integer({ min: 20_000, max: 100_000 }).map((size): HeaderPart => ({ headers: [['X-Huge', 'h'.repeat(size)]], defect: 'headers over 16 KB' })),
  fc.constantFrom('abc', '-1', '1.5', '0x10', '12a', '+5', '1 2').map((value): HeaderPart => ({ headers: [['Content-Length', value]], defect: `Content-Length: ${value}` })),
  fc.integer({ min: 1, max: 500 }).map((extra): HeaderPart => ({ headers: [['X-Length-Above-Body', String(extra)]], endAfterSending: true, defect: 'a body shorter than its Content-Length' })),
  fc.constant<HeaderPart>({ headers: [['Transfer-Encoding', 'chunked'], ['Content-Length', '2']], defect: 'Transfer-Encoding and Content-Length together' }),
  fc.constantFrom('\x00', '\x01', '\x7f').map((byte): HeaderPart => ({ headers: [['X-Control', `a${byte}b`]], defect: 'a control character in a header' })),
  fc.constantFrom(...INVALID_HOSTS).map((host): HeaderPart => ({ headers: [['Host', host]], defect: `Host: ${JSON.stringify(host)}` })),
);

// ── Bodies ──────────────────────────────────────────────────────────────────────────────────

// Fields whose rules JSON Schema cannot say (refinements): drawn from what exists, and from what does not.
function bodyHints(world: FuzzWorld, owner: Owner | null, now: Date): Hints {
  const owners = owner ? [owner] : OWNERS;
  const codes = owners.flatMap((each) => [world[each].seed, world[each].child]);
  const contents = owners.map((each) => world[each].content.id);
  return {
    parent: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...codes) }, { weight: 1, arbitrary: alphanumeric(10) }),
    code: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...codes) }, { weight: 1, arbitrary: alphanumeric(12) }),
    contentId: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...contents) }, { weight: 1, arbitrary: nanoidLike.map((id) => `cnt_${id}`) }),
    campaign: fc.oneof(fc.constantFrom(...owners.map((each) => world[each].campaign)), fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/)),
    // A webhook target that is a public address literal needs no DNS (this machine has none).
    url: fc.oneof(
      webUrl(),
      webUrl(fc.constantFrom('1.1.1.1', '8.8.4.4', '[2606:4700::1111]')),
    ),
    expiresAt: fc.date({ min: new Date(now.getTime() + 3_600_000), max: new Date(now.getTime() + 3e11), noInvalidDate: true }).map((date) => date.toISOString()),
  };
}

interface BodyPart {
  bytes: Buffer | undefined;
  defect?: string;
}

function bodyArbitrary(world: FuzzWorld, spec: RouteSpec, mode: FuzzMode, owner: Owner | null): fc.Arbitrary<BodyPart> {
  const now = new Date();
  const asJson = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'null');
  if (!spec.body) {
    // Routes that read no body: whatever arrives is ignored, so it is never a reason to refuse.
    if (mode === 'well-formed') return fc.constant({ bytes: undefined });
    return fc.oneof({ weight: 4, arbitrary: fc.constant({ bytes: undefined }) }, { weight: 1, arbitrary: fc.oneof(notJson, fc.jsonValue().map(asJson)).map((bytes) => ({ bytes })) });
  }
  const zodSchema = spec.body(now);
  const schema = jsonSchemaOf(zodSchema);
  const hints = bodyHints(world, owner, now);
  const judged = (bytes: Buffer | undefined): BodyPart => {
    const defect = refusal(zodSchema, bytes);
    return defect ? { bytes, defect } : { bytes };
  };
  const valid = conforming(schema, hints).map(asJson);
  if (mode === 'well-formed') return valid.map(judged);
  const pollution = fc.tuple(conforming(schema, hints), fc.constantFrom('"__proto__":{"active":false,"isAdmin":true}', '"constructor":{"prototype":{"isAdmin":true}}'))
    .map(([value, inject]) => Buffer.from(JSON.stringify(value).replace(/^\{/, `{${inject},`).replace(/,\}$/, '}')));
  return fc
    .oneof(
      { weight: 4, arbitrary: valid },
      { weight: 4, arbitrary: offSchema(schema, hints).map(asJson) },
      { weight: 1, arbitrary: pollution },
      { weight: 1, arbitrary: notJson },
      { weight: 1, arbitrary: oversized },
      { weight: 1, arbitrary: fc.constant(undefined) },
    )
    .map(judged);
}

// ── A whole request ─────────────────────────────────────────────────────────────────────────

interface Parts {
  actor: Actor;
  params: [string, ParamChoice][];
  query: string;
  headers: [string, string | Buffer][];
  transport: HeaderPart | null;
  body: BodyPart;
  /** Send the body in chunks (Transfer-Encoding), not with a Content-Length: legal either way. */
  chunked: boolean;
  sourceHost: number;
}

/** Requests for `route`, each with the defects it was drawn with. */
export function caseArbitrary(world: FuzzWorld, route: Route, mode: FuzzMode): fc.Arbitrary<FuzzCase> {
  const key = routeKey(route) as AnyRouteKey;
  const spec = routeSpecs[key];
  const names = parameterNames(route);
  const actors = route.auth === 'api-key'
    ? actorArbitrary(world, route, mode)
    : fc.option(fc.constantFrom(`Bearer ${world.A.key}`, 'Basic eA==', 'junk'), { nil: undefined }).map((authorization): Actor => ({ workspace: null, share: false, authorization }));
  // The rest of a request depends on the caller only through its workspace: built once per workspace.
  const rests = new Map<Owner | null, fc.Arbitrary<Omit<Parts, 'actor'>>>();
  const restFor = (owner: Owner | null) => {
    let rest = rests.get(owner);
    if (!rest) {
      rest = fc.record({
        params: fc.tuple(...names.map((name) => paramArbitrary(world, route, name, mode, owner).map((value): [string, ParamChoice] => [name, value]))),
        query: queryArbitrary(spec, mode),
        headers: optionalHeaders(world, spec, mode),
        transport: mode === 'hostile' ? fc.oneof({ weight: 11, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: transportDefects }) : fc.constant(null),
        chunked: fc.oneof({ weight: 7, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
        body: bodyArbitrary(world, spec, mode, owner),
        sourceHost: fc.integer({ min: 2, max: 254 }),
      });
      rests.set(owner, rest);
    }
    return rest;
  };
  return actors
    .chain((actor) => restFor(route.auth === 'api-key' ? actor.workspace : null).map((rest): Parts => ({ actor, ...rest })))
    .map((parts) => assemble(world, route, key, spec, mode, parts))
    // A hostile request to a route that writes must be one the contract refuses (so it must write
    // nothing); a well-formed one, one it does not.
    .filter((fuzzCase) => fuzzCase.routeKey === key && (mode === 'hostile' ? !spec.writes || fuzzCase.defects.length > 0 : fuzzCase.defects.length === 0));
}

function assemble(world: FuzzWorld, route: Route, key: AnyRouteKey, spec: RouteSpec, mode: FuzzMode, parts: Parts): FuzzCase {
  const params = Object.fromEntries(parts.params);
  const path = route.path.replace(/\{([^}]+)\}/g, (_whole, name: string) => params[name]?.segment ?? '');
  const target = parts.query ? `${path}?${parts.query}` : path;
  const headers: [string, string | Buffer][] = [];
  if (parts.actor.authorization !== undefined) headers.push(['Authorization', parts.actor.authorization]);
  headers.push(...parts.headers);
  // Well-formed bodies say what they are.
  if (mode === 'well-formed' && parts.body.bytes && !headers.some(([name]) => name === 'Content-Type')) headers.push(['Content-Type', 'application/json']);
  const defects = [
    ...(parts.actor.defect ? [parts.actor.defect] : []),
    ...paramDefects(world, route, key, params, parts.actor, headers),
    ...(parts.body.defect ? [parts.body.defect] : []),
    ...idempotencyDefects(spec, headers),
  ];
  let body = parts.body.bytes;
  let endAfterSending = false;
  const transport = parts.transport;
  if (transport) {
    defects.push(transport.defect ?? 'malformed request');
    endAfterSending = transport.endAfterSending ?? false;
    const above = transport.headers.find(([name]) => name === 'X-Length-Above-Body');
    if (above) {
      body ??= Buffer.from('{}');
      headers.push(['Content-Length', String(body.length + Number(above[1]))]);
    } else {
      const replaced = new Set(transport.headers.map(([name]) => name.toLowerCase()));
      for (let index = headers.length - 1; index >= 0; index--) if (replaced.has(headers[index]![0].toLowerCase())) headers.splice(index, 1);
      headers.push(...transport.headers);
    }
  }
  if (parts.chunked && body && !transport) {
    headers.push(['Transfer-Encoding', 'chunked']);
    body = Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]);
  }
  const accept = headers.find(([name]) => name === 'Accept')?.[1];
  return {
    routeKey: matchRoute(route.method, path).routeKey,
    request: { method: route.method, target, headers, ...(body ? { body } : {}), endAfterSending, localAddress: `127.0.0.${parts.sourceHost}` },
    defects,
    accept: accept === undefined ? undefined : accept.toString(),
    ...(params['path+'] ? { dashboardPath: params['path+'].segment } : {}),
  };
}

function paramDefects(world: FuzzWorld, route: Route, key: AnyRouteKey, params: Record<string, ParamChoice>, actor: Actor, headers: [string, string | Buffer][]): string[] {
  const defects: string[] = [];
  if (route.auth === 'api-key') {
    if (actor.share && !(SHARE_READABLE.has(key) && params.id?.segment === world.A.content.id)) defects.push('a share token outside its own reads');
    for (const [name, value] of Object.entries(params)) {
      if (value.owner === null) defects.push(`{${name}} names nothing`);
      else if (actor.workspace && value.owner !== actor.workspace) defects.push(`{${name}} is another workspace's`);
    }
    if (key === 'POST /v1/contents/{id}/links' && params.id?.inactive) defects.push('an inactive content');
    if (params.shareId?.contentId && params.shareId.contentId !== params.id?.segment) defects.push("{shareId} is another content's");
    return defects;
  }
  // Public routes by code: unknown codes, inactive contents, and other sites' pages calling the re-share.
  const code = params.code;
  const origin = headers.find(([name]) => name === 'Origin')?.[1]?.toString();
  // A preflight without Origin is no browser's: it is answered 204 without looking the code up.
  if (!code || (route.method === 'OPTIONS' && origin === undefined)) return defects;
  if (code.owner === null) defects.push('{code} names nothing');
  else if (code.inactive) defects.push('{code} is of an inactive content');
  else if (route.function === 'reshare' && origin !== undefined && origin !== code.origin) defects.push(`Origin ${origin} is not the content's`);
  return defects;
}

function idempotencyDefects(spec: RouteSpec, headers: [string, string | Buffer][]): string[] {
  if (!spec.idempotent) return [];
  const value = headers.find(([name]) => name === 'Idempotency-Key')?.[1];
  if (value === undefined) return [];
  const text = value.toString('latin1').trim();
  return /^[\x21-\x7e]{1,255}$/.test(text) ? [] : ['an Idempotency-Key that is not 1-255 printable ASCII characters'];
}

// ── Requests no route takes ─────────────────────────────────────────────────────────────────

const METHODS: HttpMethod[] = ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE', 'OPTIONS'];

/** Requests no route matches: other methods on the routes' paths, and paths of no route. */
export function unmatchedCaseArbitrary(world: FuzzWorld, routes: readonly Route[]): fc.Arbitrary<FuzzCase> {
  const fill = (route: Route) =>
    fc.tuple(...parameterNames(route).map(() => fc.oneof(malformedSegment, fc.constantFrom(world.A.content.id, world.A.seed, world.A.hook)))).map((values) => {
      let index = 0;
      return route.path.replace(/\{[^}]+\}/g, () => values[index++] ?? '');
    });
  const paths = fc.oneof(
    fc.constantFrom(...routes).chain(fill),
    fc.constantFrom(...routes).chain(fill).map((path) => `${path}/extra`),
    fc.array(malformedSegment, { minLength: 1, maxLength: 5 }).map((segments) => `/${segments.join('/')}`),
    fc.constantFrom('/v1', '/v1/', '/v2/contents', '/app/', '//', '/.env', '/_local', '/v1/contents/', '/V1/CONTENTS'),
  );
  const methods = fc.oneof({ weight: 6, arbitrary: fc.constantFrom<string>(...METHODS, 'PUT', 'TRACE', 'PROPFIND') }, { weight: 1, arbitrary: fc.constantFrom('FOO', 'get', 'BREW') });
  return fc
    .record({
      method: methods,
      path: paths,
      authorization: fc.option(fc.constantFrom(`Bearer ${world.A.key}`, `Bearer ${world.B.key}`, 'junk'), { nil: undefined }),
      accept: fc.option(fc.constantFrom(...ACCEPTS), { nil: undefined }),
      body: fc.option(fc.oneof(notJson, fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value) ?? 'null'))), { nil: undefined }),
    })
    .map(({ method, path, authorization, accept, body }): FuzzCase => {
      const headers: [string, string][] = [];
      if (authorization) headers.push(['Authorization', authorization]);
      if (accept !== undefined) headers.push(['Accept', accept]);
      const known = (METHODS as string[]).includes(method) || ['PUT', 'TRACE', 'PROPFIND'].includes(method);
      return {
        routeKey: known ? matchRoute(method, path).routeKey : '$default',
        request: { method, target: path, headers, ...(body ? { body } : {}) },
        defects: [known ? 'no route' : `the method ${method}`],
        accept,
      };
    })
    // The local server's own controls (POST /_local/…, loopback only) are no API route.
    .filter((fuzzCase) => fuzzCase.routeKey === '$default' && !fuzzCase.request.target.startsWith('/_local/'));
}
