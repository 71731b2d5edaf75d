import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { FirstArrival } from '../domain/aggregate/visitor-marks.js';
import { logError } from '../log.js';
import { type Db, guard } from './db.js';
import { keys } from './keys.js';
import { batchGetItems, queryAllPages } from './query.js';

export interface MarkRequest {
  workspaceId: string;
  visitorId: string;
  contentId: string;
  /** Mark name (keys.marks.*) → the id of the earliest click in this step that would set it. */
  proposals: Record<string, string>;
  /** How the step's earliest click (the one proposed for the content mark) arrived; set only if none is. */
  firstArrival?: FirstArrival;
  /** The visitor's latest human click on this content in the step. */
  lastAt: string;
}

/** A visitor's first touch of a content (the content mark's click) and the first arrival stored beside it. */
export interface StoredFirstTouch {
  firstTouch: string | null;
  firstArrival: FirstArrival | null;
}

export interface VisitorMarkStore {
  /** Sets each proposed mark unless already set, and the visit time; answers every proposed mark's stored click id. */
  mark(request: MarkRequest): Promise<Record<string, string>>;
  /** Each visitor's mark on one link of a content: the id of the click that first touched it, or null. */
  linkMarks(workspaceId: string, contentId: string, visitorIds: readonly string[], code: string): Promise<Map<string, string | null>>;
  /** The content of the visitor's latest human click, as far as the aggregation has seen. */
  lastTouch(workspaceId: string, visitorId: string): Promise<{ contentId: string; at: string } | null>;
  /** The visitor's first touch of a content and first arrival there, read consistently (this step's marks included). */
  firstTouch(workspaceId: string, visitorId: string, contentId: string): Promise<StoredFirstTouch>;
}

// DynamoDB caps an update expression at 4 KB: a visitor with many new marks in one step is marked
// in several updates, each idempotent on its own.
const MARKS_PER_UPDATE = 50;

// One item per (visitor, content) holds the visitor's marks there: which click first touched the
// content, each link, generation, channel and arrival channel, and how the first touch arrived
// (`fa`, set in the same update as the content mark). `if_not_exists` makes setting a mark atomic, and a
// mark names the click that set it, so a run that reprocesses the same events (after a crash, or a
// concurrent run) recognises its own earlier marks: unique visitors and first touch stay exact
// without ever re-reading a content's history.
export function makeVisitorMarkStore(db: Db): VisitorMarkStore {
  return {
    async mark({ workspaceId, visitorId, contentId, proposals, firstArrival, lastAt }) {
      const entries = Object.entries(proposals);
      const stored: Record<string, string> = {};
      // At least one update: with no proposals it still records the visit (lastAt).
      for (let start = 0; start === 0 || start < entries.length; start += MARKS_PER_UPDATE) {
        const names: Record<string, string> = { '#lastAt': 'lastAt' };
        const values: Record<string, unknown> = { ':lastAt': lastAt };
        const assignments = ['#lastAt = :lastAt'];
        // With the first batch, which holds the content mark (proposed first): the two are set together.
        if (start === 0 && firstArrival) {
          names['#fa'] = keys.marks.firstArrival();
          values[':fa'] = firstArrival;
          assignments.push('#fa = if_not_exists(#fa, :fa)');
        }
        entries.slice(start, start + MARKS_PER_UPDATE).forEach(([mark, clickId], index) => {
          names[`#m${index}`] = mark;
          values[`:m${index}`] = clickId;
          assignments.push(`#m${index} = if_not_exists(#m${index}, :m${index})`);
        });
        try {
          const { Attributes = {} } = await guard(() =>
            db.doc.send(
              new UpdateCommand({
                TableName: db.table,
                Key: keys.visitorMarks(workspaceId, visitorId, contentId),
                UpdateExpression: `SET ${assignments.join(', ')}`,
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
                ReturnValues: 'UPDATED_NEW',
              }),
            ),
          );
          for (const [mark, value] of Object.entries(Attributes)) if (mark in proposals) stored[mark] = String(value);
        } catch (error) {
          // An item past DynamoDB's 400 KB (a "visitor" touching thousands of links: a crawler we
          // did not recognise) must not stall the feed: its further marks count as not first. DynamoDB
          // has no error code of its own for it, only the message; an expression over 4 KB also
          // mentions a "size", but it is our bug and must surface.
          if (!(error instanceof Error && error.name === 'ValidationException' && /item size/i.test(error.message))) throw error;
          logError('Visitor marks item is full; further firsts of this visitor are not counted', error, { visitorId, contentId });
        }
      }
      return stored;
    },

    async linkMarks(workspaceId, contentId, visitorIds, code) {
      const mark = keys.marks.link(code);
      const found = new Map<string, string | null>(visitorIds.map((visitorId) => [visitorId, null]));
      const visitorOf = new Map(visitorIds.map((visitorId) => [keys.visitorMarks(workspaceId, visitorId, contentId).pk, visitorId]));
      const items = await batchGetItems(
        db,
        visitorIds.map((visitorId) => keys.visitorMarks(workspaceId, visitorId, contentId)),
        { projection: 'pk, #mark', names: { '#mark': mark } },
      );
      for (const item of items) {
        const visitorId = visitorOf.get(String(item.pk));
        if (visitorId !== undefined && item[mark] !== undefined) found.set(visitorId, String(item[mark]));
      }
      return found;
    },

    async lastTouch(workspaceId, visitorId) {
      let latest: { contentId: string; at: string } | null = null;
      const pages = queryAllPages(db, {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :marks)',
        ExpressionAttributeValues: { ':pk': keys.visitorPartition(workspaceId, visitorId), ':marks': keys.visitorMarksPrefix },
        ProjectionExpression: 'sk, lastAt',
        ConsistentRead: true,
      });
      for await (const page of pages) {
        for (const item of page.Items ?? []) {
          const at = String(item.lastAt ?? '');
          if (!latest || at > latest.at) latest = { contentId: String(item.sk).slice(keys.visitorMarksPrefix.length), at };
        }
      }
      return latest;
    },

    async firstTouch(workspaceId, visitorId, contentId) {
      const { Item } = await guard(() =>
        db.doc.send(
          new GetCommand({
            TableName: db.table,
            Key: keys.visitorMarks(workspaceId, visitorId, contentId),
            ProjectionExpression: '#f, #fa',
            ExpressionAttributeNames: { '#f': keys.marks.content(), '#fa': keys.marks.firstArrival() },
            ConsistentRead: true,
          }),
        ),
      );
      const touch = Item?.[keys.marks.content()];
      const arrival = Item?.[keys.marks.firstArrival()] as FirstArrival | undefined;
      return { firstTouch: touch === undefined ? null : String(touch), firstArrival: arrival ?? null };
    },
  };
}
