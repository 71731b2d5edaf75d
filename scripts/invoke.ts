// npm run invoke -- <function> <event.json>
// Runs one function's handler with one event against a fresh in-memory DynamoDB holding the
// sample data (infra/local/sample-data.ts), and prints the result — like `sam local invoke`.
// The local stack's defaults first (EMF metrics off, so the result is all that stdout carries).
import '../infra/local/local-env.js';
import { readFileSync } from 'node:fs';
import { loadFunction } from '../infra/local/handlers.js';
import { lambdaContext } from '../infra/local/lambda-context.js';
import { startSampleDynamo } from '../infra/local/sample-stack.js';
import { type FunctionName, functionNames } from '../shared/topology.js';

const [name, eventFile] = process.argv.slice(2);
if (!name || !eventFile || !functionNames.includes(name as FunctionName)) {
  console.error(`usage: npm run invoke -- <${functionNames.join('|')}> <event.json>   e.g. npm run invoke -- redirect events/redirect-get.json`);
  process.exit(2);
}

const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const dynamo = await startSampleDynamo();
try {
  const handler = await loadFunction(name as FunctionName);
  const result = await handler(event, lambdaContext(name));
  console.log(JSON.stringify(result, null, 2));
} finally {
  await dynamo.close();
}
