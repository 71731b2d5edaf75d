// npm run openapi: writes docs/openapi.json from the route table and the schemas the handlers
// parse with (shared/api-schema/). `--check` writes nothing and fails if the file differs.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../infra/repo-root.js';
import { OPENAPI_DOCUMENT_PATH, openApiDocument, serializeDocument } from '../shared/api-schema/document.js';

const file = join(REPO_ROOT, OPENAPI_DOCUMENT_PATH);
const generated = serializeDocument(openApiDocument());

if (process.argv.includes('--check')) {
  const committed = readFileSync(file, 'utf8');
  if (committed !== generated) {
    console.error(`${OPENAPI_DOCUMENT_PATH} differs from what the schemas generate: run npm run openapi`);
    process.exit(1);
  }
  console.log(`${OPENAPI_DOCUMENT_PATH} is up to date`);
} else {
  writeFileSync(file, generated);
  console.log(`Wrote ${OPENAPI_DOCUMENT_PATH} (${(generated.length / 1024).toFixed(0)} KB)`);
}
