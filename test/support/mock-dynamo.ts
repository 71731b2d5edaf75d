import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach } from 'vitest';
import { createDb } from '../../shared/store/db.js';

// aws-sdk-client-mock stubs DynamoDBDocumentClient.prototype.send, so every Db built in the calling
// test file talks to the returned mock; it is reset before each test and restored after the file.
// The endpoint of testDb() is a closed port: an unmocked call fails fast instead of reaching anything.
export function mockDynamo() {
  const ddb = mockClient(DynamoDBDocumentClient);
  beforeEach(() => {
    ddb.reset();
  });
  afterAll(() => {
    ddb.restore();
  });
  return ddb;
}

export const testDb = () => createDb({ RIPPLE_TABLE: 'ripple', AWS_REGION: 'us-east-1', RIPPLE_DYNAMODB_ENDPOINT: 'http://127.0.0.1:1' });

export const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

/** An error shaped like the SDK's service exceptions: only `name` (and maybe status) matter. */
export function serviceError(name: string, httpStatusCode?: number): Error {
  const error = new Error(`${name} happened`);
  error.name = name;
  Object.assign(error, { $fault: httpStatusCode && httpStatusCode >= 500 ? 'server' : 'client', $metadata: { httpStatusCode } });
  return error;
}

/** What Node's HTTP stack throws when DynamoDB cannot be reached. */
export const networkDown = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
