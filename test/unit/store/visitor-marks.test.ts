import { BatchGetCommand, type BatchGetCommandInput, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeVisitorMarkStore } from '../../../shared/store/visitor-marks.js';
import { mockDynamo, serviceError, testDb } from '../../support/mock-dynamo.js';
import { type FakeTable, fakeTable } from './fake-table.js';
import { at, WS } from '../aggregation/fixtures.js';

const ddb = mockDynamo();
const VISITOR = 'h_visitor0000000000000a';
const PARTITION = `WS#${WS}#VISITOR#${VISITOR}`;
/** The visitor's marks item for one content. */
const itemKey = (contentId = 'cnt_x', visitorId = VISITOR) => ({ pk: `WS#${WS}#VISITOR#${visitorId}`, sk: `MARKS#${contentId}` });
const marks = () => makeVisitorMarkStore(testDb());
const request = (proposals: Record<string, string>, contentId = 'cnt_x', lastAt = at(10), visitorId = VISITOR) => ({
  workspaceId: WS,
  visitorId,
  contentId,
  proposals,
  lastAt,
});
/** Many distinct link marks, each proposed with its own click. */
const manyMarks = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`l#Link${String(i).padStart(6, '0')}`, `c${i}`]));
/** Answers an UpdateItem as DynamoDB's UPDATED_NEW would for a visitor seen for the first time. */
const freshVisitorUpdate = async (input: UpdateCommand['input']) => ({
  Attributes: Object.fromEntries(
    Object.entries(input.ExpressionAttributeNames ?? {}).map(([placeholder, name]) => [name, input.ExpressionAttributeValues?.[placeholder.replace('#', ':')]]),
  ),
});
/** The DynamoDB error for an update that would take the item past 400 KB. */
const itemTooLarge = () => Object.assign(serviceError('ValidationException', 400), { message: 'Item size to update has exceeded the maximum allowed size' });

afterEach(() => {
  vi.restoreAllMocks();
});

/** Resolves each assignment of an update to "attribute ← value", independently of placeholder names. */
function assignmentsOf(input: UpdateCommand['input']) {
  const names = input.ExpressionAttributeNames ?? {};
  const values = input.ExpressionAttributeValues ?? {};
  return (input.UpdateExpression ?? '')
    .replace(/^SET /, '')
    .split(/,\s*(?![^(]*\))/)
    .map((assignment) => {
      const ifAbsent = /^(#\w+) = if_not_exists\((#\w+), (:\w+)\)$/.exec(assignment);
      if (ifAbsent) return { attribute: names[ifAbsent[1]!], onlyIfAbsent: names[ifAbsent[2]!] === names[ifAbsent[1]!], value: values[ifAbsent[3]!] };
      const plain = /^(#\w+) = (:\w+)$/.exec(assignment);
      return { attribute: names[plain?.[1] ?? ''], onlyIfAbsent: false, value: values[plain?.[2] ?? ''] };
    });
}

describe('visitor mark store: the first arrival', () => {
  const arrival = (click: string, channel: 'whatsapp' | 'copy', second: number) => ({ click, channel, position: `${at(second)}#${click}` });

  it('sets the first arrival only if absent, in the first UpdateItem, the one that holds the content mark', async () => {
    ddb.on(UpdateCommand).callsFake(freshVisitorUpdate);

    await marks().mark({ ...request({ f: 'c0', ...manyMarks(60) }), firstArrival: arrival('c0', 'whatsapp', 10) });

    const updates = ddb.commandCalls(UpdateCommand).map((call) => assignmentsOf(call.args[0].input));
    expect(updates).toHaveLength(2);
    expect(updates[0]).toContainEqual({ attribute: 'f', onlyIfAbsent: true, value: 'c0' });
    expect(updates[0]).toContainEqual({ attribute: 'fa', onlyIfAbsent: true, value: arrival('c0', 'whatsapp', 10) });
    expect(updates[1]?.map((one) => one.attribute)).not.toContain('fa');
  });

  it('keeps the first one stored, and leaves it out of the marks it answers', async () => {
    const table = fakeTable(ddb);
    await marks().mark({ ...request({ f: 'c1' }), firstArrival: arrival('c1', 'whatsapp', 10) });

    const stored = await marks().mark({ ...request({ f: 'c2' }, 'cnt_x', at(20)), firstArrival: arrival('c2', 'copy', 20) });

    expect(stored).toEqual({ f: 'c1' });
    expect(table.get(PARTITION, 'MARKS#cnt_x')?.fa).toEqual(arrival('c1', 'whatsapp', 10));
  });

  it('reads the first touch and the first arrival with one consistent GetItem of the visitor’s item for the content', async () => {
    fakeTable(ddb);
    await marks().mark({ ...request({ f: 'c1', 'l#Seed000001': 'c1' }), firstArrival: arrival('c1', 'whatsapp', 10) });

    const found = await marks().firstTouch(WS, VISITOR, 'cnt_x');

    expect(found).toEqual({ firstTouch: 'c1', firstArrival: arrival('c1', 'whatsapp', 10) });
    const [get] = ddb.commandCalls(GetCommand).map((call) => call.args[0].input);
    expect(get).toMatchObject({
      Key: itemKey('cnt_x'),
      ConsistentRead: true,
      ProjectionExpression: '#f, #fa',
      ExpressionAttributeNames: { '#f': 'f', '#fa': 'fa' },
    });
  });

  it('reads nothing stored for a visitor never seen on the content, and no first arrival for marks set before arrivals were', async () => {
    const table = fakeTable(ddb);
    table.put({ ...itemKey('cnt_old'), f: 'c0', lastAt: at(1) });

    await expect(marks().firstTouch(WS, VISITOR, 'cnt_x')).resolves.toEqual({ firstTouch: null, firstArrival: null });
    await expect(marks().firstTouch(WS, VISITOR, 'cnt_old')).resolves.toEqual({ firstTouch: 'c0', firstArrival: null });
  });

  it('maps a store outage while reading to unavailable', async () => {
    ddb.on(GetCommand).rejects(serviceError('ThrottlingException', 400));

    await expect(marks().firstTouch(WS, VISITOR, 'cnt_x')).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('visitor mark store: mark', () => {
  it('sends one UpdateItem on the visitor’s item for the content, setting each proposed mark only if absent, and lastAt always', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: { f: 'c1', 'l#Seed000001': 'c1', lastAt: at(10) } });

    await marks().mark(request({ f: 'c1', 'l#Seed000001': 'c1' }));

    const updates = ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(updates).toHaveLength(1);
    const input = updates[0]!;
    expect(input).toMatchObject({ TableName: 'ripple', Key: itemKey('cnt_x'), ReturnValues: 'UPDATED_NEW' });
    const resolved = assignmentsOf(input);
    expect(resolved).toEqual(
      expect.arrayContaining([
        { attribute: 'f', onlyIfAbsent: true, value: 'c1' },
        { attribute: 'l#Seed000001', onlyIfAbsent: true, value: 'c1' },
        { attribute: 'lastAt', onlyIfAbsent: false, value: at(10) },
      ]),
    );
    expect(resolved).toHaveLength(3);
  });

  it('answers every proposed mark with the click stored for it (from UPDATED_NEW)', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: { f: 'older', 'l#Seed000001': 'c1', lastAt: at(10) } });

    const stored = await marks().mark(request({ f: 'c1', 'l#Seed000001': 'c1' }));

    expect(stored).toMatchObject({ f: 'older', 'l#Seed000001': 'c1' });
  });

  it('sets the marks of a new visitor to the proposed clicks, in the item of that content', async () => {
    const table = fakeTable(ddb);

    const stored = await marks().mark(request({ f: 'c1', 'g#0': 'c1', 'l#Seed000001': 'c1' }));

    expect(stored).toMatchObject({ f: 'c1', 'g#0': 'c1', 'l#Seed000001': 'c1' });
    expect(table.get(PARTITION, 'MARKS#cnt_x')).toMatchObject({ f: 'c1', 'g#0': 'c1', 'l#Seed000001': 'c1', lastAt: at(10) });
  });

  it('keeps marks already set by earlier clicks and answers them, while setting the new ones and moving lastAt on', async () => {
    const table = fakeTable(ddb);
    await marks().mark(request({ f: 'c1', 'l#Seed000001': 'c1' }));

    const stored = await marks().mark(request({ f: 'c7', 'l#Seed000001': 'c7', 'l#Child00001': 'c8' }, 'cnt_x', at(20)));

    expect(stored).toMatchObject({ f: 'c1', 'l#Seed000001': 'c1', 'l#Child00001': 'c8' });
    expect(table.get(PARTITION, 'MARKS#cnt_x')?.lastAt).toBe(at(20));
  });

  it('keeps each content’s marks in its own item: the same mark name on another content is a first there', async () => {
    const table = fakeTable(ddb);
    await marks().mark(request({ f: 'c1', 'g#0': 'c1' }, 'cnt_x'));

    const stored = await marks().mark(request({ f: 'c2', 'g#0': 'c2' }, 'cnt_y', at(20)));

    expect(stored).toMatchObject({ f: 'c2', 'g#0': 'c2' });
    expect(table.get(PARTITION, 'MARKS#cnt_x')).toMatchObject({ f: 'c1', 'g#0': 'c1', lastAt: at(10) });
    expect(table.get(PARTITION, 'MARKS#cnt_y')).toMatchObject({ f: 'c2', 'g#0': 'c2', lastAt: at(20) });
  });

  it('answers the same when a run re-proposes the marks it set before (a re-read step)', async () => {
    fakeTable(ddb);
    const proposals = { f: 'c1', 'l#Seed000001': 'c1' };
    const first = await marks().mark(request(proposals));

    await expect(marks().mark(request(proposals))).resolves.toEqual(first);
  });

  it('maps a store outage to unavailable', async () => {
    ddb.on(UpdateCommand).rejects(serviceError('ThrottlingException', 400));

    await expect(marks().mark(request({ f: 'c1' }))).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('keeps every UpdateItem within DynamoDB’s 4 KB expression limit for a visitor with many marks in one step', async () => {
    const proposals = manyMarks(150);
    ddb.on(UpdateCommand).callsFake(freshVisitorUpdate);

    await expect(marks().mark(request(proposals))).resolves.toMatchObject(proposals);

    const updates = ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(updates.length).toBeGreaterThan(1);
    for (const input of updates) expect(input.UpdateExpression?.length).toBeLessThanOrEqual(4096);
  });

  it('sends at most 50 marks per UpdateItem, each on the same item and each setting lastAt, and merges their answers', async () => {
    const proposals = manyMarks(120);
    ddb.on(UpdateCommand).callsFake(freshVisitorUpdate);

    const stored = await marks().mark(request(proposals));

    const updates = ddb.commandCalls(UpdateCommand).map((call) => assignmentsOf(call.args[0].input));
    expect(updates.map((assignments) => assignments.filter((one) => one.onlyIfAbsent).length)).toEqual([50, 50, 20]);
    for (const assignments of updates) expect(assignments).toContainEqual({ attribute: 'lastAt', onlyIfAbsent: false, value: at(10) });
    for (const call of ddb.commandCalls(UpdateCommand)) expect(call.args[0].input.Key).toEqual(itemKey('cnt_x'));
    expect(
      updates
        .flat()
        .filter((one) => one.onlyIfAbsent)
        .map((one) => one.attribute),
    ).toEqual(Object.keys(proposals));
    expect(stored).toMatchObject(proposals);
  });

  it('stores and answers many marks in several updates against the real expression forms', async () => {
    const table = fakeTable(ddb);
    const proposals = manyMarks(120);
    await marks().mark(request({ 'l#Link000007': 'older' }));

    const stored = await marks().mark(request(proposals, 'cnt_x', at(20)));

    expect(stored).toMatchObject({ ...proposals, 'l#Link000007': 'older' });
    expect(table.get(PARTITION, 'MARKS#cnt_x')).toMatchObject({ ...proposals, 'l#Link000007': 'older', lastAt: at(20) });
  });

  it('when the item is full (a size ValidationException), logs it and leaves that update’s marks out of the answer', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const proposals = manyMarks(120);
    let calls = 0;
    ddb.on(UpdateCommand).callsFake(async (input: UpdateCommand['input']) => {
      calls++;
      if (calls === 2) throw itemTooLarge();
      return freshVisitorUpdate(input);
    });

    const stored = await marks().mark(request(proposals));

    const entries = Object.entries(proposals);
    expect(stored).toMatchObject(Object.fromEntries([...entries.slice(0, 50), ...entries.slice(100)]));
    for (const [mark] of entries.slice(50, 100)) expect(stored).not.toHaveProperty([mark]);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(3);
    expect(logged).toHaveBeenCalledTimes(1);
    const line = JSON.parse(String(logged.mock.calls[0]?.[0])) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'ERROR', visitorId: VISITOR, contentId: 'cnt_x', error: { name: 'ValidationException' } });
  });

  it('answers no marks at all for a visitor whose item is full: none of its clicks counts as a first', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    ddb.on(UpdateCommand).rejects(itemTooLarge());

    await expect(marks().mark(request({ f: 'c1', 'l#Seed000001': 'c1' }))).resolves.toEqual({});
  });

  it('lets any other ValidationException through, logging nothing', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    ddb.on(UpdateCommand).rejects(serviceError('ValidationException', 400));

    await expect(marks().mark(request({ f: 'c1' }))).rejects.toMatchObject({ name: 'ValidationException' });
    expect(logged).not.toHaveBeenCalled();
  });

  it('lets an expression over DynamoDB’s 4 KB through: its message speaks of a size, but the item is not full', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const expressionTooLarge = 'Invalid UpdateExpression: Expression size has exceeded the maximum allowed size;';
    ddb.on(UpdateCommand).rejects(Object.assign(serviceError('ValidationException', 400), { message: expressionTooLarge }));

    await expect(marks().mark(request({ f: 'c1' }))).rejects.toMatchObject({ name: 'ValidationException', message: expressionTooLarge });
    expect(logged).not.toHaveBeenCalled();
  });

  it('lets an error of another kind through even when its message mentions the size', async () => {
    ddb.on(UpdateCommand).rejects(Object.assign(serviceError('AccessDeniedException', 400), { message: 'size does not matter here' }));

    await expect(marks().mark(request({ f: 'c1' }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});

describe('visitor mark store: linkMarks', () => {
  /** Serves BatchGet from the fake table; the first answer can leave some keys unprocessed. */
  function serveBatchGet(table: FakeTable, unprocessedFirst = 0) {
    let first = true;
    ddb.on(BatchGetCommand).callsFake(async (input: BatchGetCommandInput) => {
      const { Keys = [], ProjectionExpression, ExpressionAttributeNames = {} } = input.RequestItems?.ripple ?? {};
      const postponed = first ? Keys.slice(0, unprocessedFirst) : [];
      first = false;
      const attributes = (ProjectionExpression ?? '').split(/,\s*/).map((token) => ExpressionAttributeNames[token] ?? token);
      const found = Keys.slice(postponed.length)
        .map((key) => table.get(key.pk, key.sk))
        .filter((item) => item !== undefined)
        .map((item) => Object.fromEntries(attributes.filter((name) => name in item).map((name) => [name, item[name]])));
      return { Responses: { ripple: found }, UnprocessedKeys: postponed.length > 0 ? { ripple: { Keys: postponed } } : {} };
    });
  }

  it('answers each visitor’s mark on the link, in the visitor’s item for the link’s content, null without one', async () => {
    const table = fakeTable(ddb);
    serveBatchGet(table);
    table.put({ ...itemKey('cnt_x', 'v1'), 'l#Seed000001': 'c1', lastAt: at(10) });
    table.put({ ...itemKey('cnt_x', 'v2'), 'l#Other00001': 'c2', lastAt: at(10) });
    table.put({ ...itemKey('cnt_y', 'v3'), 'l#Seed000001': 'c3', lastAt: at(10) });

    const found = await marks().linkMarks(WS, 'cnt_x', ['v1', 'v2', 'v3', 'v4'], 'Seed000001');

    expect(found).toEqual(
      new Map([
        ['v1', 'c1'],
        ['v2', null],
        ['v3', null],
        ['v4', null],
      ]),
    );
    const input = ddb.commandCalls(BatchGetCommand)[0]?.args[0].input.RequestItems?.ripple;
    expect(input?.Keys).toEqual(['v1', 'v2', 'v3', 'v4'].map((visitorId) => itemKey('cnt_x', visitorId)));
    expect(input?.ConsistentRead).toBe(true);
  });

  it('reads what mark() stored', async () => {
    const table = fakeTable(ddb);
    serveBatchGet(table);
    await marks().mark(request({ f: 'c1', 'l#Seed000001': 'c1' }, 'cnt_x'));

    await expect(marks().linkMarks(WS, 'cnt_x', [VISITOR], 'Seed000001')).resolves.toEqual(new Map([[VISITOR, 'c1']]));
  });

  it('asks for at most 100 keys per BatchGet', async () => {
    const table = fakeTable(ddb);
    serveBatchGet(table);
    const visitors = Array.from({ length: 250 }, (_, i) => `v${i}`);
    table.put({ ...itemKey('cnt_x', 'v249'), 'l#Seed000001': 'c249' });

    const found = await marks().linkMarks(WS, 'cnt_x', visitors, 'Seed000001');

    const sizes = ddb.commandCalls(BatchGetCommand).map((call) => call.args[0].input.RequestItems?.ripple?.Keys?.length);
    expect(sizes).toEqual([100, 100, 50]);
    expect(found.size).toBe(250);
    expect(found.get('v249')).toBe('c249');
  });

  it('asks again for the keys DynamoDB left unprocessed', async () => {
    const table = fakeTable(ddb);
    serveBatchGet(table, 2);
    table.put({ ...itemKey('cnt_x', 'v1'), 'l#Seed000001': 'c1' });
    table.put({ ...itemKey('cnt_x', 'v3'), 'l#Seed000001': 'c3' });

    const found = await marks().linkMarks(WS, 'cnt_x', ['v1', 'v2', 'v3'], 'Seed000001');

    expect(found).toEqual(
      new Map([
        ['v1', 'c1'],
        ['v2', null],
        ['v3', 'c3'],
      ]),
    );
    const requested = ddb.commandCalls(BatchGetCommand).map((call) => call.args[0].input.RequestItems?.ripple?.Keys);
    expect(requested).toEqual([['v1', 'v2', 'v3'].map((v) => itemKey('cnt_x', v)), ['v1', 'v2'].map((v) => itemKey('cnt_x', v))]);
  });

  it('asks nothing for no visitors', async () => {
    await expect(marks().linkMarks(WS, 'cnt_x', [], 'Seed000001')).resolves.toEqual(new Map());
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(0);
  });
});

describe('visitor mark store: lastTouch', () => {
  it('answers the content and time of the latest click marked, over all the visitor’s contents', async () => {
    fakeTable(ddb);
    await marks().mark(request({ f: 'c1' }, 'cnt_b', at(30)));
    await marks().mark(request({ f: 'c2' }, 'cnt_a', at(10)));
    await marks().mark(request({ f: 'c3' }, 'cnt_c', at(20)));

    await expect(marks().lastTouch(WS, VISITOR)).resolves.toEqual({ contentId: 'cnt_b', at: at(30) });
  });

  it('follows a content’s later clicks', async () => {
    fakeTable(ddb);
    await marks().mark(request({ f: 'c1' }, 'cnt_x', at(10)));
    await marks().mark(request({ f: 'c2' }, 'cnt_y', at(20)));
    await marks().mark(request({ 'l#Other00001': 'c3' }, 'cnt_x', at(30)));

    await expect(marks().lastTouch(WS, VISITOR)).resolves.toEqual({ contentId: 'cnt_x', at: at(30) });
  });

  it('queries the marks items of the visitor’s partition, consistently', async () => {
    fakeTable(ddb);

    await marks().lastTouch(WS, VISITOR);

    const input = ddb.commandCalls(QueryCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ TableName: 'ripple', ConsistentRead: true });
    expect(input?.IndexName).toBeUndefined();
    const values = input?.ExpressionAttributeValues ?? {};
    const condition = /^pk = (:\w+) AND begins_with\(sk, (:\w+)\)$/.exec(input?.KeyConditionExpression ?? '');
    expect(condition).not.toBeNull();
    expect([values[condition?.[1] ?? ''], values[condition?.[2] ?? '']]).toEqual([PARTITION, 'MARKS#']);
  });

  it('reads every page of the partition', async () => {
    const startKey = { pk: PARTITION, sk: 'MARKS#cnt_a' };
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ sk: 'MARKS#cnt_a', lastAt: at(10) }], LastEvaluatedKey: startKey })
      .resolvesOnce({ Items: [{ sk: 'MARKS#cnt_b', lastAt: at(20) }] });

    await expect(marks().lastTouch(WS, VISITOR)).resolves.toEqual({ contentId: 'cnt_b', at: at(20) });

    const calls = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.ExclusiveStartKey).toEqual(startKey);
  });

  it('is null for a visitor never marked (an item of the old one-item layout is not read)', async () => {
    const table = fakeTable(ddb);
    await expect(marks().lastTouch(WS, VISITOR)).resolves.toBeNull();

    table.put({ pk: PARTITION, sk: 'MARKS', 'f#cnt_x': 'c1', lastContent: 'cnt_x', lastAt: at(10) });
    await expect(marks().lastTouch(WS, VISITOR)).resolves.toBeNull();
  });

  it('keeps visitors of different workspaces apart', async () => {
    fakeTable(ddb);
    await marks().mark(request({ f: 'c1' }));

    await expect(marks().lastTouch('ws_other', VISITOR)).resolves.toBeNull();
  });

  it('maps a store outage to unavailable', async () => {
    ddb.on(QueryCommand).rejects(serviceError('InternalServerError', 500));

    await expect(marks().lastTouch(WS, VISITOR)).rejects.toMatchObject({ code: 'unavailable' });
  });
});
