import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ACTIVITY_SHARDS, CLICK_SHARDS, keys } from '../../shared/store/keys.js';
import { INDEXES } from '../../shared/store/table.js';
import type { LocalStack } from './local-stack.js';

// Every raw click item stored for one link, read straight from the stack's DynamoDB.
export async function storedClicks(stack: LocalStack, workspaceId: string, code: string) {
  const db = stack.db();
  const items: Record<string, unknown>[] = [];
  for (let shard = 0; shard < CLICK_SHARDS; shard++) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await db.doc.send(
        new QueryCommand({
          TableName: db.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.clickPartition(workspaceId, code, shard) },
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
  return items;
}

// Every click of one link in the activity feed (gsi3), which is what the aggregation counts.
export async function feedClicks(stack: LocalStack, code: string) {
  const db = stack.db();
  const items: Record<string, unknown>[] = [];
  for (let shard = 0; shard < ACTIVITY_SHARDS; shard++) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await db.doc.send(
        new QueryCommand({
          TableName: db.table,
          IndexName: INDEXES.byActivity.name,
          KeyConditionExpression: '#partition = :partition',
          FilterExpression: '#type = :click AND code = :code',
          ExpressionAttributeNames: { '#partition': INDEXES.byActivity.partition, '#type': 'type' },
          ExpressionAttributeValues: { ':partition': keys.activityPartition(shard), ':click': 'click', ':code': code },
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
  return items;
}
