import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { makeWorkspaceStore } from '../../../shared/store/workspaces.js';
import { conditionFailed, mockDynamo, serviceError, testDb } from '../../support/mock-dynamo.js';

const ddb = mockDynamo();

const NOW = new Date('2024-06-01T00:00:00.000Z');
const HASH = 'a'.repeat(64);

describe('workspaceForKey', () => {
  it('returns the workspace of a registered key hash', async () => {
    ddb.on(GetCommand).resolves({ Item: { pk: `APIKEY#${HASH}`, sk: 'APIKEY', workspaceId: 'ws_1' } });
    await expect(makeWorkspaceStore(testDb()).workspaceForKey(HASH)).resolves.toBe('ws_1');
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input.Key).toEqual({ pk: `APIKEY#${HASH}`, sk: 'APIKEY' });
  });

  it('returns null for a revoked key', async () => {
    ddb.on(GetCommand).resolves({ Item: { pk: `APIKEY#${HASH}`, sk: 'APIKEY', workspaceId: 'ws_1', revokedAt: NOW.toISOString() } });
    await expect(makeWorkspaceStore(testDb()).workspaceForKey(HASH)).resolves.toBeNull();
  });

  it('returns null for an unknown key', async () => {
    ddb.on(GetCommand).resolves({});
    await expect(makeWorkspaceStore(testDb()).workspaceForKey(HASH)).resolves.toBeNull();
  });

  it('fails as unavailable on an outage rather than answering null (which would be a 401)', async () => {
    ddb.on(GetCommand).rejects(serviceError('InternalServerError', 500));
    await expect(makeWorkspaceStore(testDb()).workspaceForKey(HASH)).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('addApiKey', () => {
  it('registers a new hash and answers true', async () => {
    ddb.on(PutCommand).resolves({});
    await expect(makeWorkspaceStore(testDb()).addApiKey({ keyHash: HASH, workspaceId: 'ws_1', label: 'ci' }, NOW)).resolves.toBe(true);
    const input = ddb.commandCalls(PutCommand)[0]?.args[0].input;
    expect(input?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(input?.Item).toMatchObject({ pk: `APIKEY#${HASH}`, workspaceId: 'ws_1', label: 'ci' });
  });

  it('answers false for a hash already registered', async () => {
    ddb.on(PutCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({ Item: { workspaceId: 'ws_1', writeToken: 'someone-else' } });
    await expect(makeWorkspaceStore(testDb()).addApiKey({ keyHash: HASH, workspaceId: 'ws_1', label: 'ci' }, NOW)).resolves.toBe(false);
  });
});

describe('revokeApiKey', () => {
  it('stamps revokedAt on an existing key and answers true, false for an unknown one', async () => {
    ddb.on(UpdateCommand).resolvesOnce({}).rejects(conditionFailed());
    const store = makeWorkspaceStore(testDb());
    await expect(store.revokeApiKey(HASH, NOW)).resolves.toBe(true);
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input.ExpressionAttributeValues).toEqual({ ':now': NOW.toISOString() });
    await expect(store.revokeApiKey('b'.repeat(64), NOW)).resolves.toBe(false);
  });
});

describe('createWorkspace', () => {
  it('is idempotent: an existing workspace is not an error', async () => {
    ddb.on(PutCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({ Item: { id: 'ws_1', writeToken: 'someone-else' } });
    await expect(makeWorkspaceStore(testDb()).createWorkspace({ id: 'ws_1', name: 'One' }, NOW)).resolves.toBeUndefined();
  });

  it('propagates other failures', async () => {
    ddb.on(PutCommand).rejects(serviceError('ThrottlingException', 400));
    await expect(makeWorkspaceStore(testDb()).createWorkspace({ id: 'ws_1', name: 'One' }, NOW)).rejects.toMatchObject({
      code: 'unavailable',
    });
  });
});
