import type { OperationDocs } from './operation-doc.js';
import { contentOperations } from './operations/contents.js';
import { conversionOperations } from './operations/conversions.js';
import { dashboardOperations } from './operations/dashboard.js';
import { linkOperations } from './operations/links.js';
import { publicOperations } from './operations/public.js';
import { reportOperations } from './operations/reports.js';
import { shareOperations } from './operations/shares.js';
import { webhookOperations } from './operations/webhooks.js';

// Typed against the route table, as the api function's operations are: a route without its
// description fails to compile (and test/unit/api-schema checks the document has each).
export const operationDocs: OperationDocs = {
  ...contentOperations,
  ...linkOperations,
  ...reportOperations,
  ...conversionOperations,
  ...webhookOperations,
  ...shareOperations,
  ...publicOperations,
  ...dashboardOperations,
};
