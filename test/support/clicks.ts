import { ACTIVITY_SHARDS, CLICK_SHARDS, keys } from '../../shared/store/keys.js';
import { partitionQuery, queryAllPages } from '../../shared/store/query.js';
import { INDEXES } from '../../shared/store/table.js';
import type { LocalStack } from './local-stack.js';

/** Every item of the partitions `inputs` name, each query followed through every page. */
async function itemsOf(stack: LocalStack, inputs: Parameters<typeof queryAllPages>[1][]) {
  const items: Record<string, unknown>[] = [];
  for (const input of inputs) for await (const page of queryAllPages(stack.db(), input)) items.push(...(page.Items ?? []));
  return items;
}

// Every raw click item stored for one link, read straight from the stack's DynamoDB.
export const storedClicks = (stack: LocalStack, workspaceId: string, code: string) =>
  itemsOf(
    stack,
    Array.from({ length: CLICK_SHARDS }, (_, shard) => partitionQuery(keys.clickPartition(workspaceId, code, shard))),
  );

// Every click of one link in the activity feed (gsi3), which is what the aggregation counts.
export const feedClicks = (stack: LocalStack, code: string) =>
  itemsOf(
    stack,
    Array.from({ length: ACTIVITY_SHARDS }, (_, shard) => {
      const query = partitionQuery(keys.activityPartition(shard), { index: INDEXES.byActivity });
      return {
        ...query,
        FilterExpression: '#type = :click AND code = :code',
        ExpressionAttributeNames: { ...query.ExpressionAttributeNames, '#type': 'type' },
        ExpressionAttributeValues: { ...query.ExpressionAttributeValues, ':click': 'click', ':code': code },
      };
    }),
  );
