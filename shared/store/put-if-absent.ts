import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { unavailable } from '../errors.js';
import { type Db, guard, isConditionalCheckFailed } from './db.js';

export type PutIfAbsentOutcome = { created: true } | { created: false; existing: Record<string, unknown> };

// Creates an item only if its key is free: the one write primitive behind every create.
// The SDK retries a PutItem whose response was lost; that retry then fails its own condition.
// Each call therefore writes a fresh `writeToken`, and on a failed condition a consistent read
// tells "our own earlier attempt landed" (created) from "someone else's item is there".
export async function putIfAbsent(db: Db, item: { pk: string; sk: string } & Record<string, unknown>): Promise<PutIfAbsentOutcome> {
  const writeToken = randomUUID();
  try {
    await guard(() => db.doc.send(new PutCommand({ TableName: db.table, Item: { ...item, writeToken }, ConditionExpression: 'attribute_not_exists(pk)' })));
    return { created: true };
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    const { Item } = await guard(() => db.doc.send(new GetCommand({ TableName: db.table, Key: { pk: item.pk, sk: item.sk }, ConsistentRead: true })));
    // Gone again (expired) between the two calls: rare and transient, so let the caller retry.
    if (!Item) throw unavailable(error);
    if (Item.writeToken === writeToken) return { created: true };
    return { created: false, existing: Item };
  }
}
