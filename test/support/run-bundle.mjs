// node test/support/run-bundle.mjs <bundle.mjs> <function name> <event.json>...
// Imports one built bundle in this fresh process, the way Lambda's runtime does, then calls its
// `handler` with each event in turn and prints one `RESULT {json}` line per event.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, functionName, ...eventFiles] = process.argv.slice(2);
const { handler } = await import(pathToFileURL(bundle).href);

const contextFor = () => {
  const deadline = Date.now() + 30_000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: `ripple-${functionName}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:ripple-${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/ripple-${functionName}`,
    logStreamName: 'bundle-test',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
};

for (const file of eventFiles) {
  const event = JSON.parse(readFileSync(file, 'utf8'));
  const context = contextFor();
  try {
    const result = await handler(event, context);
    process.stdout.write(`RESULT ${JSON.stringify({ file, requestId: context.awsRequestId, result })}\n`);
  } catch (error) {
    process.stdout.write(`RESULT ${JSON.stringify({ file, requestId: context.awsRequestId, error: String(error) })}\n`);
  }
}
