import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../shared/store/db.js';

// The whole table as `pk|sk` → item, to prove a batch of refused requests wrote nothing: snapshot
// before, snapshot after, compare. A Scan is fine in a test (no request path scans).

export type TableSnapshot = Map<string, string>;

export interface TableChange {
  key: string;
  change: 'added' | 'removed' | 'changed';
}

export async function snapshotTable(db: Db): Promise<TableSnapshot> {
  const items: TableSnapshot = new Map();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(new ScanCommand({ TableName: db.table, ConsistentRead: true, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) items.set(`${item.pk}|${item.sk}`, JSON.stringify(item));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** What differs between two snapshots, leaving out items whose partition key starts with one of `ignoring`. */
export function tableChanges(before: TableSnapshot, after: TableSnapshot, ignoring: readonly string[] = []): TableChange[] {
  const counted = (key: string) => !ignoring.some((prefix) => key.startsWith(prefix));
  const changes: TableChange[] = [];
  for (const [key, item] of after) {
    if (!counted(key)) continue;
    if (!before.has(key)) changes.push({ key, change: 'added' });
    else if (before.get(key) !== item) changes.push({ key, change: 'changed' });
  }
  for (const key of before.keys()) if (counted(key) && !after.has(key)) changes.push({ key, change: 'removed' });
  return changes;
}
