import { BatchGetCommand, QueryCommand, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { forEachLimit } from '../concurrency.js';
import { type Db, guard } from './db.js';
import { decodeCursor, encodeCursor, type Page } from './pagination.js';
import type { INDEXES } from './table.js';

type Index = (typeof INDEXES)[keyof typeof INDEXES];

/**
 * The key condition of one partition of the table or of an index, optionally narrowed to one
 * sort-key prefix, to a sort-key range (both ends included) or to the sort keys after one (all of
 * them after '': DynamoDB refuses an empty string in a key condition, though dynalite takes it).
 */
export function partitionQuery(
  partition: string,
  options: { index?: Index; sortPrefix?: string; sortBetween?: [string, string]; sortAfter?: string } = {},
): Pick<QueryCommandInput, 'IndexName' | 'KeyConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'> {
  const { index, sortPrefix, sortBetween, sortAfter } = options;
  const sort =
    sortPrefix !== undefined
      ? { condition: ' AND begins_with(#sort, :prefix)', values: { ':prefix': sortPrefix } }
      : sortBetween !== undefined
        ? { condition: ' AND #sort BETWEEN :from AND :to', values: { ':from': sortBetween[0], ':to': sortBetween[1] } }
        : sortAfter
          ? { condition: ' AND #sort > :after', values: { ':after': sortAfter } }
          : null;
  return {
    ...(index ? { IndexName: index.name } : {}),
    KeyConditionExpression: `#partition = :partition${sort?.condition ?? ''}`,
    ExpressionAttributeNames: { '#partition': index?.partition ?? 'pk', ...(sort ? { '#sort': index?.sort ?? 'sk' } : {}) },
    ExpressionAttributeValues: { ':partition': partition, ...sort?.values },
  };
}

// One page of a partition (of an index, or of the table under a sort-key prefix), newest first,
// behind an opaque cursor: the listings' query. It asks for one item more than the page holds, so
// the last page carries no cursor to an empty one.
export async function queryPage(
  db: Db,
  request: { index?: Index; partition: string; sortPrefix?: string; limit: number; cursor: string | undefined },
): Promise<Page<Record<string, unknown>>> {
  const { index, partition, sortPrefix, limit, cursor } = request;
  const keyAttributes = index ? ['pk', 'sk', index.partition, index.sort] : ['pk', 'sk'];
  const startKey = decodeCursor(cursor, { attributes: keyAttributes, partition: [index?.partition ?? 'pk', partition] });
  const { Items = [] } = await guard(() =>
    db.doc.send(
      new QueryCommand({
        TableName: db.table,
        ...partitionQuery(partition, { index, sortPrefix }),
        ScanIndexForward: false,
        Limit: limit + 1,
        ExclusiveStartKey: startKey,
      }),
    ),
  );
  const items = Items.slice(0, limit);
  const last = items.at(-1);
  const more = Items.length > limit && last !== undefined;
  return { items, nextCursor: more ? encodeCursor(Object.fromEntries(keyAttributes.map((name) => [name, last[name]]))) : null };
}

// Every page of a query, following LastEvaluatedKey (DynamoDB returns at most 1 MB at a time).
export async function* queryAllPages(db: Db, input: Omit<QueryCommandInput, 'TableName'>): AsyncGenerator<QueryCommandOutput> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await guard(() => db.doc.send(new QueryCommand({ ...input, TableName: db.table, ExclusiveStartKey: startKey })));
    yield page;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

// Items by key, 100 keys a call (DynamoDB's limit), retrying the keys it left unprocessed. A
// cascade page's 5,000 tallies are 50 calls, sent a few at a time rather than one after another
// (the items come back in no particular order either way).
const BATCH_GET_KEYS = 100;
const BATCH_GETS_IN_FLIGHT = 8;

export async function batchGetItems(
  db: Db,
  keyList: readonly Record<string, unknown>[],
  options: { projection?: string; names?: Record<string, string> } = {},
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  const batches: Record<string, unknown>[][] = [];
  for (let index = 0; index < keyList.length; index += BATCH_GET_KEYS) batches.push(keyList.slice(index, index + BATCH_GET_KEYS));
  await forEachLimit(batches, BATCH_GETS_IN_FLIGHT, async (batch) => {
    let request = batch;
    while (request.length > 0) {
      const Keys = request;
      const result = await guard(() =>
        db.doc.send(
          new BatchGetCommand({
            RequestItems: {
              [db.table]: { Keys, ConsistentRead: true, ProjectionExpression: options.projection, ExpressionAttributeNames: options.names },
            },
          }),
        ),
      );
      found.push(...(result.Responses?.[db.table] ?? []));
      request = (result.UnprocessedKeys?.[db.table]?.Keys ?? []) as Record<string, unknown>[];
    }
  });
  return found;
}
