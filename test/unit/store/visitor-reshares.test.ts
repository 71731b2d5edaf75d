import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Link } from '../../../shared/domain/link.js';
import { keys } from '../../../shared/store/keys.js';
import { linkItem, makeLinkStore } from '../../../shared/store/links.js';
import { makeVisitorReshareStore } from '../../../shared/store/visitor-reshares.js';
import { aLink } from '../domain/fixtures.js';
import { mockDynamo, serviceError, testDb } from '../../support/mock-dynamo.js';
import { type FakeTable, fakeTable } from './fake-table.js';

const ddb = mockDynamo();
const PARENT: Link = aLink({ code: 'ParentCode', rootCode: 'RootCode01', generation: 2, workspaceId: 'ws_a', contentId: 'cnt_a' });
const VISITOR = 'h_visitorOne0000000000001';
const T0 = Date.parse('2026-11-26T12:00:00.000Z');

let table: FakeTable;
let codes: string[];
// Each call of the clock is a millisecond later, so a stamp tells which write it was taken for.
let ticks: number;
const clock = () => new Date(T0 + ticks++);

beforeEach(() => {
  table = fakeTable(ddb);
  codes = ['ChildCode1', 'ChildCode2', 'ChildCode3', 'ChildCode4'];
  ticks = 0;
});

function store() {
  const db = testDb();
  return makeVisitorReshareStore(db, makeLinkStore(db), { newCode: () => codes.shift() ?? 'OutOfCodes' });
}

const storedLinks = () => [...table.items.values()].filter((item) => item.type === 'link');
const claimOf = (visitor = VISITOR, parent = PARENT.code) => {
  const key = keys.visitorReshare(parent, visitor);
  return table.get(key.pk, key.sk);
};
const putKeys = () => ddb.commandCalls(PutCommand).map((call) => String(call.args[0].input.Item?.pk));

describe('childFor: the first re-share of a visitor from a parent', () => {
  it('writes the claim first, only if absent, then the child under the claimed code', async () => {
    const { link, created } = await store().childFor(PARENT, VISITOR, { sharer: 'bob', channel: 'whatsapp' }, clock);

    expect(created).toBe(true);
    expect(putKeys()).toEqual([`RESHARE#${PARENT.code}#${VISITOR}`, 'LINK#ChildCode1']);
    for (const call of ddb.commandCalls(PutCommand)) expect(call.args[0].input.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(claimOf()).toMatchObject({ code: 'ChildCode1', parent: PARENT.code, visitorId: VISITOR, sharer: 'bob', channel: 'whatsapp' });
    expect(link).toMatchObject({
      code: 'ChildCode1',
      parent: PARENT.code,
      rootCode: 'RootCode01',
      generation: 3,
      workspaceId: 'ws_a',
      sharer: 'bob',
      channel: 'whatsapp',
      creatorVisitorId: VISITOR,
    });
    expect(storedLinks()).toEqual([expect.objectContaining({ code: 'ChildCode1' })]);
  });

  it('stamps the child just before its own write, after the claim (the aggregation reads the feed by that time)', async () => {
    const { link } = await store().childFor(PARENT, VISITOR, {}, clock);

    expect(claimOf()?.claimedAt).toBe(new Date(T0).toISOString());
    expect(link.createdAt).toBe(new Date(T0 + 1).toISOString());
  });
});

describe('childFor: the same visitor and parent again', () => {
  it('returns the existing child, unchanged by the new sharer and channel, and writes no link', async () => {
    const first = await store().childFor(PARENT, VISITOR, { sharer: 'bob', channel: 'whatsapp' }, clock);
    ddb.resetHistory();

    const again = await store().childFor(PARENT, VISITOR, { sharer: 'mallory', channel: 'x' }, clock);

    expect(again).toEqual({ link: first.link, created: false });
    expect(putKeys()).toEqual([`RESHARE#${PARENT.code}#${VISITOR}`]); // the claim's failed condition only
    expect(storedLinks()).toHaveLength(1);
    expect(claimOf()).toMatchObject({ code: 'ChildCode1', sharer: 'bob', channel: 'whatsapp' });
  });

  it('gives another visitor, or another parent, a child of their own', async () => {
    const mine = await store().childFor(PARENT, VISITOR, {}, clock);
    const theirs = await store().childFor(PARENT, 'h_visitorTwo0000000000001', {}, clock);
    const otherParent = await store().childFor(aLink({ code: 'OtherPrnt1' }), VISITOR, {}, clock);

    expect(new Set([mine.link.code, theirs.link.code, otherParent.link.code]).size).toBe(3);
    expect([mine.created, theirs.created, otherParent.created]).toEqual([true, true, true]);
    expect(storedLinks()).toHaveLength(3);
  });

  it("completes a child whose writer stopped after the claim, from the claim's own input", async () => {
    table.before = (command, input) => {
      if (command === 'Put' && String((input.Item as Link & { pk: string }).pk).startsWith('LINK#')) throw new Error('crashed');
    };
    await expect(store().childFor(PARENT, VISITOR, { sharer: 'bob', channel: 'email' }, clock)).rejects.toThrow('crashed');
    expect(claimOf()?.code).toBe('ChildCode1');
    expect(storedLinks()).toHaveLength(0);
    table.before = undefined;

    const retried = await store().childFor(PARENT, VISITOR, { sharer: 'eve', channel: 'x' }, clock);

    expect(retried.created).toBe(false);
    expect(retried.link).toMatchObject({ code: 'ChildCode1', sharer: 'bob', channel: 'email', creatorVisitorId: VISITOR, parent: PARENT.code });
    expect(storedLinks()).toEqual([expect.objectContaining({ code: 'ChildCode1', sharer: 'bob' })]);
    // Stamped by the request that wrote it, not at claim time: the feed must not get an old event.
    expect(retried.link.createdAt).toBe(new Date(T0 + ticks - 1).toISOString());
  });
});

describe('childFor: two requests of one visitor at once', () => {
  it('agree on one child when the second writes it while the first is still in flight', async () => {
    // Hold the first request's link write until the second one's arrives, which then lands first.
    let releaseFirst: () => void = () => undefined;
    const secondArrived = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    let linkWrites = 0;
    table.before = async (command, input) => {
      if (command !== 'Put' || !String((input.Item as { pk: string }).pk).startsWith('LINK#')) return;
      if (++linkWrites === 1) await secondArrived;
      else releaseFirst();
    };

    const [first, second] = await Promise.all([
      store().childFor(PARENT, VISITOR, { sharer: 'bob' }, clock),
      store().childFor(PARENT, VISITOR, { sharer: 'bobby' }, clock),
    ]);

    expect(linkWrites).toBe(2);
    expect(first.link).toEqual(second.link);
    expect(first.link).toMatchObject({ code: 'ChildCode1', sharer: 'bob' });
    expect([first.created, second.created]).toEqual([true, false]);
    expect(storedLinks()).toHaveLength(1);
  });
});

describe('childFor: a claimed code taken by an unrelated link', () => {
  it('moves the claim to a fresh code, conditionally, and writes the child there', async () => {
    table.put(linkItem(aLink({ code: 'ChildCode1', parent: null, sharer: 'someone else' })));

    const { link, created } = await store().childFor(PARENT, VISITOR, { sharer: 'bob' }, clock);

    expect(created).toBe(true);
    expect(link).toMatchObject({ code: 'ChildCode2', parent: PARENT.code, sharer: 'bob' });
    expect(claimOf()?.code).toBe('ChildCode2');
    const [move] = ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(move).toMatchObject({ ConditionExpression: '#code = :seen', ExpressionAttributeValues: { ':seen': 'ChildCode1', ':next': 'ChildCode2' } });
    expect(table.get('LINK#ChildCode1', 'LINK')?.sharer).toBe('someone else');
  });

  it('follows the claim when another request moved it first', async () => {
    table.put(linkItem(aLink({ code: 'ChildCode1', parent: null })));
    // Just before this request moves the claim, another one moves it to ChildCode9.
    table.before = (command) => {
      if (command !== 'Update') return;
      const claim = claimOf();
      if (claim) table.put({ ...claim, code: 'ChildCode9' });
    };

    const { link } = await store().childFor(PARENT, VISITOR, {}, clock);

    expect(link.code).toBe('ChildCode9');
    expect(
      storedLinks()
        .map((item) => item.code)
        .sort(),
    ).toEqual(['ChildCode1', 'ChildCode9']);
  });

  it('gives up with internal_error after 3 taken codes', async () => {
    for (const code of ['ChildCode1', 'ChildCode2', 'ChildCode3']) table.put(linkItem(aLink({ code, parent: null })));

    await expect(store().childFor(PARENT, VISITOR, {}, clock)).rejects.toMatchObject({ code: 'internal_error' });
  });
});

describe('childFor: store faults', () => {
  it('writes no link when the claim cannot be written, and answers unavailable', async () => {
    table.before = (command) => {
      if (command === 'Put') throw serviceError('ProvisionedThroughputExceededException', 400);
    };

    await expect(store().childFor(PARENT, VISITOR, {}, clock)).rejects.toMatchObject({ code: 'unavailable' });
    expect(table.items.size).toBe(0);
  });
});
