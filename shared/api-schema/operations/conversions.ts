import { recordConversionInput } from '../../domain/conversion.js';
import * as z from '../../domain/zod.js';
import { jsonAnswer } from '../answers.js';
import { conversionExample } from '../examples.js';
import type { OperationDocs } from '../operation-doc.js';
import { replayedHeader } from '../parameters.js';
import { conversion } from '../resources.js';
import { withFieldDocs } from '../schema-kit.js';
import { SAMPLE } from '../values.js';

const recordBody = withFieldDocs(
  recordConversionInput,
  {
    code: 'The link the conversion came through, if you know it.',
    visitor: 'Otherwise the visitor (the `rpl_vid` cookie): the conversion goes to the content of their latest click, when aggregated.',
    externalId: 'Your id for it (an order number): the same again is counted once.',
    value: 'Its value, 0 to 10^12.',
    currency: 'ISO 4217, such as `EUR`.',
  },
  { id: 'RecordConversion', description: 'Give `code` or `visitor`.' },
);

export const conversionOperations: OperationDocs<'POST /v1/conversions'> = {
  'POST /v1/conversions': {
    operationId: 'recordConversion',
    tag: 'Conversions',
    summary: 'Record a conversion',
    description:
      'Idempotent on `externalId`: the same conversion again answers 200 with the stored one and is counted once; the same `externalId` with other details is a 409.',
    body: { schema: recordBody, example: { code: SAMPLE.childCode, externalId: 'order-1001', value: 49.9, currency: 'EUR' } },
    responses: {
      201: jsonAnswer('Recorded.', conversion, conversionExample),
      200: jsonAnswer('Recorded before, with the same details: the stored conversion.', conversion, conversionExample, z.object(replayedHeader)),
    },
    errors: ['validation_error', 'invalid_json', 'conflict', 'payload_too_large', 'unavailable'],
  },
};
