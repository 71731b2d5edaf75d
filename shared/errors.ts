// The few kinds of failure Ripple knows. Code anywhere throws these; shared/http/error-response.ts
// is the one place that turns them into HTTP.
export type ErrorCode =
  | 'validation_error'
  | 'invalid_json'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'invalid_target'
  | 'rate_limited'
  | 'payload_too_large'
  | 'unavailable'
  | 'internal_error';

export interface ValidationIssue {
  path: (string | number)[];
  message: string;
}

export class RippleError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { issues?: ValidationIssue[]; retryAfterSeconds?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RippleError';
  }
}

export const validationError = (issues: ValidationIssue[], message = describeIssues(issues)) => new RippleError('validation_error', message, { issues });
export const invalidJson = (reason: string) => new RippleError('invalid_json', `Request body is not valid JSON: ${reason}`);
export const unauthorized = (message = 'A valid API key is required: Authorization: Bearer <key>') => new RippleError('unauthorized', message);
export const forbidden = (message: string) => new RippleError('forbidden', message);
export const notFound = (message: string) => new RippleError('not_found', message);
export const conflict = (message: string) => new RippleError('conflict', message);
export const invalidTarget = (message: string) => new RippleError('invalid_target', message, { issues: [{ path: ['url'], message }] });
export const gone = (message: string) => new RippleError('gone', message);
export const rateLimited = (retryAfterSeconds: number) =>
  new RippleError('rate_limited', `Too many requests; retry after ${retryAfterSeconds} s`, { retryAfterSeconds });
export const payloadTooLarge = (limitBytes: number) => new RippleError('payload_too_large', `Request body exceeds ${limitBytes} bytes`);
/** The data store failed in a way worth retrying (throttled, timed out, unreachable): a store fault. */
export class StoreUnavailable extends RippleError {
  constructor(cause: unknown) {
    super('unavailable', 'The data store is unavailable; retry shortly', {}, { cause });
  }
}
export const unavailable = (cause: unknown) => new StoreUnavailable(cause);

function describeIssues(issues: ValidationIssue[]): string {
  const parts = issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message));
  return `Invalid request: ${parts.join('; ')}`;
}
