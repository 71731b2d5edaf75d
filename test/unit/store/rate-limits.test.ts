import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { makeRateLimitStore } from '../../../shared/store/rate-limits.js';
import { conditionFailed, mockDynamo, serviceError, testDb } from '../../support/mock-dynamo.js';

const ddb = mockDynamo();

const take = (now: Date, overrides: { limit?: number; windowSeconds?: number } = {}) =>
  makeRateLimitStore(testDb()).take({
    scope: 'reshare-visitor',
    subject: 'h_visitor',
    limit: overrides.limit ?? 10,
    windowSeconds: overrides.windowSeconds ?? 60,
    now,
  });

describe('take', () => {
  it('allows a request the counter accepts', async () => {
    ddb.on(UpdateCommand).resolves({});
    await expect(take(new Date('2024-05-01T10:00:30.000Z'))).resolves.toEqual({ allowed: true });
  });

  it('counts in one conditional update keyed by scope, subject and window start, bounded by the limit', async () => {
    ddb.on(UpdateCommand).resolves({});
    await take(new Date('2024-05-01T10:00:30.000Z'), { limit: 7, windowSeconds: 60 });
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    const windowStart = Date.UTC(2024, 4, 1, 10, 0, 0) / 1000;
    expect(input?.Key).toEqual({ pk: `RATE#reshare-visitor#h_visitor#${windowStart}`, sk: 'RATE' });
    expect(input?.ConditionExpression).toEqual(expect.any(String));
    expect(input?.ExpressionAttributeValues).toMatchObject({ ':limit': 7 });
  });

  it('uses the same window item for every request within a window and a new one in the next', async () => {
    ddb.on(UpdateCommand).resolves({});
    await take(new Date('2024-05-01T10:00:00.000Z'));
    await take(new Date('2024-05-01T10:00:59.999Z'));
    await take(new Date('2024-05-01T10:01:00.000Z'));
    const pks = ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input.Key?.pk);
    expect(pks[0]).toBe(pks[1]);
    expect(pks[2]).not.toBe(pks[1]);
  });

  it('lets the window item expire by TTL after the window has closed', async () => {
    ddb.on(UpdateCommand).resolves({});
    await take(new Date('2024-05-01T10:00:30.000Z'), { windowSeconds: 60 });
    const expires = ddb.commandCalls(UpdateCommand)[0]?.args[0].input.ExpressionAttributeValues?.[':expires'];
    expect(expires).toBeGreaterThanOrEqual(Date.UTC(2024, 4, 1, 10, 1, 0) / 1000);
  });

  it('refuses when the condition fails, retrying after the seconds left in the window', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    await expect(take(new Date('2024-05-01T10:00:45.000Z'), { windowSeconds: 60 })).resolves.toEqual({
      allowed: false,
      retryAfterSeconds: 15,
    });
  });

  it('rounds a partial second up', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    await expect(take(new Date('2024-05-01T10:00:45.250Z'), { windowSeconds: 60 })).resolves.toEqual({
      allowed: false,
      retryAfterSeconds: 15,
    });
  });

  it('never asks to retry after less than 1 second, even at the window’s last instant', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    const decision = await take(new Date('2024-05-01T10:00:59.999Z'), { windowSeconds: 60 });
    expect(decision).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('waits a whole window when refused at the window’s first instant', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    await expect(take(new Date('2024-05-01T10:00:00.000Z'), { windowSeconds: 60 })).resolves.toEqual({
      allowed: false,
      retryAfterSeconds: 60,
    });
  });

  it('turns any other store failure into unavailable, never a silent allow', async () => {
    ddb.on(UpdateCommand).rejects(serviceError('ThrottlingException', 400));
    await expect(take(new Date('2024-05-01T10:00:00.000Z'))).rejects.toMatchObject({ code: 'unavailable' });
  });
});
