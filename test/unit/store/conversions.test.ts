import { createHash } from 'node:crypto';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { makeConversionStore } from '../../../shared/store/conversions.js';
import { mockDynamo, serviceError, testDb } from '../../support/mock-dynamo.js';
import { fakeTable } from './fake-table.js';
import { aConversion, at, WS } from '../aggregation/fixtures.js';

const ddb = mockDynamo();
const KEY = { pk: `WS#${WS}#CONV#order-1`, sk: 'CONV' };
const conversions = () => makeConversionStore(testDb());
const byVisitor = aConversion({ externalId: 'order-1', visitorId: 'h_visitor0000000000000a', value: 25, currency: 'EUR', createdAt: at(30) });
const byCode = aConversion({ externalId: 'order-1', code: 'Seed000001', contentId: 'cnt_x', value: 10, createdAt: at(30) });

describe('conversion store: record', () => {
  it('creates the conversion under its external id, only if absent, on the activity feed', async () => {
    const table = fakeTable(ddb);

    await expect(conversions().record(byCode, 'fp-1')).resolves.toEqual({ created: true, value: byCode });

    const put = ddb.commandCalls(PutCommand)[0]?.args[0].input;
    expect(put?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(table.get(KEY.pk, KEY.sk)).toMatchObject({
      ...byCode,
      type: 'conversion',
      requestFingerprint: 'fp-1',
      gsi3pk: expect.stringMatching(/^ACTIVITY#([0-9]|[12][0-9]|3[01])$/),
      // A hex hash of the external id: positions must sort alike in JavaScript and DynamoDB.
      gsi3sk: `${at(30)}#conv_${createHash('sha256').update('order-1').digest('hex').slice(0, 24)}`,
    });
  });

  it('stores a conversion without content with contentId absent, not NULL: if_not_exists treats a stored NULL as set, so it could never be attributed', async () => {
    const table = fakeTable(ddb);

    await conversions().record(byVisitor, 'fp-1');

    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item?.contentId).toBeUndefined();
    expect(table.get(KEY.pk, KEY.sk)).not.toHaveProperty('contentId');
    await expect(conversions().attribute(WS, 'order-1', 'cnt_x')).resolves.toBe('cnt_x');
  });

  it('reports the stored conversion and its request fingerprint when the external id is taken', async () => {
    fakeTable(ddb);
    await conversions().record(byVisitor, 'fp-1');

    await expect(conversions().record({ ...byVisitor, value: 99 }, 'fp-2')).resolves.toEqual({
      created: false,
      existing: byVisitor,
      fingerprint: 'fp-1',
    });
  });

  it('reports a null fingerprint for a stored conversion without one', async () => {
    const table = fakeTable(ddb);
    table.put({ ...KEY, type: 'conversion', ...byCode });

    await expect(conversions().record(byCode, 'fp-2')).resolves.toMatchObject({ created: false, existing: byCode, fingerprint: null });
  });

  it('maps a store outage to unavailable', async () => {
    ddb.on(PutCommand).rejects(serviceError('InternalServerError', 500));

    await expect(conversions().record(byCode, 'fp-1')).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('conversion store: attribute', () => {
  it('fixes the content the first time, with if_not_exists on an existing conversion, and answers it', async () => {
    fakeTable(ddb);
    await conversions().record(byVisitor, 'fp-1');

    await expect(conversions().attribute(WS, 'order-1', 'cnt_x')).resolves.toBe('cnt_x');

    const update = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(update).toMatchObject({
      Key: KEY,
      UpdateExpression: 'SET contentId = if_not_exists(contentId, :contentId)',
      ConditionExpression: 'attribute_exists(pk)',
      ReturnValues: 'UPDATED_NEW',
    });
  });

  it('answers the stored content when the conversion was attributed before (a rerun, or a racing run)', async () => {
    fakeTable(ddb);
    await conversions().record(byVisitor, 'fp-1');
    await conversions().attribute(WS, 'order-1', 'cnt_first');

    await expect(conversions().attribute(WS, 'order-1', 'cnt_second')).resolves.toBe('cnt_first');
  });

  it('keeps the content a conversion was recorded with', async () => {
    fakeTable(ddb);
    await conversions().record(byCode, 'fp-1');

    await expect(conversions().attribute(WS, 'order-1', 'cnt_other')).resolves.toBe('cnt_x');
  });

  it('creates nothing for a conversion that was never recorded', async () => {
    const table = fakeTable(ddb);

    await expect(conversions().attribute(WS, 'order-1', 'cnt_x')).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect(table.items.size).toBe(0);
  });
});
