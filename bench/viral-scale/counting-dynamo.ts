// A counting in-memory DynamoDB for the viral-scale benchmark: a fake `db.doc.send` that answers the
// commands the content-state store sends (GetCommand; PutCommand, plain or with the conditions it
// uses; BatchGetCommand; BatchWriteCommand; QueryCommand on `pk = :pk` with `begins_with(sk, :prefix)`,
// `sk BETWEEN :from AND :to` or `sk <= :x`), keeps items in Maps, and counts what DynamoDB would bill.
//
// Item size: DynamoDB counts the UTF-8 bytes of every attribute name plus its value. We approximate
// it with the length of JSON.stringify of the item, binary values (Uint8Array/Buffer) counted by
// byteLength: a few bytes per attribute too many (quotes, colons, commas), numbers as decimal text,
// characters as one byte each. Write units: ceil(size / 1 KB) per item written. Read units, strongly
// consistent (the store reads consistently): ceil(size / 4 KB) per item got (1 for a key not found),
// per Query page ceil(sum / 4 KB). Query pages stop at 1 MB of items, as DynamoDB's do.
//
// Items are stored as JSON text (binaries in base64), and every read parses a fresh copy, as the SDK
// would: a million stored items are then a million strings, which the garbage collector does not
// walk, so the table does not slow down the commits measured beside it. A partition's sort keys
// are kept sorted as of the last `settle` plus a list of keys added since, which a query filters:
// settled outside the timed commits, a query over a partition of a million items costs a binary
// search and a pass over a few hundred new keys. Every write can be undone to a mark
// (`mark`/`restoreTo`), so repetitions start from the same state without copying the table.

import { BatchGetCommand, BatchWriteCommand, DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../shared/store/db.js';

type Item = Record<string, unknown>;

export interface TypeCounts {
  items: number;
  bytes: number;
  units: number;
}

export interface IoCounts {
  requests: Record<string, number>;
  itemsWritten: number;
  bytesWritten: number;
  writeUnits: number;
  itemsRead: number;
  bytesRead: number;
  readUnits: number;
  /** Writes by the item's `type` attribute (aggregateHead, structureChunk, linkTally, seriesDay, …). */
  writesByType: Record<string, TypeCounts>;
  readsByType: Record<string, TypeCounts>;
}

export const emptyCounts = (): IoCounts => ({
  requests: {},
  itemsWritten: 0,
  bytesWritten: 0,
  writeUnits: 0,
  itemsRead: 0,
  bytesRead: 0,
  readUnits: 0,
  writesByType: {},
  readsByType: {},
});

const PAGE_BYTES = 1024 * 1024;

const BINARY = '$b64:';

interface Stored {
  text: string;
  bytes: number;
}

/** The item as stored (JSON, binaries in base64) and its size as described at the top of this file. */
function serialize(item: Item): Stored {
  let binaryBytes = 0;
  let encodedChars = 0;
  const text = JSON.stringify(item, function (this: Record<string, unknown>, key, value: unknown) {
    const raw = this[key];
    if (!(raw instanceof Uint8Array)) return value;
    const encoded = BINARY + Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64');
    binaryBytes += raw.byteLength;
    encodedChars += encoded.length + 2;
    return encoded;
  });
  return { text, bytes: text.length - encodedChars + binaryBytes };
}

const deserialize = (text: string): Item =>
  JSON.parse(text, (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(BINARY) ? Buffer.from(value.slice(BINARY.length), 'base64') : value,
  );

/** DynamoDB's size of an item, approximated as described at the top of this file. */
export const itemBytes = (item: Item): number => serialize(item).bytes;

interface Partition {
  items: Map<string, Stored>;
  /** Sort keys in order, as of the last `settle` (some since deleted: skipped on read). */
  sorted: string[];
  /** Sort keys added since, in no order. */
  added: string[];
}

class ConditionFailed extends Error {
  constructor() {
    super('The conditional request failed');
    this.name = 'ConditionalCheckFailedException';
  }
}

export interface CountingDynamo {
  db: Db;
  counts: IoCounts;
  resetCounts(): void;
  /** Starts recording undo information from the current state; returns the mark's depth. */
  mark(): number;
  /** Undoes every write since mark `depth` (which stays set); marks above it are dropped. */
  restoreTo(depth: number): void;
  /** Sorts the keys added since the last call into place (untimed: O(items) per partition). */
  settle(): void;
  /** Items in the table and their total size. */
  stats(): { items: number; bytes: number };
}

export function makeCountingDynamo(table = 'ripple-bench'): CountingDynamo {
  const partitions = new Map<string, Partition>();
  const journals: Map<string, [string, string, Stored | undefined]>[] = [];
  let counts = emptyCounts();

  const partition = (pk: string) => {
    let found = partitions.get(pk);
    if (!found) partitions.set(pk, (found = { items: new Map(), sorted: [], added: [] }));
    return found;
  };
  const byType = (record: Record<string, TypeCounts>, item: Item, bytes: number, units: number) => {
    const type = String(item.type ?? '?');
    const row = (record[type] ??= { items: 0, bytes: 0, units: 0 });
    row.items++;
    row.bytes += bytes;
    row.units += units;
  };
  const request = (name: string) => {
    counts.requests[name] = (counts.requests[name] ?? 0) + 1;
  };
  const readItem = (item: Item, bytes: number) => {
    counts.itemsRead++;
    counts.bytesRead += bytes;
    byType(counts.readsByType, item, bytes, 0);
    return bytes;
  };

  let tableItems = 0;
  let tableBytes = 0;
  const store = (pk: string, sk: string, stored: Stored | undefined) => {
    const part = partition(pk);
    const previous = part.items.get(sk);
    for (const journal of journals) {
      const id = `${pk}\u0000${sk}`;
      if (!journal.has(id)) journal.set(id, [pk, sk, previous]);
    }
    if (previous) {
      tableItems--;
      tableBytes -= previous.bytes;
    }
    if (stored === undefined) part.items.delete(sk);
    else {
      if (!previous) part.added.push(sk);
      part.items.set(sk, stored);
      tableItems++;
      tableBytes += stored.bytes;
    }
  };
  const storedAt = (key: Item | undefined) => partitions.get(String(key?.pk))?.items.get(String(key?.sk));
  // A fresh copy of the item, counted as read.
  const get = (key: Item | undefined): Item | undefined => {
    const stored = storedAt(key);
    if (!stored) {
      counts.readUnits += 1;
      return undefined;
    }
    const item = deserialize(stored.text);
    counts.readUnits += Math.max(1, Math.ceil(readItem(item, stored.bytes) / 4096));
    return item;
  };

  const write = (item: Item) => {
    const stored = serialize(item);
    const { bytes } = stored;
    const units = Math.max(1, Math.ceil(bytes / 1024));
    counts.itemsWritten++;
    counts.bytesWritten += bytes;
    counts.writeUnits += units;
    byType(counts.writesByType, item, bytes, units);
    store(String(item.pk), String(item.sk), stored);
  };

  // A delete is billed like a write of the deleted item.
  const remove = (key: Item) => {
    const bytes = partitions.get(String(key.pk))?.items.get(String(key.sk))?.bytes ?? 0;
    counts.writeUnits += Math.max(1, Math.ceil(bytes / 1024));
    store(String(key.pk), String(key.sk), undefined);
  };

  const checkCondition = (input: PutCommand['input']) => {
    const condition = input.ConditionExpression;
    if (condition === undefined) return;
    const stored = storedAt(input.Item);
    if (condition === 'attribute_not_exists(pk)') {
      if (stored) throw new ConditionFailed();
      return;
    }
    const existing = stored ? deserialize(stored.text) : undefined;
    const equal = /^(\w+) = (:\w+)$/.exec(condition);
    if (!equal) throw new Error(`counting-dynamo: unsupported condition ${condition}`);
    const [, attribute, placeholder] = equal as unknown as [string, string, string];
    if (!existing || existing[attribute] !== input.ExpressionAttributeValues?.[placeholder]) throw new ConditionFailed();
  };

  const query = (input: QueryCommand['input']) => {
    if (input.IndexName) throw new Error('counting-dynamo: indexes are not supported');
    // partitionQuery's form (#partition, #sort, :partition) read as the plain one.
    const names = input.ExpressionAttributeNames ?? {};
    const given = input.ExpressionAttributeValues ?? {};
    const values = ':partition' in given ? { ...given, ':pk': given[':partition'] } : given;
    const expression = (input.KeyConditionExpression ?? '').replace(/#\w+/g, (name) => names[name] ?? name).replace(':partition', ':pk');
    let inRange: (sk: string) => boolean;
    let from = '';
    if (expression === 'pk = :pk') inRange = () => true;
    else if (expression === 'pk = :pk AND begins_with(sk, :prefix)') {
      const prefix = String(values[':prefix']);
      from = prefix;
      inRange = (sk) => sk.startsWith(prefix);
    } else if (expression === 'pk = :pk AND sk BETWEEN :from AND :to') {
      from = String(values[':from']);
      const to = String(values[':to']);
      inRange = (sk) => sk <= to;
    } else if (/^pk = :pk AND sk <= (:\w+)$/.test(expression)) {
      const to = String(values[expression.split(' ').at(-1) ?? '']);
      inRange = (sk) => sk <= to;
    } else throw new Error(`counting-dynamo: unsupported key condition ${expression}`);
    const part = partitions.get(String(values[':pk']));
    const start = input.ExclusiveStartKey ? String(input.ExclusiveStartKey.sk) : undefined;
    const first = start !== undefined && start > from ? start : from;
    const items: Item[] = [];
    let bytes = 0;
    let last: string | undefined;
    for (const sk of part ? keysFrom(part, first, inRange) : []) {
      if (sk === start) continue;
      if (bytes >= PAGE_BYTES || (input.Limit !== undefined && items.length >= input.Limit)) {
        last = String(items.at(-1)?.sk);
        break;
      }
      const stored = part?.items.get(sk) as Stored;
      const item = deserialize(stored.text);
      items.push(item);
      bytes += readItem(item, stored.bytes);
    }
    counts.readUnits += Math.max(1, Math.ceil(bytes / 4096));
    return { Items: items, Count: items.length, LastEvaluatedKey: last === undefined ? undefined : { pk: values[':pk'], sk: last } };
  };

  const send = async (command: unknown): Promise<unknown> => {
    if (command instanceof GetCommand) {
      request('GetItem');
      return { Item: get(command.input.Key) };
    }
    if (command instanceof PutCommand) {
      request('PutItem');
      checkCondition(command.input);
      write(command.input.Item as Item);
      return {};
    }
    if (command instanceof DeleteCommand) {
      request('DeleteItem');
      remove(command.input.Key as Item);
      return {};
    }
    if (command instanceof BatchGetCommand) {
      request('BatchGetItem');
      const responses: Record<string, Item[]> = {};
      for (const [name, { Keys = [] }] of Object.entries(command.input.RequestItems ?? {})) {
        const found: Item[] = (responses[name] = []);
        for (const key of Keys) {
          const item = get(key);
          if (item) found.push(item);
        }
      }
      return { Responses: responses, UnprocessedKeys: {} };
    }
    if (command instanceof BatchWriteCommand) {
      request('BatchWriteItem');
      for (const requests of Object.values(command.input.RequestItems ?? {})) {
        for (const entry of requests) {
          if (entry.PutRequest?.Item) write(entry.PutRequest.Item);
          else if (entry.DeleteRequest?.Key) remove(entry.DeleteRequest.Key);
        }
      }
      return { UnprocessedItems: {} };
    }
    if (command instanceof QueryCommand) {
      request('Query');
      return query(command.input);
    }
    throw new Error(`counting-dynamo: unsupported command ${(command as object).constructor.name}`);
  };

  return {
    db: { doc: { send } as unknown as DynamoDBDocumentClient, table },
    get counts() {
      return counts;
    },
    resetCounts() {
      counts = emptyCounts();
    },
    mark() {
      journals.push(new Map());
      return journals.length - 1;
    },
    restoreTo(depth) {
      for (let level = journals.length - 1; level >= depth; level--) {
        const journal = journals[level] as Map<string, [string, string, Stored | undefined]>;
        const undo = [...journal.values()];
        journals.length = level; // the undo itself is not journalled above this level
        for (const [pk, sk, previous] of undo) store(pk, sk, previous);
        if (level === depth) journals.push(new Map());
      }
    },
    settle() {
      for (const part of partitions.values()) {
        if (part.added.length === 0) continue;
        part.sorted = keysFrom(part, '', () => true);
        part.added = [];
      }
    },
    stats() {
      return { items: tableItems, bytes: tableBytes };
    },
  };
}

// The partition's present keys from `first` on while `inRange`, in order: the settled keys from a
// binary search, merged with the keys added since that fall in range.
function keysFrom(part: Partition, first: string, inRange: (sk: string) => boolean): string[] {
  const keys: string[] = [];
  for (let i = lowerBound(part.sorted, first); i < part.sorted.length && inRange(part.sorted[i] as string); i++) keys.push(part.sorted[i] as string);
  const added = part.added.filter((sk) => sk >= first && inRange(sk)).sort();
  const merged: string[] = [];
  for (let a = 0, b = 0; a < keys.length || b < added.length; ) {
    const sk = b >= added.length || (a < keys.length && (keys[a] as string) <= (added[b] as string)) ? (keys[a++] as string) : (added[b++] as string);
    if (sk !== merged.at(-1) && part.items.has(sk)) merged.push(sk);
  }
  return merged;
}

function lowerBound(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] as string) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
