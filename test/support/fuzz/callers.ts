import fc from 'fast-check';
import { type Route, routeKey } from '../../../shared/topology.js';
import { legalHeaderValue } from './headers.js';
import { anyText } from './json-bodies.js';
import { type FuzzMode, SHARE_READABLE } from './route-specs.js';
import type { FuzzWorld, Owner } from './world.js';

// Who asks: a workspace's key (in the forms that still name it), a share token, or an
// Authorization the contract refuses — each refusal named as the defect it is.

export interface Actor {
  workspace: Owner | null;
  share: boolean;
  authorization: string | Buffer | undefined;
  defect?: string;
}

// Forms of `Bearer <key>` that still name the key (the scheme is case-insensitive; spaces around).
const bearer = (key: string) => fc.constantFrom(`Bearer ${key}`, `bearer ${key}`, `BEARER   ${key}`, `Bearer ${key}  `);

export function actorArbitrary(world: FuzzWorld, route: Route, mode: FuzzMode): fc.Arbitrary<Actor> {
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
  return fc.oneof(
    { weight: 5, arbitrary: valid('A') },
    { weight: 2, arbitrary: valid('B') },
    { weight: 1, arbitrary: shareA },
    { weight: 3, arbitrary: invalid },
  );
}
