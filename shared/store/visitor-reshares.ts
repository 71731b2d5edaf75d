import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { newLinkCode } from '../domain/ids.js';
import { childLink, type Link, type ReshareInput } from '../domain/link.js';
import { RippleError, unavailable } from '../errors.js';
import { type Db, guard, ifConditionHolds } from './db.js';
import { keys } from './keys.js';
import type { LinkStore } from './links.js';
import { putIfAbsent } from './put-if-absent.js';

export interface VisitorReshare {
  link: Link;
  /** True for exactly one request per visitor and parent: the one whose claim was written. */
  created: boolean;
}

export interface VisitorReshareStore {
  /**
   * The visitor's one child link of `parent`: a new one made from `input` (created), or the one they
   * already have, with the sharer and channel it was first given. `clock` stamps the link's write.
   */
  childFor(parent: Link, visitorId: string, input: ReshareInput, clock: () => Date): Promise<VisitorReshare>;
}

// A claim names the child's code and holds the first request's input: with the parent, all it takes
// to write the child, so any later request can finish a child whose writer stopped after the claim.
interface Claim {
  code: string;
  input: ReshareInput;
}

const CODE_ATTEMPTS = 3;

// One child per (visitor, parent) without a transaction (docs/data-model.md, "One child per visitor
// and parent"): the claim is written first, conditionally, and the child only under the code a claim
// names, so there can never be two; a claim whose child is missing is completed by the next request.
export function makeVisitorReshareStore(
  db: Db,
  links: Pick<LinkStore, 'get' | 'createWithCode'>,
  options: { newCode?: () => string } = {},
): VisitorReshareStore {
  const newCode = options.newCode ?? newLinkCode;

  return {
    async childFor(parent, visitorId, input, clock) {
      const proposed: Claim = { code: newCode(), input };
      const claimed = await putIfAbsent(db, claimItem(parent.code, visitorId, proposed, clock()));
      if (claimed.created) return { link: await writeChild(parent, visitorId, proposed, clock), created: true };
      const claim = claimFromItem(claimed.existing);
      const existing = await links.get(claim.code);
      if (existing && isClaimedChild(existing, parent, visitorId)) return { link: existing, created: false };
      // Not written yet (its writer crashed after the claim, or is still in flight): finish it.
      return { link: await writeChild(parent, visitorId, claim, clock), created: false };
    },
  };

  // The child under the claim's code, stamped just before its write (the aggregation's watermark);
  // if a concurrent request wrote it first, that one is the child. Only a collision with an
  // unrelated link moves the claim to a fresh code.
  async function writeChild(parent: Link, visitorId: string, first: Claim, clock: () => Date): Promise<Link> {
    let claim = first;
    for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
      const outcome = await links.createWithCode(childLink(parent, claim.code, claim.input, clock(), visitorId));
      if (outcome.created) return outcome.value;
      if (isClaimedChild(outcome.existing, parent, visitorId)) return outcome.existing;
      claim = await moveClaim(parent.code, visitorId, claim, newCode());
    }
    throw new RippleError('internal_error', `No free link code after ${CODE_ATTEMPTS} attempts`);
  }

  // Moves the claim only from the code this request saw, so concurrent requests agree on one code.
  async function moveClaim(parentCode: string, visitorId: string, seen: Claim, code: string): Promise<Claim> {
    const Key = keys.visitorReshare(parentCode, visitorId);
    const moved = await ifConditionHolds(() =>
      db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key,
          UpdateExpression: 'SET #code = :next',
          ConditionExpression: '#code = :seen',
          ExpressionAttributeNames: { '#code': 'code' },
          ExpressionAttributeValues: { ':next': code, ':seen': seen.code },
        }),
      ),
    );
    if (moved) return { ...seen, code };
    const { Item } = await guard(() => db.doc.send(new GetCommand({ TableName: db.table, Key, ConsistentRead: true })));
    // Claims are never deleted; a missing one can only be a read gone wrong, so let the caller retry.
    if (!Item) throw unavailable(new Error(`Claim of ${parentCode} vanished`));
    return claimFromItem(Item);
  }
}

// The link under a claim's code is the claimed child unless a code collision put another link there.
const isClaimedChild = (link: Link, parent: Link, visitorId: string) => link.parent === parent.code && link.creatorVisitorId === visitorId;

function claimItem(parentCode: string, visitorId: string, claim: Claim, now: Date) {
  return {
    ...keys.visitorReshare(parentCode, visitorId),
    type: 'visitorReshare',
    parent: parentCode,
    visitorId,
    code: claim.code,
    ...claim.input,
    claimedAt: now.toISOString(),
  };
}

function claimFromItem(item: Record<string, unknown>): Claim {
  const input: ReshareInput = {};
  if (typeof item.sharer === 'string') input.sharer = item.sharer;
  if (typeof item.channel === 'string') input.channel = item.channel;
  return { code: String(item.code), input };
}
