import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { putIfAbsent } from '../../../shared/store/put-if-absent.js';
import { conditionFailed, mockDynamo, serviceError, testDb } from '../../support/mock-dynamo.js';

const ddb = mockDynamo();
const item = { pk: 'THING#1', sk: 'THING', value: 42 };
const writtenToken = () => ddb.commandCalls(PutCommand)[0]?.args[0].input.Item?.writeToken;

describe('putIfAbsent', () => {
  it('creates the item only if its key is free, stamping a fresh write token', async () => {
    ddb.on(PutCommand).resolves({});

    await expect(putIfAbsent(testDb(), item)).resolves.toEqual({ created: true });

    const input = ddb.commandCalls(PutCommand)[0]?.args[0].input;
    expect(input?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(input?.Item).toMatchObject(item);
    expect(writtenToken()).toEqual(expect.any(String));
  });

  it('reports someone else’s item, read consistently, when the key is taken', async () => {
    ddb.on(PutCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({ Item: { ...item, value: 7, writeToken: 'another-writer' } });

    const outcome = await putIfAbsent(testDb(), item);

    expect(outcome).toEqual({ created: false, existing: { ...item, value: 7, writeToken: 'another-writer' } });
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({ Key: { pk: 'THING#1', sk: 'THING' }, ConsistentRead: true });
  });

  it('recognises its own earlier attempt (a retried write whose response was lost) as created', async () => {
    ddb.on(PutCommand).rejects(conditionFailed());
    ddb.on(GetCommand).callsFake(() => ({ Item: { ...item, writeToken: writtenToken() } }));

    await expect(putIfAbsent(testDb(), item)).resolves.toEqual({ created: true });
  });

  it('is unavailable when the item vanished between the failed put and the read', async () => {
    ddb.on(PutCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({});

    await expect(putIfAbsent(testDb(), item)).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('maps store faults', async () => {
    ddb.on(PutCommand).rejects(serviceError('ThrottlingException', 400));

    await expect(putIfAbsent(testDb(), item)).rejects.toMatchObject({ code: 'unavailable' });
  });
});
