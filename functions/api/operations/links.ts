import { liveLinkCounts } from '../../../shared/domain/aggregate/link-counts.js';
import { childLink, type Link, mintLinkInput, seedLink } from '../../../shared/domain/link.js';
import { linkCodeForKey } from '../../../shared/domain/ids.js';
import * as z from '../../../shared/domain/zod.js';
import { gone, notFound, validationError } from '../../../shared/errors.js';
import { publicBaseUrl } from '../../../shared/http/event.js';
import { idempotencyOf, replayHeaders, settleCreate } from '../../../shared/http/idempotency.js';
import { parseBody, parseQuery } from '../../../shared/http/input.js';
import { pageQuery } from '../../../shared/http/page-query.js';
import { json } from '../../../shared/http/responses.js';
import { linkView } from '../../../shared/http/views.js';
import { contentIdParam, linkCodeParam } from './path.js';
import { contentNotFound } from './lookups.js';
import type { Operation } from './types.js';

// A seed link, or with `parent` a re-share link one generation below a link of the same content.
// With an Idempotency-Key, a retry answers with the link the first request made, even if the
// content has changed since; the same key with another request is a 409.
export const mintLink: Operation = async ({ event, workspaceId }, { contents, links, publicUrl, clock }) => {
  const contentId = contentIdParam(event);
  const input = parseBody(event, mintLinkInput);
  const idempotency = idempotencyOf(event, input);
  const answer = ({ value: link, replayed }: { value: Link; replayed: boolean }) =>
    json(201, linkView(link, publicBaseUrl(event, publicUrl)), {
      headers: { location: `/v1/links/${link.code}`, ...replayHeaders(replayed) },
    });

  const keyedCode = idempotency ? linkCodeForKey(workspaceId, idempotency.key) : null;
  if (idempotency && keyedCode) {
    const earlier = await links.findKeyed(workspaceId, keyedCode);
    if (earlier) return answer(settleCreate({ created: false, existing: earlier.link, fingerprint: earlier.fingerprint }, idempotency));
  }

  const content = await contents.get(workspaceId, contentId);
  if (!content) throw contentNotFound();
  if (!content.active) throw gone('This content is no longer active');
  const parent = input.parent === undefined ? null : await links.getInWorkspace(workspaceId, input.parent);
  if (input.parent !== undefined && parent?.contentId !== contentId) {
    throw validationError([{ path: ['parent'], message: 'is not a link of this content' }]);
  }
  // Stamped as each attempt is built, just before its write (the aggregation's watermark).
  const build = (code: string) => (parent ? childLink(parent, code, input, clock(), null) : seedLink(content, code, input, clock()));

  if (idempotency && keyedCode) return answer(settleCreate(await links.createWithCode(build(keyedCode), idempotency.fingerprint), idempotency));
  return answer({ value: await links.create(build), replayed: false });
};

export const listLinksQuery = z.object(pageQuery);

export const listLinks: Operation = async ({ event, workspaceId }, { contents, links, publicUrl }) => {
  const contentId = contentIdParam(event);
  const query = parseQuery(event, listLinksQuery);
  if (!(await contents.get(workspaceId, contentId))) throw contentNotFound();
  const page = await links.listOfContent(workspaceId, contentId, query);
  const baseUrl = publicBaseUrl(event, publicUrl);
  return json(200, { items: page.items.map((link) => linkView(link, baseUrl)), nextCursor: page.nextCursor });
};

// Counts are live and exact, at a bounded cost: the link's tally as of its content's aggregate plus
// only the raw clicks after the position that aggregate is complete to (docs/contract.md §6 asks us to say
// which: live).
export const getLink: Operation = async ({ event, workspaceId }, { links, clicks, marks, reader, publicUrl }) => {
  const link = await links.getInWorkspace(workspaceId, linkCodeParam(event));
  if (!link) throw notFound('No link with this code');
  const [counted, reshares] = await Promise.all([reader.linkTally(workspaceId, link.contentId, link.code), links.countChildren(workspaceId, link.code)]);
  const tail = await clicks.tailOfLink(workspaceId, link.code, counted.position);
  const tailMarks = await marks.linkMarks(workspaceId, link.contentId, [...tail.visitors.keys()], link.code);
  const counts = liveLinkCounts(counted.tally, tail, tailMarks);
  return json(200, { ...linkView(link, publicBaseUrl(event, publicUrl)), ...counts, reshares, countsAsOf: 'live' });
};
