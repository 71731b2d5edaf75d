import { loadConfig } from '../../shared/config.js';
import { ARRIVAL_MARKER_PARAM, arrivalChannel } from '../../shared/domain/arrival-channel.js';
import { newClick } from '../../shared/domain/click.js';
import { destinationFor } from '../../shared/domain/destination.js';
import { referrerHost } from '../../shared/domain/referrer.js';
import { deviceClass, isBotRequest } from '../../shared/domain/user-agent.js';
import { header, httpMethod } from '../../shared/http/event.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { withLinkPages } from '../../shared/http/link-pages.js';
import { count } from '../../shared/observability/powertools.js';
import { redirect } from '../../shared/http/responses.js';
import { makeVisitorIdentity, type VisitorIdentity } from '../../shared/http/visitor-identity.js';
import { type ClickStore, makeClickStore } from '../../shared/store/clicks.js';
import { makeContentStore } from '../../shared/store/contents.js';
import { createDb } from '../../shared/store/db.js';
import { makeLinkStore } from '../../shared/store/links.js';
import { type LinkLookups, makeCachedLookups, resolveActiveLink } from '../../shared/store/lookup-cache.js';
import { makeVisitorSaltStore } from '../../shared/store/visitor-salts.js';

export interface RedirectDeps {
  lookups: LinkLookups;
  clicks: Pick<ClickStore, 'record'>;
  visitors: VisitorIdentity;
  clock: () => Date;
}

// GET|HEAD /{code}: cached lookups, one write, then the 302. The click is stored before the
// redirect is answered, so every answered redirect is a stored click (a failed write is a 503).
// The `via` marker is recorded as the click's arrival channel and goes no further: the destination
// never takes the request's query. A browser following a dead link gets a page, not JSON.
export function makeRedirectHandler({ lookups, clicks, visitors, clock }: RedirectDeps) {
  return httpHandler(
    withLinkPages(async (event) => {
      const { link, content } = await resolveActiveLink(lookups, event.pathParameters?.code ?? '');

      const visitor = await visitors.identify(event, clock());
      const userAgent = header(event, 'user-agent');
      const visit = {
        visitorId: visitor.id,
        bot: isBotRequest(httpMethod(event), userAgent),
        device: deviceClass(userAgent),
        referrerHost: referrerHost(header(event, 'referer')),
        arrival: arrivalChannel(event.queryStringParameters?.[ARRIVAL_MARKER_PARAM]),
      };
      // Stamped just before the write: the aggregation's watermark only has to cover the write itself.
      await clicks.record(newClick(link, visit, clock()));
      count(visit.bot ? 'BotClicks' : 'Clicks');
      return redirect(destinationFor(content, link), visitor.setCookie ? [visitor.setCookie] : []);
    }),
  );
}

const config = loadConfig();
const db = createDb(config);

export const handler = makeRedirectHandler({
  lookups: makeCachedLookups(
    { links: makeLinkStore(db), contents: makeContentStore(db) },
    { maxAgeSeconds: config.RIPPLE_CACHE_SECONDS, maxEntries: config.RIPPLE_CACHE_MAX_ENTRIES },
  ),
  clicks: makeClickStore(db, { retentionDays: config.RIPPLE_CLICK_RETENTION_DAYS }),
  visitors: makeVisitorIdentity(makeVisitorSaltStore(db)),
  clock: () => new Date(),
});
