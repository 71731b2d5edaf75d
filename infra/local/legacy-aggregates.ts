import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { type Db, guard } from '../../shared/store/db.js';
import { makeFeedControlStore } from '../../shared/store/feed-control.js';
import { keys } from '../../shared/store/keys.js';

// A data folder made before the aggregate was split into parts holds heads of the whole-state
// layout. At start the local stack sets each such content aside for a rebuild: the next aggregation
// runs empty it and re-read it from the start of the feed (dynalite never expires raw events, so
// nothing is lost), and until then its report says it has aggregated nothing (eventsThrough null).
// A Scan is fine here: one local data folder, once per start.
export async function requestLegacyRebuilds(db: Db, now: Date): Promise<number> {
  const control = makeFeedControlStore(db);
  let found = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await guard(() =>
      db.doc.send(
        new ScanCommand({
          TableName: db.table,
          FilterExpression: '#type = :head AND attribute_not_exists(#format)',
          ExpressionAttributeNames: { '#type': 'type', '#format': 'format' },
          ExpressionAttributeValues: { ':head': 'aggregateHead' },
          ExclusiveStartKey: startKey,
        }),
      ),
    );
    for (const head of page.Items ?? []) {
      const { Item: content } = await guard(() => db.doc.send(new GetCommand({ TableName: db.table, Key: keys.contentInPartition(String(head.pk)) })));
      if (!content) continue;
      await control.markLagging(String(content.workspaceId), String(content.id), 'rebuild: aggregate kept in the old whole-state layout', now);
      found++;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return found;
}
