import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Db, guard, ifConditionHolds } from './db.js';
import { keys } from './keys.js';
import { batchGetItems, partitionQuery, queryAllPages } from './query.js';

// Reads and writes of many items in one content's partition: by sort-key prefix or range, by sort
// key in batches, deletes in batches, and puts conditional on the item's revision.

/** Puts an item if it is absent (`seenRev` null) or still at revision `seenRev`; false otherwise. */
export async function conditionalPut(db: Db, item: Record<string, unknown>, seenRev: number | null): Promise<boolean> {
  const written = await ifConditionHolds(() =>
    db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: item,
        ConditionExpression: seenRev === null ? 'attribute_not_exists(pk)' : 'rev = :rev',
        ExpressionAttributeValues: seenRev === null ? undefined : { ':rev': seenRev },
      }),
    ),
  );
  return written !== null;
}

/** Puts an item whatever is stored (an immutable item any writer writes the same). */
export async function putItem(db: Db, item: Record<string, unknown>): Promise<void> {
  await guard(() => db.doc.send(new PutCommand({ TableName: db.table, Item: item })));
}

/** Every item of a content's partition whose sort key has `prefix`, or lies in `between` (ends included). */
export async function queryContentItems(
  db: Db,
  workspaceId: string,
  contentId: string,
  sort: { prefix: string } | { between: [string, string] },
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  const partition = keys.contentPartition(workspaceId, contentId);
  const condition = 'prefix' in sort ? partitionQuery(partition, { sortPrefix: sort.prefix }) : partitionQuery(partition, { sortBetween: sort.between });
  for await (const page of queryAllPages(db, { ...condition, ConsistentRead: true })) items.push(...(page.Items ?? []));
  return items;
}

/** Items of one partition by key, by sort key. */
export async function batchGetBySortKey(db: Db, keyList: { pk: string; sk: string }[]): Promise<Map<string, Record<string, unknown>>> {
  return new Map((await batchGetItems(db, keyList)).map((item) => [String(item.sk), item]));
}

/** Deletes every item of a content's partition under a sort-key prefix, 25 at a time. */
export async function deleteByPrefix(db: Db, workspaceId: string, contentId: string, prefix: string) {
  const doomed = (await queryContentItems(db, workspaceId, contentId, { prefix })).map((item) => ({ pk: item.pk, sk: item.sk }));
  for (let index = 0; index < doomed.length; index += 25) {
    let requests: Record<string, unknown>[] = doomed.slice(index, index + 25).map((Key) => ({ DeleteRequest: { Key } }));
    while (requests.length > 0) {
      const batch = requests;
      const result = await guard(() => db.doc.send(new BatchWriteCommand({ RequestItems: { [db.table]: batch as never } })));
      requests = (result.UnprocessedItems?.[db.table] ?? []) as Record<string, unknown>[];
    }
  }
}
