import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

// Handlers speak API Gateway's HTTP API payload v2, on Lambda and in the local server alike.
export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

// API Gateway v2 lower-cases header names and joins repeated ones with commas.
export function header(event: HttpEvent, name: string): string | undefined {
  return event.headers?.[name.toLowerCase()];
}

export function cookie(event: HttpEvent, name: string): string | undefined {
  for (const pair of event.cookies ?? []) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}

export const httpMethod = (event: HttpEvent) => event.requestContext.http.method.toUpperCase();
export const clientAddress = (event: HttpEvent) => event.requestContext.http.sourceIp;
export const isHttps = (event: HttpEvent) => header(event, 'x-forwarded-proto') === 'https';

// Where short links point: the configured public URL (a custom domain), else the host this request
// came to — under its API Gateway stage's path when the API is reached on a named stage.
export function publicBaseUrl(event: HttpEvent, configured: string | undefined): string {
  if (configured) return configured.replace(/\/+$/, '');
  const host = header(event, 'host') ?? event.requestContext.domainName;
  const stage = event.requestContext.stage;
  const stagePath = stage && stage !== '$default' ? `/${stage}` : '';
  return `${isHttps(event) ? 'https' : 'http'}://${host}${stagePath}`;
}

/** The path the API is served under for this request: '' at a domain's root, `/<stage>` on a named stage. */
export const publicBasePath = (event: HttpEvent, configured: string | undefined) => new URL(publicBaseUrl(event, configured)).pathname.replace(/\/+$/, '');
