import * as z from '../../domain/zod.js';
import { htmlPage } from '../answers.js';
import type { OperationDocs } from '../operation-doc.js';
import { appPath } from '../parameters.js';
import { described } from '../schema-kit.js';

const PAGE =
  '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n…\n<script type="module" src="/app/assets/dashboard-4KQ7ZC2B.js"></script>\n</head>…';

const pageHeaders = z.object({
  'Content-Security-Policy': described(z.string(), {
    description: 'Scripts, styles, images and calls from this origin only; nothing inline.',
    example:
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  }),
});

export const dashboardOperations: OperationDocs<'GET /' | 'GET /app' | 'GET /app/{path+}' | 'GET /v1/openapi.json'> = {
  'GET /': {
    operationId: 'root',
    tag: 'Dashboard',
    summary: 'The bare domain',
    description: 'Sends a person to the dashboard.',
    responses: { 302: { description: 'To /app.', headers: z.object({ Location: described(z.string(), { description: 'The dashboard.', example: '/app' }) }) } },
    errors: [],
  },
  'GET /app': {
    operationId: 'dashboard',
    tag: 'Dashboard',
    summary: 'The dashboard',
    description:
      'Its page, which signs in with a workspace API key kept in the browser (docs/dashboard.md). Never cached: it names the current build\u2019s files.',
    responses: { 200: { description: 'The page.', headers: pageHeaders, content: htmlPage(PAGE) } },
    errors: [],
  },
  'GET /app/{path+}': {
    operationId: 'dashboardPath',
    tag: 'Dashboard',
    summary: 'A dashboard page or file',
    description:
      'Any page of the dashboard (the same page; it routes in the browser: `/app/contents/{id}`, `/app/webhooks`, `/app/api` for this reference, \u2026), its content-hashed files under `assets/` (cached forever, gzipped on request), the share button campaigns embed (`share.js`, cached five minutes), and a read-only report link\u2019s page (`r/<token>`), 404 once revoked or expired.',
    path: appPath,
    responses: {
      200: {
        description: 'A page or a built file.',
        content: {
          ...htmlPage(PAGE),
          'text/javascript': { schema: z.string(), example: 'import{…}from"./chunk-5PQ3AXYZ.js";…' },
          'text/css': { schema: z.string(), example: ':root{--bg:#f7f8fa;…}' },
          'image/svg+xml': { schema: z.string(), example: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">…</svg>' },
          'text/plain': { schema: z.string(), example: '# Metrics\n\nHow every field of a report is computed…' },
          'application/json': {
            schema: described(z.looseObject({ openapi: z.literal('3.1.0') }), { description: 'This document, also here as assets/openapi.json.' }),
            example: { openapi: '3.1.0' },
          },
        },
      },
    },
    errors: ['not_found', 'unavailable'],
    errorPages: { 404: htmlPage('<!doctype html><html lang="en"><head><meta charset="utf-8">…<title>Share link not found \u2014 Ripple</title></head>…') },
  },
  'GET /v1/openapi.json': {
    operationId: 'openApiDocument',
    tag: 'Dashboard',
    summary: 'This document',
    description:
      'The OpenAPI 3.1 description of every route, generated from the schemas the handlers parse with (`npm run openapi`). Public, cacheable for five minutes, readable from any origin.',
    responses: {
      200: {
        description: 'The document.',
        headers: z.object({ 'Cache-Control': described(z.literal('public, max-age=300'), { description: 'Five minutes in caches.' }) }),
        content: {
          'application/json': {
            schema: described(z.looseObject({ openapi: z.literal('3.1.0') }), { description: 'An OpenAPI 3.1 document.' }),
            example: { openapi: '3.1.0', info: { title: 'Ripple API' } },
          },
        },
      },
    },
    errors: [],
  },
};
