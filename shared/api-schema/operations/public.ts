import { ARRIVAL_MARKER_PARAM } from '../../domain/arrival-channel.js';
import { reshareInput } from '../../domain/link.js';
import * as z from '../../domain/zod.js';
import { htmlPage, jsonAnswer, noStore } from '../answers.js';
import { publicLinkExample } from '../examples.js';
import type { OperationDoc, OperationDocs } from '../operation-doc.js';
import { linkPath } from '../parameters.js';
import { publicLink } from '../resources.js';
import { described, withFieldDocs } from '../schema-kit.js';
import { SAMPLE } from '../values.js';

// The routes anyone may call: the share button's re-share and QR codes, and the redirect itself.

const reshareBody = withFieldDocs(
  reshareInput,
  { sharer: 'A name the visitor gave, 1\u2013200 characters.', channel: 'Where they share it, 1\u201364 characters.' },
  { id: 'Reshare' },
);

const visitorCookie = {
  'Set-Cookie': described(z.optional(z.string()), {
    description: 'The visitor cookie `rpl_vid` (HttpOnly), when the request carried none.',
    example: 'rpl_vid=h_Xq3v9Lm2Pz8Rt4Wn6Yb1Kc; Path=/; Max-Age=31536000; HttpOnly; Secure; SameSite=None; Partitioned',
  }),
};

const corsAnswer = {
  'Access-Control-Allow-Origin': described(z.optional(z.string()), {
    description: 'The content\u2019s origin, to a browser call from it.',
    example: 'https://shop.example.com',
  }),
  'Access-Control-Allow-Credentials': z.optional(z.literal('true')),
};

const reshareAnswer = (description: string) => jsonAnswer(description, publicLink, publicLinkExample, z.object({ ...visitorCookie, ...corsAnswer }));

const ORIGIN_RULE =
  'Callable from the content\u2019s own origin (the page the share button is on), with the visitor\u2019s cookie: a browser call from another origin is a 403. Calls without `Origin` (servers) are not browsers and are answered.';

const qr = (format: 'svg' | 'png'): OperationDoc => ({
  operationId: format === 'svg' ? 'linkQrSvg' : 'linkQrPng',
  tag: 'Share button',
  summary: `A link\u2019s QR code (${format.toUpperCase()})`,
  description: `Encodes \`<shortUrl>?${ARRIVAL_MARKER_PARAM}=qr\`, so scans count as the \`qr\` arrival channel; error correction M, a 4-module quiet zone. ${
    format === 'svg' ? 'SVG scales freely.' : 'PNG is 8 px per module, for where SVG is not shown (e-mail).'
  } The same 404 and 410 as the redirect, as JSON.`,
  path: linkPath,
  responses: {
    200: {
      description: 'The image, cacheable for a day (what a code encodes never changes).',
      headers: z.object({ 'Cache-Control': described(z.literal('public, max-age=86400'), { description: 'A day in caches.' }) }),
      content:
        format === 'svg'
          ? {
              'image/svg+xml': {
                schema: z.string(),
                example:
                  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 33 33" shape-rendering="crispEdges"><path fill="#ffffff" d="M0 0h33v33H0z"/><path stroke="#000000" d="M4 4.5h7m1 0h1…"/></svg>',
              },
            }
          : { 'image/png': { schema: described(z.string(), { contentMediaType: 'image/png', description: 'PNG bytes.' }), example: '(PNG bytes)' } },
    },
  },
  errors: ['not_found', 'gone', 'unavailable'],
});

const REDIRECT_PAGES = {
  404: htmlPage('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>This link doesn\u2019t exist</title>…'),
  410: htmlPage('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>This link has expired</title>…'),
};

const redirect = (method: 'GET' | 'HEAD'): OperationDoc => ({
  operationId: method === 'GET' ? 'followLink' : 'probeLink',
  tag: 'Redirect',
  summary: method === 'GET' ? 'Follow a short link' : 'Follow a short link (HEAD: a bot click)',
  description: `Records the click, then answers 302 to the destination with \`{refParam}={code}\` and the link\u2019s \`utm_*\` added, its own query and fragment kept, never cached (a cached redirect is a click not seen). The destination never takes anything from the request. ${
    method === 'HEAD'
      ? 'HEAD requests, like crawlers and link previews, are recorded as bot clicks. No body.'
      : 'A browser (an `Accept` that ranks HTML above JSON) following an unknown or inactive link gets a small HTML page with the same status; other clients the JSON error.'
  }`,
  path: linkPath,
  query: z.object({
    [ARRIVAL_MARKER_PARAM]: described(z.optional(z.string()), {
      description:
        'The arrival channel the share button marks its links with (`whatsapp`, `qr`, \u2026; unknown \u2192 `other`); recorded on the click, not passed on.',
      example: 'whatsapp',
    }),
  }),
  responses: {
    302: {
      description: 'To the destination.',
      headers: z.object({
        Location: described(z.string(), {
          description: 'The destination.',
          example: `https://shop.example.com/spring?utm_source=x&utm_medium=social&ref=${SAMPLE.seedCode}#buy`,
        }),
        ...noStore,
        ...visitorCookie,
      }),
    },
  },
  errors: ['not_found', 'gone', 'unavailable'],
  ...(method === 'GET' ? { errorPages: REDIRECT_PAGES } : {}),
});

export const publicOperations: OperationDocs<
  | 'POST /v1/links/{code}/reshare'
  | 'OPTIONS /v1/links/{code}/reshare'
  | 'GET /v1/links/{code}/qr.svg'
  | 'GET /v1/links/{code}/qr.png'
  | 'GET /{code}'
  | 'HEAD /{code}'
> = {
  'POST /v1/links/{code}/reshare': {
    operationId: 'reshare',
    tag: 'Share button',
    summary: 'A visitor re-shares a link',
    description: `Mints the calling visitor\u2019s child of the link (its creator is the visitor of the cookie, or a salted hash of address and user agent). One child per visitor and parent: the same visitor again gets 200 and that same child, with the sharer and channel it was first given. ${ORIGIN_RULE} Limited per visitor, then per address: 429 with \`Retry-After\`.`,
    path: linkPath,
    body: { schema: reshareBody, example: { channel: 'whatsapp' } },
    responses: {
      201: reshareAnswer('The visitor\u2019s new child link.'),
      200: reshareAnswer('The child this visitor already had.'),
    },
    errors: ['validation_error', 'invalid_json', 'forbidden', 'not_found', 'gone', 'payload_too_large', 'rate_limited', 'unavailable'],
  },
  'OPTIONS /v1/links/{code}/reshare': {
    operationId: 'resharePreflight',
    tag: 'Share button',
    summary: 'CORS preflight of the re-share',
    description: `Allows the content\u2019s own origin to POST with credentials. ${ORIGIN_RULE}`,
    path: linkPath,
    responses: {
      204: {
        description: 'Allowed (with `Origin`: the CORS headers for the content\u2019s origin).',
        headers: z.object({
          ...corsAnswer,
          'Access-Control-Allow-Methods': z.optional(z.literal('POST, OPTIONS')),
          'Access-Control-Allow-Headers': z.optional(z.literal('content-type')),
          'Access-Control-Max-Age': z.optional(z.literal('600')),
        }),
      },
    },
    errors: ['forbidden', 'not_found', 'gone', 'unavailable'],
  },
  'GET /v1/links/{code}/qr.svg': qr('svg'),
  'GET /v1/links/{code}/qr.png': qr('png'),
  'GET /{code}': redirect('GET'),
  'HEAD /{code}': redirect('HEAD'),
};
