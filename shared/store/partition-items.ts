import { BatchGetCommand, BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Db, guard, ifConditionHolds } from './db.js';
import { keys } from './keys.js';
import { queryAllPages } from './query.js';

// Reads and writes of many items in one content's partition: by sort-key prefix or range, by key
// in batches, deletes in batches, and puts conditional on the item's revision.

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

/** Every item of a content's partition under a sort-key prefix (from `from` on, when given). */
export async function queryPrefix(db: Db, workspaceId: string, contentId: string, prefix: string, from?: string) {
  const items: Record<string, unknown>[] = [];
  for await (const page of queryAllPages(db, {
    KeyConditionExpression: from ? 'pk = :pk AND sk BETWEEN :from AND :to' : 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: {
      ':pk': keys.contentPartition(workspaceId, contentId),
      ...(from ? { ':from': from, ':to': `${prefix}\uffff` } : { ':prefix': prefix }),
    },
    ConsistentRead: true,
  })) {
    items.push(...(page.Items ?? []));
  }
  return items;
}

// Items by sort key (all in one partition), 100 keys a call, retrying what DynamoDB left unprocessed.
export async function batchGet(db: Db, keyList: { pk: string; sk: string }[]): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  for (let index = 0; index < keyList.length; index += 100) {
    let request: Record<string, unknown>[] = keyList.slice(index, index + 100);
    while (request.length > 0) {
      const batch = request;
      const result = await guard(() =>
        db.doc.send(new BatchGetCommand({ RequestItems: { [db.table]: { Keys: batch, ConsistentRead: true } } })),
      );
      for (const item of result.Responses?.[db.table] ?? []) found.set(String(item.sk), item);
      request = (result.UnprocessedKeys?.[db.table]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return found;
}

/** Deletes every item of a content's partition under a sort-key prefix, 25 at a time. */
export async function deleteByPrefix(db: Db, workspaceId: string, contentId: string, prefix: string) {
  const doomed = (await queryPrefix(db, workspaceId, contentId, prefix)).map((item) => ({ pk: item.pk, sk: item.sk }));
  for (let index = 0; index < doomed.length; index += 25) {
    let requests: Record<string, unknown>[] = doomed.slice(index, index + 25).map((Key) => ({ DeleteRequest: { Key } }));
    while (requests.length > 0) {
      const batch = requests;
      const result = await guard(() => db.doc.send(new BatchWriteCommand({ RequestItems: { [db.table]: batch as never } })));
      requests = (result.UnprocessedItems?.[db.table] ?? []) as Record<string, unknown>[];
    }
  }
}
