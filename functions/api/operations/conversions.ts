import { type Conversion, recordConversionInput } from '../../../shared/domain/conversion.js';
import { conflict, validationError } from '../../../shared/errors.js';
import { replayHeaders, requestFingerprint } from '../../../shared/http/idempotency.js';
import { parseBody } from '../../../shared/http/input.js';
import { conversionView } from '../../../shared/http/views.js';
import { json } from '../../../shared/http/responses.js';
import type { Operation } from './types.js';

// POST /v1/conversions: idempotent on externalId — the same conversion sent again is answered
// with the stored one (200) and counted once; the same externalId with other details is a 409.
export const recordConversion: Operation = async ({ event, workspaceId }, { links, conversions, clock }) => {
  const input = parseBody(event, recordConversionInput);
  const link = input.code === undefined ? null : await links.getInWorkspace(workspaceId, input.code);
  if (input.code !== undefined && !link) throw validationError([{ path: ['code'], message: 'is not a link of this workspace' }]);

  const conversion: Conversion = {
    workspaceId,
    externalId: input.externalId,
    code: link?.code ?? null,
    visitorId: link ? null : (input.visitor ?? null),
    contentId: link?.contentId ?? null,
    value: input.value,
    currency: input.currency ?? null,
    createdAt: clock().toISOString(), // just before the write (the aggregation's watermark)
  };
  const outcome = await conversions.record(conversion, requestFingerprint(input));
  if (outcome.created) return json(201, conversionView(outcome.value));
  if (outcome.fingerprint !== requestFingerprint(input)) {
    throw conflict('A conversion with this externalId was already recorded with different details');
  }
  return json(200, conversionView(outcome.existing), { headers: replayHeaders(true) });
};
