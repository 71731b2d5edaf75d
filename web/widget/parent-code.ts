// Which link the visitor's own link descends from: the `ref` the redirect added to the page's URL
// (or the campaign's own parameter name), else the code the campaign configured for visitors who
// arrive without one.

// Link codes are letters and digits (shared/domain/ids.ts); anything else is not sent anywhere.
const LINK_CODE = /^[A-Za-z0-9]{8,32}$/;

export const isLinkCode = (value: unknown): value is string => typeof value === 'string' && LINK_CODE.test(value);

/** The parent code from the page's query string, else the fallback; null when neither is a link code. */
export function parentCode(search: string, refParam: string, fallback: string | null): string | null {
  const fromPage = new URLSearchParams(search).get(refParam || 'ref');
  if (isLinkCode(fromPage)) return fromPage;
  return isLinkCode(fallback) ? fallback : null;
}
