import type { Content } from '../domain/content.js';
import type { Conversion } from '../domain/conversion.js';
import type { Subscription } from '../domain/webhooks/subscription.js';
import type { Link } from '../domain/link.js';
import type { Share } from '../domain/share.js';

// The public shapes of docs/contract.md §2. Internal fields (the owning workspace) stay out.
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

// A subscription as the API shows it: never its secret after creation.
export function webhookView(subscription: Subscription) {
  return {
    id: subscription.id,
    url: subscription.url,
    events: subscription.events,
    thresholds: subscription.thresholds,
    contentId: subscription.contentId,
    campaign: subscription.campaign,
    status: subscription.status,
    disabledReason: subscription.disabledReason,
    createdAt: subscription.createdAt,
  };
}

export function conversionView(conversion: Conversion) {
  return {
    externalId: conversion.externalId,
    code: conversion.code,
    visitor: conversion.visitorId,
    contentId: conversion.contentId,
    value: conversion.value,
    currency: conversion.currency,
    createdAt: conversion.createdAt,
  };
}

// A read-only report link as listings show it: never its token, nor the URL that carries it.
export function shareView(share: Share) {
  return { id: share.id, contentId: share.contentId, label: share.label, createdAt: share.createdAt, expiresAt: share.expiresAt };
}
