import type { Content } from '../domain/content.js';
import type { Link } from '../domain/link.js';

// The public shapes of SPEC §2. Internal fields (the owning workspace) stay out.
export function contentView(content: Content) {
  return {
    id: content.id,
    url: content.url,
    title: content.title,
    campaign: content.campaign,
    refParam: content.refParam,
    kWindowSeconds: content.kWindowSeconds,
    active: content.active,
    createdAt: content.createdAt,
    updatedAt: content.updatedAt,
  };
}

export function linkView(link: Link, baseUrl: string) {
  return {
    code: link.code,
    shortUrl: `${baseUrl}/${link.code}`,
    contentId: link.contentId,
    parent: link.parent,
    rootCode: link.rootCode,
    generation: link.generation,
    sharer: link.sharer,
    channel: link.channel,
    utm: link.utm,
    createdByVisitor: link.creatorVisitorId,
    createdAt: link.createdAt,
  };
}

// What the public re-share answers: the visitor id stays out, since the cookie carrying it is
// HttpOnly and the calling page must not learn it.
export function publicLinkView(link: Link, baseUrl: string) {
  const { createdByVisitor: _hidden, ...view } = linkView(link, baseUrl);
  return view;
}
