import fc from 'fast-check';
import { type Route, routeKey } from '../../../shared/topology.js';
import { anyText } from './json-bodies.js';
import type { AnyRouteKey, FuzzMode } from './route-specs.js';
import type { FuzzWorld, Owner, WorkspaceFixtures } from './world.js';

// What a request's path names: the fixtures of either workspace (live, inactive, the ones kept for
// writes), well-formed ids of nothing, and segments that can name nothing at all.

export interface ParamChoice {
  segment: string;
  owner: Owner | null;
  inactive?: boolean;
  /** For a share id: the content it belongs to. */
  contentId?: string;
  origin?: string;
}

export const OWNERS = ['A', 'B'] as const;

export const alphanumeric = (length: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9]{${length}}$`));
export const nanoidLike = fc.stringMatching(/^[A-Za-z0-9_-]{21}$/);

/** A path segment that names nothing: odd text, encodings, traversal, injections, huge. */
export const malformedSegment: fc.Arbitrary<string> = fc.oneof(
  anyText({ minLength: 1, maxLength: 40 }).map(encodeURIComponent),
  fc.constantFrom(
    '..',
    '.',
    '%',
    '%zz',
    '%00',
    '%2F',
    '%2e%2e',
    '%252F',
    'a%2Fb',
    '%C0%AE',
    '%FF',
    '__proto__',
    'constructor',
    'null',
    'undefined',
    '-1',
    '1e309',
  ),
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
      return [
        choice(fixtures.content.id, owner),
        choice(fixtures.patchable, owner),
        ...(hostile ? [choice(fixtures.inactive, owner, { inactive: true })] : []),
      ];
    case 'webhook':
      // Well-formed DELETEs remove what they name: only the subscription kept for them, and only for them.
      if (!hostile) return [choice(key === 'DELETE /v1/webhooks/{id}' ? fixtures.doomedHook : fixtures.hook, owner)];
      return [choice(fixtures.hook, owner), choice(fixtures.doomedHook, owner)];
    case 'code':
      return [
        choice(fixtures.seed, owner, live),
        choice(fixtures.child, owner, live),
        ...(hostile ? [choice(fixtures.deadLink, owner, { inactive: true })] : []),
      ];
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

export function paramArbitrary(world: FuzzWorld, route: Route, name: string, mode: FuzzMode, owner: Owner | null): fc.Arbitrary<ParamChoice> {
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

export const parameterNames = (route: Route) => [...route.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? '');
