import { isContentId, isLinkCode } from '../../../shared/domain/ids.js';
import { notFound } from '../../../shared/errors.js';
import type { HttpEvent } from '../../../shared/http/event.js';
import { contentNotFound } from './lookups.js';

// A malformed id cannot name anything, so it is a 404 without a read (as Stripe answers).
export function contentIdParam(event: HttpEvent): string {
  const id = event.pathParameters?.id ?? '';
  if (!isContentId(id)) throw contentNotFound();
  return id;
}

export function linkCodeParam(event: HttpEvent): string {
  const code = event.pathParameters?.code ?? '';
  if (!isLinkCode(code)) throw notFound('No link with this code');
  return code;
}
