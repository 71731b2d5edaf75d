import { randomBytes } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { type Db, guard } from './db.js';
import { keys } from './keys.js';
import { putIfAbsent } from './put-if-absent.js';
import { TTL_ATTRIBUTE } from './table.js';

export interface VisitorSaltStore {
  /** The random salt of one UTC day, created by whichever instance needs it first. */
  saltFor(day: string): Promise<string>;
}

// Salts are random and expire by TTL a day after their day ends, so once deleted no one (not
// even us) can recompute which IP and user agent a stored visitor hash came from.
export function makeVisitorSaltStore(db: Db): VisitorSaltStore {
  const read = async (day: string) => {
    const { Item } = await guard(() => db.doc.send(new GetCommand({ TableName: db.table, Key: keys.visitorSalt(day), ConsistentRead: true })));
    return Item ? String(Item.salt) : null;
  };

  return {
    async saltFor(day) {
      const existing = await read(day);
      if (existing) return existing;
      const salt = randomBytes(32).toString('base64url');
      const outcome = await putIfAbsent(db, {
        ...keys.visitorSalt(day),
        type: 'visitorSalt',
        salt,
        [TTL_ATTRIBUTE]: Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + 2 * 86_400,
      });
      // Another instance made the day's salt between our read and write: use theirs.
      return outcome.created ? salt : String(outcome.existing.salt);
    },
  };
}
