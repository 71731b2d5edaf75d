import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { makeVisitorSaltStore } from '../../../shared/store/visitor-salts.js';
import { conditionFailed, mockDynamo, serviceError, testDb } from '../../support/mock-dynamo.js';

const ddb = mockDynamo();

const saltKey = { pk: 'SALT#2024-05-01', sk: 'SALT' };

describe('saltFor', () => {
  it('returns the stored salt of the day without writing', async () => {
    ddb.on(GetCommand).resolves({ Item: { ...saltKey, salt: 'existing-salt' } });
    await expect(makeVisitorSaltStore(testDb()).saltFor('2024-05-01')).resolves.toBe('existing-salt');
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    const get = ddb.commandCalls(GetCommand)[0]?.args[0].input;
    expect(get?.Key).toEqual(saltKey);
    expect(get?.ConsistentRead).toBe(true);
  });

  it('creates a random salt for a new day with a conditional put and returns it', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    const salt = await makeVisitorSaltStore(testDb()).saltFor('2024-05-01');
    const put = ddb.commandCalls(PutCommand)[0]?.args[0].input;
    expect(put?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(put?.Item).toMatchObject({ ...saltKey, salt });
    expect(salt.length).toBeGreaterThanOrEqual(32);
  });

  it('draws a different salt each time one is created', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    const store = makeVisitorSaltStore(testDb());
    expect(await store.saltFor('2024-05-01')).not.toBe(await store.saltFor('2024-05-01'));
  });

  it('expires the salt by TTL after its day is over, within a couple of days', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    await makeVisitorSaltStore(testDb()).saltFor('2024-05-01');
    const expiresAt = Number(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item?.expiresAt);
    const endOfDay = Date.UTC(2024, 4, 2) / 1000;
    expect(expiresAt).toBeGreaterThanOrEqual(endOfDay);
    expect(expiresAt).toBeLessThanOrEqual(endOfDay + 2 * 86_400);
  });

  it('after losing the creation race, re-reads and returns the winner’s salt', async () => {
    ddb
      .on(GetCommand)
      .resolvesOnce({})
      .resolves({ Item: { ...saltKey, salt: 'winner-salt' } });
    ddb.on(PutCommand).rejects(conditionFailed());
    await expect(makeVisitorSaltStore(testDb()).saltFor('2024-05-01')).resolves.toBe('winner-salt');
    expect(ddb.commandCalls(GetCommand)).toHaveLength(2);
  });

  it('propagates a store outage as unavailable', async () => {
    ddb.on(GetCommand).rejects(serviceError('InternalServerError', 500));
    await expect(makeVisitorSaltStore(testDb()).saltFor('2024-05-01')).rejects.toMatchObject({ code: 'unavailable' });
  });
});
