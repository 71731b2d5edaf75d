import { loadConfig } from '../../shared/config.js';
import { isLinkCode } from '../../shared/domain/ids.js';
import { childLink, reshareInput } from '../../shared/domain/link.js';
import { gone, notFound, rateLimited } from '../../shared/errors.js';
import { publicBaseUrl } from '../../shared/http/event.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { parseBody } from '../../shared/http/input.js';
import { json } from '../../shared/http/responses.js';
import { linkView } from '../../shared/http/views.js';
import { makeVisitorIdentity, type VisitorIdentity } from '../../shared/http/visitor-identity.js';
import { makeContentStore } from '../../shared/store/contents.js';
import { createDb } from '../../shared/store/db.js';
import { type LinkStore, makeLinkStore } from '../../shared/store/links.js';
import { type LinkLookups, makeCachedLookups } from '../../shared/store/lookup-cache.js';
import { makeRateLimitStore, type RateLimitStore } from '../../shared/store/rate-limits.js';
import { makeVisitorSaltStore } from '../../shared/store/visitor-salts.js';

export interface ReshareLimits {
  perVisitor: number;
  perAddress: number;
  windowSeconds: number;
}

export interface ReshareDeps {
  lookups: LinkLookups;
  links: Pick<LinkStore, 'create'>;
  rateLimits: RateLimitStore;
  visitors: VisitorIdentity;
  limits: ReshareLimits;
  publicUrl: string | undefined;
  clock: () => Date;
}

// POST /v1/links/{code}/reshare (public): a visitor mints a child of the link they arrived by.
// Limited per visitor and per client address, since either alone is easy to rotate.
export function makeReshareHandler(deps: ReshareDeps) {
  const { lookups, links, rateLimits, visitors, limits, clock } = deps;
  return httpHandler(
    async (event) => {
      const code = event.pathParameters?.code ?? '';
      if (!isLinkCode(code)) throw notFound('No share link has this code');
      const input = parseBody(event, reshareInput);
      const now = clock();
      const visitor = await visitors.identify(event, now);

      const take = (scope: string, subject: string, limit: number) =>
        rateLimits.take({ scope, subject, limit, windowSeconds: limits.windowSeconds, now });
      const decisions = await Promise.all([
        take('reshare-visitor', visitor.id, limits.perVisitor),
        take('reshare-address', await visitors.addressKey(event, now), limits.perAddress),
      ]);
      const waits = decisions.flatMap((decision) => (decision.allowed ? [] : [decision.retryAfterSeconds]));
      if (waits.length > 0) throw rateLimited(Math.max(...waits));

      const parent = await lookups.link(code);
      if (!parent) throw notFound('No share link has this code');
      const content = await lookups.content(parent.workspaceId, parent.contentId);
      if (!content) throw notFound('No share link has this code');
      if (!content.active) throw gone('The content behind this link is no longer active');

      const child = await links.create((freshCode) => childLink(parent, freshCode, input, now, visitor.id));
      return json(201, linkView(child, publicBaseUrl(event, deps.publicUrl)), {
        cookies: visitor.setCookie ? [visitor.setCookie] : [],
      });
    },
    { publicCors: { methods: 'POST, OPTIONS' } },
  );
}

const config = loadConfig();
const db = createDb(config);
const linkStore = makeLinkStore(db);

export const handler = makeReshareHandler({
  lookups: makeCachedLookups(
    { links: linkStore, contents: makeContentStore(db) },
    { maxAgeSeconds: config.RIPPLE_CACHE_SECONDS, maxEntries: config.RIPPLE_CACHE_MAX_ENTRIES },
  ),
  links: linkStore,
  rateLimits: makeRateLimitStore(db),
  visitors: makeVisitorIdentity(makeVisitorSaltStore(db)),
  limits: {
    perVisitor: config.RIPPLE_RESHARE_LIMIT_PER_VISITOR,
    perAddress: config.RIPPLE_RESHARE_LIMIT_PER_ADDRESS,
    windowSeconds: config.RIPPLE_RESHARE_LIMIT_WINDOW_SECONDS,
  },
  publicUrl: config.RIPPLE_PUBLIC_URL,
  clock: () => new Date(),
});
