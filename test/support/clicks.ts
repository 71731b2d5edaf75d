import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { CLICK_SHARDS, keys } from '../../shared/store/keys.js';
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
