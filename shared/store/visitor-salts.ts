import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { unavailable } from '../errors.js';
import { type Db, guard, isConditionalCheckFailed } from './db.js';
import { keys } from './keys.js';
import { TTL_ATTRIBUTE } from './table.js';

export interface VisitorSaltStore {
  /** The random salt of one UTC day, created by whichever instance needs it first. */
  saltFor(day: string): Promise<string>;
}

// Salts are random and expire by TTL a day after their day ends, so once deleted no one (not
// even us) can recompute which IP and user agent a stored visitor hash came from.
export function makeVisitorSaltStore(db: Db): VisitorSaltStore {
  const read = async (day: string) => {
    const { Item } = await guard(() =>
      db.doc.send(new GetCommand({ TableName: db.table, Key: keys.visitorSalt(day), ConsistentRead: true })),
    );
    return Item ? String(Item.salt) : null;
  };

  return {
    async saltFor(day) {
      const existing = await read(day);
      if (existing) return existing;
      const salt = randomBytes(32).toString('base64url');
      try {
        await guard(() =>
          db.doc.send(
            new PutCommand({
              TableName: db.table,
              Item: {
                ...keys.visitorSalt(day),
                type: 'visitorSalt',
                salt,
                [TTL_ATTRIBUTE]: Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + 2 * 86_400,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          ),
        );
        return salt;
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
        // Another instance made the day's salt between our read and write: use theirs.
        const winner = await read(day);
        if (!winner) throw unavailable(error);
        return winner;
      }
    },
  };
}
