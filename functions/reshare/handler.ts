import { loadConfig } from '../../shared/config.js';
import { childLink, reshareInput } from '../../shared/domain/link.js';
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
import { type LinkStore, makeLinkStore } from '../../shared/store/links.js';
import { type LinkLookups, makeCachedLookups, resolveActiveLink } from '../../shared/store/lookup-cache.js';
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

// POST /v1/links/{code}/reshare (public): a visitor mints a child of the link they arrived by,
// from the content's own page (the one origin CORS admits). Limited per visitor and per client
// address, since either alone is easy to rotate.
export function makeReshareHandler(deps: ReshareDeps) {
  const { lookups, links, rateLimits, visitors, limits, clock } = deps;

  const resolveParent = (event: HttpEvent) => resolveActiveLink(lookups, event.pathParameters?.code ?? '');

  return httpHandler(
    async (event) => {
      const input = parseBody(event, reshareInput);
      const { link: parent } = await resolveParent(event);
      const now = clock();
      const visitor = await visitors.identify(event, now);

      const take = (scope: string, subject: string, limit: number) =>
        rateLimits.take({ scope, subject, limit, windowSeconds: limits.windowSeconds, now });
      // The address budget is only spent on requests the visitor limit let through.
      const byVisitor = await take('reshare-visitor', visitor.id, limits.perVisitor);
      if (!byVisitor.allowed) throw rateLimited(byVisitor.retryAfterSeconds);
      const byAddress = await take('reshare-address', await visitors.addressKey(event, now), limits.perAddress);
      if (!byAddress.allowed) throw rateLimited(byAddress.retryAfterSeconds);

      // Stamped as each attempt is built, just before its write (the aggregation's watermark).
      const child = await links.create((freshCode) => childLink(parent, freshCode, input, clock(), visitor.id));
      count('Reshares');
      return json(201, publicLinkView(child, publicBaseUrl(event, deps.publicUrl)), {
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
