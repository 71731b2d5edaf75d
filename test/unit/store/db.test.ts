import {
  ConditionalCheckFailedException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ResourceNotFoundException,
  ThrottlingException,
} from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { RippleError } from '../../../shared/errors.js';
import { asStoreError, createDb, guard, isConditionalCheckFailed } from '../../../shared/store/db.js';
import { mockDynamo, serviceError, testDb } from '../../support/mock-dynamo.js';

const meta = { $metadata: {} };

const ddb = mockDynamo();

describe('asStoreError', () => {
  it('passes a ConditionalCheckFailedException through for the caller to interpret', () => {
    const error = new ConditionalCheckFailedException({ message: 'failed', ...meta });
    expect(asStoreError(error)).toBe(error);
    expect(isConditionalCheckFailed(error)).toBe(true);
  });

  it.each([
    ['ProvisionedThroughputExceededException', new ProvisionedThroughputExceededException({ message: 'slow down', ...meta })],
    ['ThrottlingException', new ThrottlingException({ message: 'slow down', ...meta })],
    ['RequestLimitExceeded', new RequestLimitExceeded({ message: 'slow down', ...meta })],
    ['InternalServerError (DynamoDB 5xx)', new InternalServerError({ message: 'oops', ...meta })],
    ['a generic 503 service error', serviceError('ServiceUnavailable', 503)],
    ['a plain network Error', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })],
    ['a socket timeout', serviceError('TimeoutError')],
  ])('turns %s into a retryable unavailable error keeping the cause', (_label, error) => {
    const mapped = asStoreError(error);
    expect(mapped).toBeInstanceOf(RippleError);
    expect((mapped as RippleError).code).toBe('unavailable');
    expect((mapped as RippleError).cause).toBe(error);
  });

  it.each([
    ['ValidationException', serviceError('ValidationException', 400)],
    ['ResourceNotFoundException', new ResourceNotFoundException({ message: 'no table', ...meta })],
    ['SerializationException', serviceError('SerializationException', 400)],
    ['AccessDeniedException (a misconfigured role)', serviceError('AccessDeniedException', 400)],
    ['a marshalling Error from lib-dynamodb', new Error('Unsupported type passed: [object Object]. Pass options.convertClassInstanceToMap=true')],
  ])('passes %s (a bug of ours, not an outage) through unchanged', (_label, error) => {
    expect(asStoreError(error)).toBe(error);
  });

  it('does not take a RippleError-named error as a condition failure', () => {
    expect(isConditionalCheckFailed(new RippleError('conflict', 'x'))).toBe(false);
    expect(isConditionalCheckFailed('ConditionalCheckFailedException')).toBe(false);
  });
});

describe('guard', () => {
  it('returns the call’s result', async () => {
    await expect(guard(async () => 7)).resolves.toBe(7);
  });

  it('maps a failure of the call', async () => {
    await expect(guard(async () => Promise.reject(new ThrottlingException({ message: 'x', ...meta })))).rejects.toMatchObject({
      code: 'unavailable',
    });
  });

  it('maps a failure of a mocked DynamoDB command sent through the Db', async () => {
    const db = testDb();
    ddb.on(GetCommand).rejects(new ProvisionedThroughputExceededException({ message: 'x', ...meta }));
    await expect(guard(() => db.doc.send(new GetCommand({ TableName: db.table, Key: { pk: 'a', sk: 'b' } })))).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('createDb', () => {
  it('names the configured table', () => {
    expect(createDb({ RIPPLE_TABLE: 'ripple-test', AWS_REGION: 'eu-west-1', RIPPLE_DYNAMODB_ENDPOINT: undefined }).table).toBe('ripple-test');
  });
});
