import fc from 'fast-check';
import { matchRoute } from '../../../infra/local/route-matcher.js';
import { type HttpMethod, type Route, routeKey } from '../../../shared/topology.js';
import type { RawRequest } from '../raw-http.js';
import { type Actor, actorArbitrary } from './callers.js';
import { ACCEPTS, type HeaderPart, optionalHeaders, transportDefects } from './headers.js';
import { anyText, conforming, type Hints, jsonSchemaOf, notJson, offSchema, oversized, refusal, webUrl } from './json-bodies.js';
import { alphanumeric, malformedSegment, nanoidLike, OWNERS, type ParamChoice, paramArbitrary, parameterNames } from './path-params.js';
import { type AnyRouteKey, type FuzzMode, type RouteSpec, routeSpecs, SHARE_READABLE } from './route-specs.js';
import type { FuzzWorld, Owner } from './world.js';

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

// ── Query ───────────────────────────────────────────────────────────────────────────────────

function queryArbitrary(spec: RouteSpec, mode: FuzzMode): fc.Arbitrary<string> {
  const known = Object.entries(spec.query ?? {});
  const knownEntry = known.length > 0 ? fc.constantFrom(...known).chain(([key, value]) => value.map((text) => [key, text] as const)) : null;
  const strangeKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'a[]', 'a[b]', ''), fc.string({ maxLength: 12 }));
  const strangeEntry = fc.tuple(strangeKey, anyText({ maxLength: 30 }));
  const entry = knownEntry ? fc.oneof({ weight: 3, arbitrary: knownEntry }, { weight: 1, arbitrary: strangeEntry }) : strangeEntry;
  const encoded = fc
    .array(entry, { maxLength: mode === 'well-formed' ? 3 : 6 })
    .map((entries) => entries.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&'));
  if (mode === 'well-formed') return encoded;
  // Raw text as a client might send it: broken escapes, bare separators.
  const raw = fc.constantFrom('%', '%zz', '&&&', '===', 'a=%E0%A4%A', 'limit=1&limit=2', '+', ';', '?', 'a=b=c');
  return fc.oneof(
    { weight: 4, arbitrary: encoded },
    { weight: 1, arbitrary: fc.tuple(encoded, raw).map(([text, extra]) => (text ? `${text}&${extra}` : extra)) },
  );
}

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
    url: fc.oneof(webUrl(), webUrl(fc.constantFrom('1.1.1.1', '8.8.4.4', '[2606:4700::1111]'))),
    expiresAt: fc
      .date({ min: new Date(now.getTime() + 3_600_000), max: new Date(now.getTime() + 3e11), noInvalidDate: true })
      .map((date) => date.toISOString()),
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
    return fc.oneof(
      { weight: 4, arbitrary: fc.constant({ bytes: undefined }) },
      { weight: 1, arbitrary: fc.oneof(notJson, fc.jsonValue().map(asJson)).map((bytes) => ({ bytes })) },
    );
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
  const pollution = fc
    .tuple(conforming(schema, hints), fc.constantFrom('"__proto__":{"active":false,"isAdmin":true}', '"constructor":{"prototype":{"isAdmin":true}}'))
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
  const actors =
    route.auth === 'api-key'
      ? actorArbitrary(world, route, mode)
      : fc
          .option(fc.constantFrom(`Bearer ${world.A.key}`, 'Basic eA==', 'junk'), { nil: undefined })
          .map((authorization): Actor => ({ workspace: null, share: false, authorization }));
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
  return (
    actors
      .chain((actor) => restFor(route.auth === 'api-key' ? actor.workspace : null).map((rest): Parts => ({ actor, ...rest })))
      .map((parts) => assemble(world, route, key, spec, mode, parts))
      // A hostile request to a route that writes must be one the contract refuses (so it must write
      // nothing); a well-formed one, one it does not.
      .filter((fuzzCase) => fuzzCase.routeKey === key && (mode === 'hostile' ? !spec.writes || fuzzCase.defects.length > 0 : fuzzCase.defects.length === 0))
  );
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
  if (parts.transport) {
    defects.push(parts.transport.defect ?? 'malformed request');
    ({ body, endAfterSending } = withMalformedFraming(headers, body, parts.transport));
  } else if (parts.chunked && body) {
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

// Puts a transport defect's headers in place of the request's own (a Content-Length above the
// body's length is computed from the body, which then is sent and the connection closed).
function withMalformedFraming(headers: [string, string | Buffer][], body: Buffer | undefined, transport: HeaderPart) {
  const above = transport.headers.find(([name]) => name === 'X-Length-Above-Body');
  if (above) {
    const sent = body ?? Buffer.from('{}');
    headers.push(['Content-Length', String(sent.length + Number(above[1]))]);
    return { body: sent, endAfterSending: true };
  }
  const replaced = new Set(transport.headers.map(([name]) => name.toLowerCase()));
  for (let index = headers.length - 1; index >= 0; index--) if (replaced.has(headers[index]![0].toLowerCase())) headers.splice(index, 1);
  headers.push(...transport.headers);
  return { body, endAfterSending: transport.endAfterSending ?? false };
}

function paramDefects(
  world: FuzzWorld,
  route: Route,
  key: AnyRouteKey,
  params: Record<string, ParamChoice>,
  actor: Actor,
  headers: [string, string | Buffer][],
): string[] {
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
    fc
      .constantFrom(...routes)
      .chain(fill)
      .map((path) => `${path}/extra`),
    fc.array(malformedSegment, { minLength: 1, maxLength: 5 }).map((segments) => `/${segments.join('/')}`),
    fc.constantFrom('/v1', '/v1/', '/v2/contents', '/app/', '//', '/.env', '/_local', '/v1/contents/', '/V1/CONTENTS'),
  );
  const methods = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom<string>(...METHODS, 'PUT', 'TRACE', 'PROPFIND') },
    { weight: 1, arbitrary: fc.constantFrom('FOO', 'get', 'BREW') },
  );
  return (
    fc
      .record({
        method: methods,
        path: paths,
        authorization: fc.option(fc.constantFrom(`Bearer ${world.A.key}`, `Bearer ${world.B.key}`, 'junk'), { nil: undefined }),
        accept: fc.option(fc.constantFrom(...ACCEPTS), { nil: undefined }),
        body: fc.option(
          fc.oneof(
            notJson,
            fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value) ?? 'null')),
          ),
          { nil: undefined },
        ),
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
      .filter((fuzzCase) => fuzzCase.routeKey === '$default' && !fuzzCase.request.target.startsWith('/_local/'))
  );
}
