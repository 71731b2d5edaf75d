import type { FunctionName } from '../../shared/topology.js';
import type { IndexName } from '../../shared/store/table.js';

export type TableAction = 'GetItem' | 'BatchGetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'BatchWriteItem';

export interface TableAccess {
  /** DynamoDB actions on the table's items. */
  actions: readonly TableAction[];
  /** Indexes the function queries (Query only; indexes are read-only). */
  queries: readonly IndexName[];
}

// Least privilege per function: exactly the calls its code makes (test/bundles records every call
// each built bundle makes and checks it against this table). No function may Scan, touch the
// table's settings, or reach another table. None of them only reads: even the redirect writes
// its click, which is the point of it.
export const TABLE_ACCESS: Record<FunctionName, TableAccess> = {
  // Cached link and content lookups, the day's visitor salt (made once a day), one click PutItem.
  redirect: { actions: ['GetItem', 'PutItem'], queries: [] },
  // The same lookups, a rate-limit counter per visitor and address; the visitor's claim on a child
  // (a conditional put, read back when taken; moved by a conditional update after a code
  // collision) and the child link's conditional put.
  reshare: { actions: ['GetItem', 'PutItem', 'UpdateItem'], queries: [] },
  // Cached link and content lookups: a QR code only reads.
  qr: { actions: ['GetItem'], queries: [] },
  // The management API: contents, links, conversions, webhooks, shares (and their token lookup,
  // one consistent GetItem), reports (aggregates and marks).
  api: { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem'], queries: ['gsi1', 'gsi2'] },
  // The feed (gsi3), subscriptions (gsi1), lease, content heads and parts (tallies and series days
  // by BatchGet; old epochs deleted in batches), marks, outbox events (written, never queried:
  // delivery does that), maturity watch.
  aggregate: { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'], queries: ['gsi1', 'gsi3'] },
  // The outbox's due index (gsi2), claims and attempt records, subscription status.
  'deliver-webhooks': { actions: ['GetItem', 'PutItem', 'UpdateItem'], queries: ['gsi2'] },
  // Whether a read-only share's page exists: one lookup by its token's hash.
  dashboard: { actions: ['GetItem'], queries: [] },
};
