// Writes events/*.json: one API Gateway v2 sample event per route, built by the same code the
// local server uses, pointing at the data of infra/local/sample-data.ts. Run: npm run events
import { pathToFileURL } from 'node:url';
import { writeFileSync } from 'node:fs';
import { toApiGatewayEvent } from '../infra/local/api-gateway-event.js';
import { matchRoute } from '../infra/local/route-matcher.js';
import { SAMPLE } from '../infra/local/sample-data.js';
import { SCHEDULED_INPUT } from '../shared/topology.js';

const browser = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';
const auth = { authorization: `Bearer ${SAMPLE.apiKey}` };
const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export const SAMPLE_EVENTS: Record<string, { method: string; url: string; headers?: Record<string, string>; body?: string }> = {
  'redirect-get': { method: 'GET', url: `/${SAMPLE.linkCode}`, headers: { 'user-agent': browser, referer: 'https://news.example.org/story' } },
  'redirect-head': { method: 'HEAD', url: `/${SAMPLE.linkCode}`, headers: { 'user-agent': 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)' } },
  'reshare-post': {
    method: 'POST',
    url: `/v1/links/${SAMPLE.linkCode}/reshare`,
    headers: { 'user-agent': browser, origin: 'https://shop.example.com', cookie: SAMPLE.visitorCookie, ...json({}).headers },
    body: JSON.stringify({ channel: 'whatsapp' }),
  },
  'reshare-preflight': {
    method: 'OPTIONS',
    url: `/v1/links/${SAMPLE.linkCode}/reshare`,
    headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'POST' },
  },
  'qr-svg': { method: 'GET', url: `/v1/links/${SAMPLE.linkCode}/qr.svg`, headers: { 'user-agent': browser, accept: 'image/svg+xml,image/*' } },
  'qr-png': { method: 'GET', url: `/v1/links/${SAMPLE.linkCode}/qr.png`, headers: { 'user-agent': browser, accept: 'image/png,image/*' } },
  'api-create-content': {
    method: 'POST',
    url: '/v1/contents',
    ...merge(auth, json({ url: 'https://shop.example.com/summer', title: 'Summer', campaign: 'summer' })),
  },
  'api-list-contents': { method: 'GET', url: '/v1/contents?campaign=spring&limit=10', headers: auth },
  'api-get-content': { method: 'GET', url: `/v1/contents/${SAMPLE.contentId}`, headers: auth },
  'api-update-content': { method: 'PATCH', url: `/v1/contents/${SAMPLE.contentId}`, ...merge(auth, json({ title: 'Spring sale, extended' })) },
  'api-mint-link': {
    method: 'POST',
    url: `/v1/contents/${SAMPLE.contentId}/links`,
    ...merge(auth, json({ sharer: 'bob', channel: 'email', utm: { medium: 'email' } })),
  },
  'api-mint-link-batch': {
    method: 'POST',
    url: `/v1/contents/${SAMPLE.contentId}/links/batch`,
    ...merge(
      { ...auth, 'idempotency-key': 'sample-import-1' },
      json({
        links: [
          { ref: 'carol', parent: SAMPLE.linkCode, sharer: 'carol', channel: 'email', createdAt: '2026-11-01T09:00:00Z' },
          { ref: 'dave', parent: { ref: 'carol' }, sharer: 'dave', channel: 'whatsapp', createdAt: '2026-11-01T09:30:00Z' },
        ],
      }),
    ),
  },
  'api-list-links': { method: 'GET', url: `/v1/contents/${SAMPLE.contentId}/links?limit=20`, headers: auth },
  'api-get-link': { method: 'GET', url: `/v1/links/${SAMPLE.linkCode}`, headers: auth },
  'api-unknown-route': { method: 'GET', url: '/v2/nothing/here', headers: auth },
  'api-content-report': { method: 'GET', url: `/v1/contents/${SAMPLE.contentId}/report?kWindow=3600`, headers: auth },
  'api-content-report-csv': { method: 'GET', url: `/v1/contents/${SAMPLE.contentId}/report`, headers: { ...auth, accept: 'text/csv' } },
  'api-content-cascade': { method: 'GET', url: `/v1/contents/${SAMPLE.contentId}/cascade`, headers: auth },
  'api-campaign-report': { method: 'GET', url: '/v1/campaigns/spring/report', headers: auth },
  'api-content-series': { method: 'GET', url: `/v1/contents/${SAMPLE.contentId}/series?interval=day&tz=Europe/Berlin&compare=previous`, headers: auth },
  'api-campaign-series-csv': { method: 'GET', url: '/v1/campaigns/spring/series?interval=week&format=csv', headers: auth },
  'api-record-conversion': {
    method: 'POST',
    url: '/v1/conversions',
    ...merge(auth, json({ code: SAMPLE.linkCode, externalId: 'order-1001', value: 49.9, currency: 'EUR' })),
  },
  'api-create-webhook': {
    method: 'POST',
    url: '/v1/webhooks',
    ...merge(auth, json({ url: SAMPLE.webhookUrl, events: ['content.threshold_crossed'], thresholds: [{ metric: 'kFactor', gte: 1.2 }], campaign: 'spring' })),
  },
  'api-list-webhooks': { method: 'GET', url: '/v1/webhooks?limit=10', headers: auth },
  'api-get-webhook': { method: 'GET', url: `/v1/webhooks/${SAMPLE.webhookId}`, headers: auth },
  'api-delete-webhook': { method: 'DELETE', url: `/v1/webhooks/${SAMPLE.removableWebhookId}`, headers: auth },
  'api-test-webhook': { method: 'POST', url: `/v1/webhooks/${SAMPLE.webhookId}/test`, ...merge(auth, json({})) },
  'api-list-deliveries': { method: 'GET', url: `/v1/webhooks/${SAMPLE.webhookId}/deliveries?limit=20`, headers: auth },
  'dashboard-openapi': { method: 'GET', url: '/v1/openapi.json', headers: { accept: 'application/json', 'accept-encoding': 'gzip, deflate, br' } },
};

// What the EventBridge Scheduler target hands a scheduled function (infra/cloud/schedules.ts).
export const SCHEDULED_EVENTS: Record<string, unknown> = {
  'aggregate-scheduled': SCHEDULED_INPUT,
  'deliver-webhooks-scheduled': SCHEDULED_INPUT,
};

function merge(headers: Record<string, string>, request: { headers: Record<string, string>; body: string }) {
  return { headers: { ...headers, ...request.headers }, body: request.body };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const now = new Date('2026-11-01T10:00:00.000Z');
  for (const [name, request] of Object.entries(SAMPLE_EVENTS)) {
    const path = request.url.split('?')[0] ?? '/';
    const event = toApiGatewayEvent(
      {
        method: request.method,
        url: request.url,
        headers: { host: 'localhost:3000', ...request.headers },
        body: Buffer.from(request.body ?? ''),
        sourceIp: '203.0.113.7',
      },
      matchRoute(request.method, path),
      now,
      `sample-${name}`,
    );
    writeFileSync(new URL(`../events/${name}.json`, import.meta.url), `${JSON.stringify(event, null, 2)}\n`);
  }
  for (const [name, event] of Object.entries(SCHEDULED_EVENTS)) {
    writeFileSync(new URL(`../events/${name}.json`, import.meta.url), `${JSON.stringify(event, null, 2)}\n`);
  }
  console.log(`Wrote ${Object.keys(SAMPLE_EVENTS).length + Object.keys(SCHEDULED_EVENTS).length} events to events/`);
}
