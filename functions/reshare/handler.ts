import { loadConfig } from '../../shared/config.js';
import { reshareInput } from '../../shared/domain/link.js';
import { rateLimited } from '../../shared/errors.js';
import { originOf } from '../../shared/http/cors.js';
import { type HttpEvent, publicBaseUrl } from '../../shared/http/event.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { count } from '../../shared/observability/powertools.js';
import { parseBody } from '../../shared/http/input.js';
import { json } from '../../shared/http/responses.js';
import { publicLinkView } from '../../shared/http/views.js';
import { makeVisitorIdentity, type VisitorIdentity } from '../../shared/http/visitor-identity.js';
import { makeContentStore } from '../../shared/store/contents.js';
import { createDb } from '../../shared/store/db.js';
import { makeLinkStore } from '../../shared/store/links.js';
import { type LinkLookups, makeCachedLookups, resolveActiveLink } from '../../shared/store/lookup-cache.js';
import { makeRateLimitStore, type RateLimitStore } from '../../shared/store/rate-limits.js';
import { makeVisitorReshareStore, type VisitorReshareStore } from '../../shared/store/visitor-reshares.js';
import { makeVisitorSaltStore } from '../../shared/store/visitor-salts.js';

export interface ReshareLimits {
  perVisitor: number;
  perAddress: number;
  windowSeconds: number;
}

export interface ReshareDeps {
  lookups: LinkLookups;
  reshares: VisitorReshareStore;
  rateLimits: RateLimitStore;
  visitors: VisitorIdentity;
  limits: ReshareLimits;
  publicUrl: string | undefined;
  clock: () => Date;
}

// POST /v1/links/{code}/reshare (public): a visitor mints a child of the link they arrived by,
// from the content's own page (the one origin CORS admits): 201 the first time, then 200 with that
// same child, so K counts people who share, not presses. Limited per visitor and per client
// address, since either alone is easy to rotate; a request answered with the existing child counts
// too (it still costs reads, and the share button keeps its child, so only scripts repeat).
export function makeReshareHandler(deps: ReshareDeps) {
  const { lookups, reshares, rateLimits, visitors, limits, clock } = deps;

  const resolveParent = (event: HttpEvent) => resolveActiveLink(lookups, event.pathParameters?.code ?? '');

  return httpHandler(
    async (event) => {
      const input = parseBody(event, reshareInput);
      const { link: parent } = await resolveParent(event);
      const now = clock();
      const visitor = await visitors.identify(event, now);

      const take = (scope: string, subject: string, limit: number) => rateLimits.take({ scope, subject, limit, windowSeconds: limits.windowSeconds, now });
      // The address budget is only spent on requests the visitor limit let through.
      const byVisitor = await take('reshare-visitor', visitor.id, limits.perVisitor);
      if (!byVisitor.allowed) throw rateLimited(byVisitor.retryAfterSeconds);
      const byAddress = await take('reshare-address', await visitors.addressKey(event, now), limits.perAddress);
      if (!byAddress.allowed) throw rateLimited(byAddress.retryAfterSeconds);

      const { link: child, created } = await reshares.childFor(parent, visitor.id, input, clock);
      if (created) count('Reshares');
      return json(created ? 201 : 200, publicLinkView(child, publicBaseUrl(event, deps.publicUrl)), {
        cookies: visitor.setCookie ? [visitor.setCookie] : [],
      });
    },
    {
      cors: {
        methods: 'POST, OPTIONS',
        allowedOrigin: async (event) => originOf((await resolveParent(event)).content.url),
      },
    },
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
  reshares: makeVisitorReshareStore(db, linkStore),
  rateLimits: makeRateLimitStore(db),
  // Answering a cross-site call from the content's page, its cookie is Partitioned (CHIPS).
  visitors: makeVisitorIdentity(makeVisitorSaltStore(db), { partitionedCookie: true }),
  limits: {
    perVisitor: config.RIPPLE_RESHARE_LIMIT_PER_VISITOR,
    perAddress: config.RIPPLE_RESHARE_LIMIT_PER_ADDRESS,
    windowSeconds: config.RIPPLE_RESHARE_LIMIT_WINDOW_SECONDS,
  },
  publicUrl: config.RIPPLE_PUBLIC_URL,
  clock: () => new Date(),
});
