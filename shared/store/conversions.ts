import { createHash } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Conversion } from '../domain/conversion.js';
import type { CreateOutcome } from './create-outcome.js';
import { type Db, guard } from './db.js';
import { keys } from './keys.js';
import { putIfAbsent } from './put-if-absent.js';

export interface ConversionStore {
  /** Records a conversion once per externalId; a second call reports the stored one. */
  record(conversion: Conversion, requestFingerprint: string): Promise<CreateOutcome<Conversion>>;
  /** Fixes a visitor conversion's content the first time it is attributed; answers the stored one. */
  attribute(workspaceId: string, externalId: string, contentId: string): Promise<string>;
}

// Conversions join the activity feed, so the aggregation counts them like clicks and links.
export function makeConversionStore(db: Db): ConversionStore {
  return {
    async record(conversion, requestFingerprint) {
      const outcome = await putIfAbsent(db, { ...conversionItem(conversion), requestFingerprint });
      if (outcome.created) return { created: true, value: conversion };
      return {
        created: false,
        existing: conversionFromItem(outcome.existing),
        fingerprint: (outcome.existing.requestFingerprint as string | undefined) ?? null,
      };
    },

    async attribute(workspaceId, externalId, contentId) {
      const { Attributes = {} } = await guard(() =>
        db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.conversion(workspaceId, externalId),
            UpdateExpression: 'SET contentId = if_not_exists(contentId, :contentId)',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':contentId': contentId },
            ReturnValues: 'UPDATED_NEW',
          }),
        ),
      );
      return String(Attributes.contentId);
    },
  };
}

/** The stored item of a conversion (exported for bulk loading in tests and benchmarks). */
export function conversionItem(conversion: Conversion) {
  return {
    ...keys.conversion(conversion.workspaceId, conversion.externalId),
    // The feed position must sort the same in JavaScript and DynamoDB: a hex hash, not the caller's id.
    ...keys.activity(conversion.createdAt, `conv_${createHash('sha256').update(conversion.externalId).digest('hex').slice(0, 24)}`),
    type: 'conversion',
    ...conversion,
    // Absent rather than null: if_not_exists treats a stored NULL as set (see attribute()).
    contentId: conversion.contentId ?? undefined,
  };
}

export function conversionFromItem(item: Record<string, unknown>): Conversion {
  return {
    workspaceId: String(item.workspaceId),
    externalId: String(item.externalId),
    code: (item.code as string | null | undefined) ?? null,
    visitorId: (item.visitorId as string | null | undefined) ?? null,
    contentId: (item.contentId as string | null | undefined) ?? null,
    value: Number(item.value ?? 0),
    currency: (item.currency as string | null | undefined) ?? null,
    createdAt: String(item.createdAt),
  };
}
