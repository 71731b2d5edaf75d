import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Db, ifConditionHolds } from './db.js';
import { keys } from './keys.js';
import { TTL_ATTRIBUTE } from './table.js';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimitStore {
  /** Counts one request of `subject` against `limit` per fixed window; shared by every instance. */
  take(request: { scope: string; subject: string; limit: number; windowSeconds: number; now: Date }): Promise<RateDecision>;
}

// A fixed-window counter: one conditional ADD, so concurrent Lambdas can never overshoot the
// limit, and the window's item expires by TTL shortly after it closes.
export function makeRateLimitStore(db: Db): RateLimitStore {
  return {
    async take({ scope, subject, limit, windowSeconds, now }) {
      const nowSeconds = now.getTime() / 1000;
      const windowStart = Math.floor(nowSeconds / windowSeconds) * windowSeconds;
      const windowEnd = windowStart + windowSeconds;
      const counted = await ifConditionHolds(() =>
        db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.rateWindow(scope, subject, windowStart),
            UpdateExpression: 'ADD #count :one SET #expires = :expires',
            ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
            ExpressionAttributeNames: { '#count': 'count', '#expires': TTL_ATTRIBUTE },
            ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': windowEnd + windowSeconds },
          }),
        ),
      );
      // The condition fails once the window's count has reached the limit.
      if (counted) return { allowed: true };
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(windowEnd - nowSeconds)) };
    },
  };
}
