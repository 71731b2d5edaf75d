import type {
  CampaignReport,
  CascadePage,
  ContentReport,
  ContentView,
  CreatedWebhook,
  DeliveryAttempt,
  LinkView,
  Page,
  Series,
  SeriesParams,
  WebhookView,
} from './types.js';

import type { OpenApiDocument } from '../api-reference/openapi-document.js';

// The one module that talks to the API. Every number the dashboard shows comes through here,
// exactly as the API answered it: the dashboard computes no metric itself.

/** An answer other than 2xx, with the API's error body (`{error: {code, message, issues?}}`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: { path?: (string | number)[]; message: string }[] = [],
  ) {
    super(message);
  }

  /** The key is wrong or revoked (or a share link is gone): the page must sign in again. */
  get signedOut(): boolean {
    return this.status === 401;
  }

  /** Worth trying again later: the service said so (503), or the network failed (status 0). */
  get retryable(): boolean {
    return this.status === 503 || this.status === 0 || this.status === 429;
  }
}

export interface ClientOptions {
  apiBase: string;
  /** The bearer credential: a workspace API key, or a read-only share token. */
  credential: string;
  fetch?: typeof fetch;
}

type Query = Record<string, string | number | undefined>;

export function apiClient({ apiBase, credential, fetch: fetchImpl = fetch.bind(globalThis) }: ClientOptions) {
  const url = (path: string, query: Query = {}) => {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(name, String(value));
    const search = params.toString();
    return `${apiBase}${path}${search ? `?${search}` : ''}`;
  };

  async function call<T>(method: string, path: string, options: { query?: Query; body?: unknown; accept?: string } = {}): Promise<T> {
    const response = await send(method, url(path, options.query), options);
    if (response.status === 204) return undefined as T;
    return (options.accept === 'text/csv' ? response.text() : response.json()) as Promise<T>;
  }

  async function send(method: string, target: string, options: { body?: unknown; accept?: string }): Promise<Response> {
    let response: Response;
    try {
      response = await fetchImpl(target, {
        method,
        headers: {
          authorization: `Bearer ${credential}`,
          accept: options.accept ?? 'application/json',
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      });
    } catch {
      throw unreachable();
    }
    if (!response.ok) throw await errorOf(response);
    return response;
  }

  const id = encodeURIComponent;
  return {
    listContents: (query: { campaign?: string; limit?: number; cursor?: string } = {}) => call<Page<ContentView>>('GET', '/v1/contents', { query }),
    getContent: (contentId: string) => call<ContentView>('GET', `/v1/contents/${id(contentId)}`),
    createContent: (input: { url: string; title?: string; campaign?: string }) => call<ContentView>('POST', '/v1/contents', { body: input }),
    mintLink: (contentId: string, input: { sharer?: string; channel?: string } = {}) =>
      call<LinkView>('POST', `/v1/contents/${id(contentId)}/links`, { body: input }),
    listLinks: (contentId: string, query: { limit?: number; cursor?: string } = {}) =>
      call<Page<LinkView>>('GET', `/v1/contents/${id(contentId)}/links`, { query }),
    report: (contentId: string, kWindow?: number | 'all') => call<ContentReport>('GET', `/v1/contents/${id(contentId)}/report`, { query: { kWindow } }),
    campaignReport: (campaign: string, kWindow?: number | 'all') => call<CampaignReport>('GET', `/v1/campaigns/${id(campaign)}/report`, { query: { kWindow } }),
    cascade: (contentId: string, query: { root?: string; cursor?: string; limit?: number } = {}) =>
      call<CascadePage>('GET', `/v1/contents/${id(contentId)}/cascade`, { query }),
    series: (contentId: string, query: SeriesParams = {}) => call<Series>('GET', `/v1/contents/${id(contentId)}/series`, { query: { ...query } }),
    campaignSeries: (campaign: string, query: SeriesParams = {}) => call<Series>('GET', `/v1/campaigns/${id(campaign)}/series`, { query: { ...query } }),
    listWebhooks: (query: { limit?: number; cursor?: string } = {}) => call<Page<WebhookView>>('GET', '/v1/webhooks', { query }),
    createWebhook: (input: unknown) => call<CreatedWebhook>('POST', '/v1/webhooks', { body: input }),
    deleteWebhook: (webhookId: string) => call<{ id: string; deleted: true }>('DELETE', `/v1/webhooks/${id(webhookId)}`),
    // The test event and its immediate attempt (null when another deliverer took it first).
    testWebhook: (webhookId: string) => call<{ eventId: string; attempt: DeliveryAttempt | null }>('POST', `/v1/webhooks/${id(webhookId)}/test`),
    deliveries: (webhookId: string, query: { limit?: number; cursor?: string } = {}) =>
      call<Page<DeliveryAttempt>>('GET', `/v1/webhooks/${id(webhookId)}/deliveries`, { query }),
    listShares: (contentId: string, query: { limit?: number; cursor?: string } = {}) =>
      call<Page<ShareView>>('GET', `/v1/contents/${id(contentId)}/shares`, { query }),
    createShare: (contentId: string, input: { expiresAt?: string; label?: string } = {}) =>
      call<ShareView & { token: string; url: string }>('POST', `/v1/contents/${id(contentId)}/shares`, { body: input }),
    revokeShare: (contentId: string, shareId: string) => call<void>('DELETE', `/v1/contents/${id(contentId)}/shares/${id(shareId)}`),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

/** The API's description (GET /v1/openapi.json): public, read without a key. */
export async function fetchOpenApiDocument(url: string, fetchImpl: typeof fetch = fetch.bind(globalThis)): Promise<OpenApiDocument> {
  let response: Response;
  try {
    response = await fetchImpl(url, { headers: { accept: 'application/json' } });
  } catch {
    throw unreachable();
  }
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as OpenApiDocument;
}

export interface ShareView {
  id: string;
  label: string | null;
  createdAt: string;
  expiresAt: string | null;
  url?: string;
}

// Retryable errors say what happened; the banner adds that trying again can help.
const unreachable = () => new ApiError(0, 'network_error', 'Ripple could not be reached. Check your connection.');

async function errorOf(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; issues?: ApiError['issues'] } } | null;
  const error = body?.error;
  // A 503's own message is written for API clients ("…; retry shortly"): a person reads this one.
  const message = response.status === 503 ? 'Ripple is briefly unavailable.' : (error?.message ?? `The request failed (${response.status}).`);
  return new ApiError(response.status, error?.code ?? `http_${response.status}`, message, error?.issues ?? []);
}
