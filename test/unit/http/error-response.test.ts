import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import {
  conflict,
  type ErrorCode,
  gone,
  invalidJson,
  notFound,
  payloadTooLarge,
  RippleError,
  rateLimited,
  unauthorized,
  unavailable,
  validationError,
} from '../../../shared/errors.js';
import { errorResponse, jsonErrors } from '../../../shared/http/error-response.js';
import { anEvent } from './event-fixture.js';

let consoleError: MockInstance<typeof console.error>;
beforeEach(() => {
  consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  consoleError.mockRestore();
});

const bodyOf = (result: { body?: string }) => JSON.parse(result.body ?? 'null');

describe('errorResponse status codes', () => {
  it.each<[ErrorCode, number]>([
    ['validation_error', 400],
    ['invalid_json', 400],
    ['unauthorized', 401],
    ['not_found', 404],
    ['conflict', 409],
    ['gone', 410],
    ['payload_too_large', 413],
    ['rate_limited', 429],
    ['internal_error', 500],
    ['unavailable', 503],
  ])('answers %s with %i and that code in the body', (code, status) => {
    const result = errorResponse(new RippleError(code, 'something happened'));
    expect(result.statusCode).toBe(status);
    expect(bodyOf(result).error.code).toBe(code);
  });
});

describe('errorResponse body and headers', () => {
  it('is {error:{code,message}} JSON, not cached, for a client error', () => {
    const result = errorResponse(notFound('No such link'));
    expect(bodyOf(result)).toEqual({ error: { code: 'not_found', message: 'No such link' } });
    expect(result.headers?.['content-type']).toMatch(/^application\/json/);
    expect(result.headers?.['cache-control']).toBe('no-store');
  });

  it('includes validation issues', () => {
    const issues = [{ path: ['url'], message: 'must be an absolute http:// or https:// URL' }];
    expect(bodyOf(errorResponse(validationError(issues))).error).toEqual({
      code: 'validation_error',
      message: expect.stringContaining('url'),
      issues,
    });
  });

  it('adds WWW-Authenticate: Bearer to 401', () => {
    expect(errorResponse(unauthorized()).headers?.['www-authenticate']).toBe('Bearer');
  });

  it('adds Retry-After with the seconds to wait to 429', () => {
    const result = errorResponse(rateLimited(42));
    expect(result.statusCode).toBe(429);
    expect(result.headers?.['retry-after']).toBe('42');
  });

  it('adds a Retry-After to 503', () => {
    const result = errorResponse(unavailable(new Error('socket hang up')));
    expect(result.statusCode).toBe(503);
    expect(Number(result.headers?.['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['invalid_json', invalidJson('Unexpected end')],
    ['conflict', conflict('taken')],
    ['gone', gone('inactive')],
    ['payload_too_large', payloadTooLarge(65_536)],
  ])('does not log a 4xx (%s)', (_code, error) => {
    errorResponse(error);
    expect(consoleError).not.toHaveBeenCalled();
  });
});

describe('errorResponse for unexpected errors', () => {
  it('turns a plain Error into a bare 500 internal_error with no message or stack', () => {
    const error = new TypeError('Cannot read properties of undefined (reading secretField)');
    const result = errorResponse(error, anEvent());
    expect(result.statusCode).toBe(500);
    expect(bodyOf(result)).toEqual({ error: { code: 'internal_error', message: 'Internal error' } });
    expect(result.body).not.toContain('secretField');
    expect(result.body).not.toContain('TypeError');
    expect(result.body).not.toMatch(/\bat .*:\d+:\d+/);
  });

  it('hides the message of a RippleError internal_error too', () => {
    const result = errorResponse(new RippleError('internal_error', 'No free link code after 3 attempts'));
    expect(bodyOf(result).error.message).toBe('Internal error');
  });

  it.each([['a string'], [null], [undefined], [{ code: 'not_found' }], [42]])('handles a thrown non-Error %j as 500', (thrown) => {
    const result = errorResponse(thrown);
    expect(result.statusCode).toBe(500);
    expect(bodyOf(result).error.code).toBe('internal_error');
  });

  it('logs a 500 with its original detail and the request id', () => {
    errorResponse(new Error('db exploded'), anEvent());
    expect(consoleError).toHaveBeenCalledTimes(1);
    const logged = String(consoleError.mock.calls[0]?.[0]);
    expect(logged).toContain('db exploded');
    expect(logged).toContain('req-1');
  });

  it('logs a 503 with its cause, but answers only the generic unavailable message', () => {
    const result = errorResponse(unavailable(new Error('ECONNREFUSED 10.0.0.1')));
    expect(result.body).not.toContain('ECONNREFUSED');
    expect(consoleError).toHaveBeenCalledTimes(1);
    expect(String(consoleError.mock.calls[0]?.[0])).toContain('ECONNREFUSED');
  });
});

describe('jsonErrors middleware', () => {
  it('sets the mapped error response on the request', async () => {
    const request = { event: anEvent(), error: gone('inactive'), response: undefined } as unknown as Parameters<
      NonNullable<ReturnType<typeof jsonErrors>['onError']>
    >[0];
    await jsonErrors().onError?.(request);
    expect(request.response?.statusCode).toBe(410);
  });
});
