// node --import tsx scripts/dynamodb-differences.ts
// The same DynamoDB requests against dynalite and DynamoDB Local (Java 17+), side by side: the
// rules Ripple's store meets (empty key values, size limits, batch limits, expression limits,
// index reads, error texts). docs/reliability-dynamodb.md records what it printed and what was done.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTable, type LocalDynamo, startDynalite } from '../infra/local/dynamodb.js';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const TABLE = 'differences';
type Doc = DynamoDBDocumentClient;
const bytes = (n: number) => new Uint8Array(n);
const put = (doc: Doc, Item: Record<string, unknown>) => doc.send(new PutCommand({ TableName: TABLE, Item }));
const query = (doc: Doc, input: Omit<QueryCommand['input'], 'TableName'>) => doc.send(new QueryCommand({ TableName: TABLE, ...input }));

const probes: [string, (doc: Doc) => Promise<unknown>][] = [
  [
    'Query: sk > "" (an empty key condition value)',
    (doc) => query(doc, { KeyConditionExpression: 'pk = :p AND sk > :a', ExpressionAttributeValues: { ':p': 'x', ':a': '' } }),
  ],
  [
    'Query: begins_with(sk, "")',
    (doc) => query(doc, { KeyConditionExpression: 'pk = :p AND begins_with(sk, :a)', ExpressionAttributeValues: { ':p': 'x', ':a': '' } }),
  ],
  ['GetItem: an empty sort key', (doc) => doc.send(new GetCommand({ TableName: TABLE, Key: { pk: 'x', sk: '' } }))],
  ['PutItem: an empty string as an index key', (doc) => put(doc, { pk: 'g', sk: 'g', gsi2pk: '', gsi2sk: 'a' })],
  ['PutItem: an empty string elsewhere', (doc) => put(doc, { pk: 'e', sk: 'e', note: '' })],
  ['PutItem: a 1,025-byte sort key', (doc) => put(doc, { pk: 'k', sk: 'x'.repeat(1025) })],
  ['PutItem: a 1,025-byte index sort key', (doc) => put(doc, { pk: 'k', sk: 'k', gsi1pk: 'a', gsi1sk: 'x'.repeat(1025) })],
  ['PutItem: a 2,049-byte partition key', (doc) => put(doc, { pk: 'x'.repeat(2049), sk: 'k' })],
  ['PutItem: 400 KB + 1 byte', (doc) => put(doc, { pk: 'b', sk: 'b', data: bytes(400 * 1024 + 1) })],
  [
    'UpdateItem: past 400 KB',
    async (doc) => {
      await put(doc, { pk: 'u', sk: 'u', a: bytes(300 * 1024) });
      return doc.send(
        new UpdateCommand({
          TableName: TABLE,
          Key: { pk: 'u', sk: 'u' },
          UpdateExpression: 'SET #b = :b',
          ExpressionAttributeNames: { '#b': 'b' },
          ExpressionAttributeValues: { ':b': bytes(120 * 1024) },
        }),
      );
    },
  ],
  [
    'UpdateItem: an expression over 4 KB',
    (doc) => {
      const sets = Array.from({ length: 150 }, (_, i) => `#m${i} = if_not_exists(#m${i}, :m${i})`);
      const names = Object.fromEntries(sets.map((_, i) => [`#m${i}`, `l#Link${i}`]));
      const values = Object.fromEntries(sets.map((_, i) => [`:m${i}`, `click${i}`]));
      return doc.send(
        new UpdateCommand({
          TableName: TABLE,
          Key: { pk: 'x4', sk: 'x4' },
          UpdateExpression: `SET ${sets.join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    },
  ],
  [
    'BatchGetItem: a key twice',
    (doc) =>
      doc.send(
        new BatchGetCommand({
          RequestItems: {
            [TABLE]: {
              Keys: [
                { pk: 'a', sk: 'a' },
                { pk: 'a', sk: 'a' },
              ],
            },
          },
        }),
      ),
  ],
  [
    'BatchGetItem: 101 keys',
    (doc) => doc.send(new BatchGetCommand({ RequestItems: { [TABLE]: { Keys: Array.from({ length: 101 }, (_, i) => ({ pk: 'a', sk: String(i) })) } } })),
  ],
  [
    'BatchWriteItem: 26 requests',
    (doc) =>
      doc.send(
        new BatchWriteCommand({ RequestItems: { [TABLE]: Array.from({ length: 26 }, (_, i) => ({ DeleteRequest: { Key: { pk: 'a', sk: String(i) } } })) } }),
      ),
  ],
  [
    'Query: ConsistentRead on an index',
    (doc) => query(doc, { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'x' }, ConsistentRead: true }),
  ],
  [
    'GetItem: a reserved word (name) in a projection',
    (doc) => doc.send(new GetCommand({ TableName: TABLE, Key: { pk: 'a', sk: 'a' }, ProjectionExpression: 'name' })),
  ],
  [
    'PutItem failing its condition, ReturnValuesOnConditionCheckFailure ALL_OLD',
    async (doc) => {
      await put(doc, { pk: 'c', sk: 'c', v: 1 });
      return doc.send(
        new PutCommand({
          TableName: TABLE,
          Item: { pk: 'c', sk: 'c', v: 2 },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    },
  ],
  [
    'Query: Limit 3 with a filter matching 1 in 5',
    async (doc) => {
      for (let i = 0; i < 10; i++) await put(doc, { pk: 'f', sk: String(i), keep: i % 5 === 0 });
      return query(doc, { KeyConditionExpression: 'pk = :p', FilterExpression: 'keep = :t', ExpressionAttributeValues: { ':p': 'f', ':t': true }, Limit: 3 });
    },
  ],
  [
    'Query an index right after a put (Select COUNT)',
    async (doc) => {
      await put(doc, { pk: 'ix', sk: 'ix', gsi2pk: 'children', gsi2sk: 'a' });
      return query(doc, { IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p', ExpressionAttributeValues: { ':p': 'children' }, Select: 'COUNT' });
    },
  ],
  ['The largest binary attribute an item with pk "z", sk "z" holds', largestAttribute],
];

async function largestAttribute(doc: Doc) {
  let [fits, tooLarge] = [390 * 1024, 410 * 1024];
  while (tooLarge - fits > 1) {
    const middle = Math.floor((fits + tooLarge) / 2);
    try {
      await put(doc, { pk: 'z', sk: 'z', data: bytes(middle) });
      fits = middle;
    } catch {
      tooLarge = middle;
    }
  }
  return { bytes: fits };
}

async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    const { $metadata: _metadata, ...answer } = ((await run()) ?? {}) as Record<string, unknown>;
    return `ok ${JSON.stringify(answer, (_key, value: unknown) => (value instanceof Uint8Array ? `<${value.length} bytes>` : value))}`;
  } catch (error) {
    const failure = error as Error & { Item?: unknown };
    const message = failure.message.length > 160 ? `${failure.message.slice(0, 160)}…` : failure.message;
    return `${failure.name}: ${message}${failure.Item ? ' (the stored item attached)' : ''}`;
  }
}

async function answers(dynamo: LocalDynamo): Promise<string[]> {
  await ensureTable(dynamo.endpoint, TABLE);
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const doc = DynamoDBDocumentClient.from(client);
  try {
    const results: string[] = [];
    for (const [, run] of probes) results.push(await outcome(() => run(doc)));
    return results;
  } finally {
    client.destroy();
    await dynamo.close();
  }
}

const dynalite = await answers(await startDynalite());
const dynamoDbLocal = await answers(await startDynamoDbLocal());
probes.forEach(([name], i) => {
  const same = dynalite[i] === dynamoDbLocal[i];
  console.log(`${same ? '=' : '≠'} ${name}\n    dynalite:       ${dynalite[i]}${same ? '' : `\n    DynamoDB Local: ${dynamoDbLocal[i]}`}`);
});
