import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { mockDynamo } from '../../support/mock-dynamo.js';

// A small in-memory table behind the mocked DocumentClient, for store tests that care about what
// ends up stored rather than about the exact commands. It understands just the expression forms
// the aggregation's stores use: conditions made of attribute_(not_)exists(x) and `x op :v` joined by
// AND/OR; updates `SET x = :v` and `SET x = if_not_exists(x, :v)`; queries `pk = :pk [AND
// begins_with(sk, :prefix)]`. Anything else fails loudly, so a changed expression is noticed.

type Item = Record<string, unknown>;
type Names = Record<string, string> | undefined;
type Values = Record<string, unknown> | undefined;

export interface FakeTable {
  items: Map<string, Item>;
  get(pk: string, sk: string): Item | undefined;
  put(item: Item): void;
  /** Runs before each command is applied (after the previous one finished): inject interleavings here. */
  before?: (command: string, input: Record<string, unknown>) => Promise<void> | void;
}

const keyOf = (pk: unknown, sk: unknown) => `${String(pk)}\u0000${String(sk)}`;

const nameOf = (token: string, names: Names) => {
  const name = token.startsWith('#') ? names?.[token] : token;
  if (name === undefined) throw new Error(`fake table: unknown name ${token}`);
  return name;
};
const valueOf = (token: string, values: Values) => {
  if (!values || !(token in values)) throw new Error(`fake table: unknown value ${token}`);
  return values[token];
};

function compare(left: unknown, op: string, right: unknown): boolean {
  if (left === undefined) return false;
  const l = left as string | number;
  const r = right as string | number;
  if (op === '=') return l === r;
  if (op === '<>') return l !== r;
  if (op === '<') return l < r;
  if (op === '<=') return l <= r;
  if (op === '>') return l > r;
  if (op === '>=') return l >= r;
  throw new Error(`fake table: unknown operator ${op}`);
}

export function conditionHolds(expression: string | undefined, item: Item | undefined, names: Names, values: Values): boolean {
  if (!expression) return true;
  return expression.split(/\s+OR\s+/).some((alternative) =>
    alternative.split(/\s+AND\s+/).every((term) => {
      const trimmed = term.trim();
      const exists = /^attribute_(not_)?exists\((\S+)\)$/.exec(trimmed);
      if (exists) {
        const present = item !== undefined && item[nameOf(exists[2]!, names)] !== undefined;
        return exists[1] ? !present : present;
      }
      const comparison = /^(\S+)\s*(=|<>|<=|>=|<|>)\s*(:\S+)$/.exec(trimmed);
      if (comparison) return compare(item?.[nameOf(comparison[1]!, names)], comparison[2]!, valueOf(comparison[3]!, values));
      throw new Error(`fake table: cannot evaluate condition ${trimmed}`);
    }),
  );
}

const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

export function fakeTable(ddb: ReturnType<typeof mockDynamo>): FakeTable {
  const table: FakeTable = {
    items: new Map(),
    get: (pk, sk) => table.items.get(keyOf(pk, sk)),
    put: (item) => {
      table.items.set(keyOf(item.pk, item.sk), { ...item });
    },
  };
  const hook = async (command: string, input: object) => {
    await table.before?.(command, input as Record<string, unknown>);
  };

  ddb.on(GetCommand).callsFake(async (input: GetCommand['input']) => {
    await hook('Get', input);
    const item = table.items.get(keyOf(input.Key?.pk, input.Key?.sk));
    return item ? { Item: { ...item } } : {};
  });

  ddb.on(PutCommand).callsFake(async (input: PutCommand['input']) => {
    await hook('Put', input);
    const item = input.Item ?? {};
    const current = table.items.get(keyOf(item.pk, item.sk));
    if (!conditionHolds(input.ConditionExpression, current, input.ExpressionAttributeNames, input.ExpressionAttributeValues)) {
      throw conditionFailed();
    }
    table.put(Object.fromEntries(Object.entries(item).filter(([, value]) => value !== undefined)));
    return {};
  });

  ddb.on(DeleteCommand).callsFake(async (input: DeleteCommand['input']) => {
    await hook('Delete', input);
    const key = keyOf(input.Key?.pk, input.Key?.sk);
    if (!conditionHolds(input.ConditionExpression, table.items.get(key), input.ExpressionAttributeNames, input.ExpressionAttributeValues)) {
      throw conditionFailed();
    }
    table.items.delete(key);
    return {};
  });

  ddb.on(BatchWriteCommand).callsFake(async (input: BatchWriteCommand['input']) => {
    await hook('BatchWrite', input);
    for (const requests of Object.values(input.RequestItems ?? {})) {
      for (const request of requests) {
        if (request.DeleteRequest) table.items.delete(keyOf(request.DeleteRequest.Key?.pk, request.DeleteRequest.Key?.sk));
        if (request.PutRequest) table.put(request.PutRequest.Item ?? {});
      }
    }
    return {};
  });

  ddb.on(QueryCommand).callsFake(async (input: QueryCommand['input']) => {
    await hook('Query', input);
    const match = /^pk = (:\S+)(?: AND begins_with\(sk, (:\S+)\))?$/.exec(input.KeyConditionExpression ?? '');
    if (!match || input.IndexName) throw new Error(`fake table: cannot run query ${input.KeyConditionExpression}`);
    const pk = valueOf(match[1]!, input.ExpressionAttributeValues);
    const prefix = match[2] ? String(valueOf(match[2], input.ExpressionAttributeValues)) : '';
    const Items = [...table.items.values()]
      .filter((item) => item.pk === pk && String(item.sk).startsWith(prefix))
      .sort((a, b) => (String(a.sk) < String(b.sk) ? -1 : 1))
      .map((item) => ({ ...item }));
    return { Items, Count: Items.length };
  });

  ddb.on(UpdateCommand).callsFake(async (input: UpdateCommand['input']) => {
    await hook('Update', input);
    const key = keyOf(input.Key?.pk, input.Key?.sk);
    const current = table.items.get(key);
    const names = input.ExpressionAttributeNames;
    const values = input.ExpressionAttributeValues;
    if (!conditionHolds(input.ConditionExpression, current, names, values)) throw conditionFailed();
    const set = /^SET (.+)$/.exec(input.UpdateExpression ?? '');
    if (!set) throw new Error(`fake table: cannot run update ${input.UpdateExpression}`);
    const next: Item = { ...(current ?? { pk: input.Key?.pk, sk: input.Key?.sk }) };
    const updated: Item = {};
    for (const assignment of set[1]!.split(/,\s*(?![^(]*\))/)) {
      const plain = /^(\S+) = (:\S+)$/.exec(assignment.trim());
      const ifNotExists = /^(\S+) = if_not_exists\((\S+), (:\S+)\)$/.exec(assignment.trim());
      if (plain) {
        const name = nameOf(plain[1]!, names);
        next[name] = valueOf(plain[2]!, values);
        updated[name] = next[name];
      } else if (ifNotExists) {
        const name = nameOf(ifNotExists[1]!, names);
        const source = nameOf(ifNotExists[2]!, names);
        next[name] = current?.[source] !== undefined ? current[source] : valueOf(ifNotExists[3]!, values);
        updated[name] = next[name];
      } else {
        throw new Error(`fake table: cannot run assignment ${assignment}`);
      }
    }
    table.items.set(key, next);
    if (input.ReturnValues === 'UPDATED_NEW') return { Attributes: updated };
    if (input.ReturnValues === 'ALL_NEW') return { Attributes: { ...next } };
    return {};
  });

  return table;
}
