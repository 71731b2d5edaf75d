import { createHash } from 'node:crypto';
import { customAlphabet, nanoid } from 'nanoid';

// Link codes are alphanumeric (no `-`/`_`) so they survive being pasted into chat apps that
// auto-link URLs; 10 chars of 62 give ~8e17 codes, and a mint retries on the rare collision.
export const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const LINK_CODE_LENGTH = 10;
export const newLinkCode = customAlphabet(ALPHANUMERIC, LINK_CODE_LENGTH);
export const LINK_CODE_PATTERN = /^[0-9A-Za-z]{8,32}$/;
export const isLinkCode = (value: string) => LINK_CODE_PATTERN.test(value);

export const newContentId = () => `cnt_${nanoid()}`;
export const CONTENT_ID_PATTERN = /^cnt_[A-Za-z0-9_-]{21}$/;
export const isContentId = (value: string) => CONTENT_ID_PATTERN.test(value);

// Read-only report links (shared/domain/share.ts); the id names a share, its token opens it.
export const newShareId = () => `shr_${nanoid()}`;
export const SHARE_ID_PATTERN = /^shr_[A-Za-z0-9_-]{21}$/;
export const isShareId = (value: string) => SHARE_ID_PATTERN.test(value);

// Webhook subscriptions (shared/domain/webhooks/subscription.ts mints them: `wh_<nanoid>`).
export const WEBHOOK_ID_PATTERN = /^wh_[A-Za-z0-9_-]{21}$/;
export const isWebhookId = (value: string) => WEBHOOK_ID_PATTERN.test(value);

export const newWorkspaceId = () => `ws_${nanoid()}`;
export const newClickId = () => nanoid();

const apiKeySecret = customAlphabet(ALPHANUMERIC, 32);
export const newApiKey = (prefix = 'rpl_live') => `${prefix}_${apiKeySecret()}`;

// API keys are stored only as this hash; a key has 190 bits of entropy, so a fast hash is
// enough (no need for a password KDF) and keeps the auth lookup a single GetItem.
export const hashApiKey = (apiKey: string) => createHash('sha256').update(apiKey).digest('hex');

// With an Idempotency-Key, a created resource's id is derived from (workspace, key): a retried
// request addresses the same item, and the store's conditional put decides who created it.
export function contentIdForKey(workspaceId: string, idempotencyKey: string): string {
  return `cnt_${keyDigest('content', workspaceId, idempotencyKey).toString('base64url').slice(0, 21)}`;
}

export function linkCodeForKey(workspaceId: string, idempotencyKey: string): string {
  return linkCodeOf(keyDigest('link', workspaceId, idempotencyKey));
}

// A batch's links under one key: each item's code from (workspace, key, its index), so a retried
// batch addresses the very links the first attempt wrote, however far it got. (A key is printable
// ASCII, so the newline before the index cannot be part of it.)
export function linkCodeForBatchItem(workspaceId: string, idempotencyKey: string, index: number): string {
  return linkCodeOf(keyDigest('link-batch', workspaceId, `${idempotencyKey}\n${index}`));
}

function linkCodeOf(digest: Buffer): string {
  let code = '';
  for (let index = 0; index < LINK_CODE_LENGTH; index++) code += ALPHANUMERIC[(digest[index] ?? 0) % ALPHANUMERIC.length];
  return code;
}

function keyDigest(kind: string, workspaceId: string, idempotencyKey: string): Buffer {
  return createHash('sha256').update(`${kind}\n${workspaceId}\n${idempotencyKey}`).digest();
}
