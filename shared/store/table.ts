// The one table's shape, used to create it locally (dynalite) and to declare it in the CDK app.
// docs/data-model.md explains every key; shared/store/keys.ts is the only code that builds them.
export const TABLE_KEY = { partition: 'pk', sort: 'sk' } as const;
export const TTL_ATTRIBUTE = 'expiresAt';

export const INDEXES = {
  // Listings: contents of a workspace, links of a content (newest first by creation time).
  byOwner: { name: 'gsi1', partition: 'gsi1pk', sort: 'gsi1sk' },
  // Secondary listings: contents of a campaign, child links of a link.
  byGroup: { name: 'gsi2', partition: 'gsi2pk', sort: 'gsi2sk' },
  // Activity feed: every click and link by minute and shard, for the incremental aggregation.
  byActivity: { name: 'gsi3', partition: 'gsi3pk', sort: 'gsi3sk' },
} as const;

export type IndexName = (typeof INDEXES)[keyof typeof INDEXES]['name'];

// CreateTable input for the local stack and tests; the CDK app declares the same shape.
export function createTableInput(tableName: string) {
  const indexes = Object.values(INDEXES);
  const stringAttribute = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [TABLE_KEY.partition, TABLE_KEY.sort, ...indexes.flatMap((index) => [index.partition, index.sort])].map(stringAttribute),
    KeySchema: [
      { AttributeName: TABLE_KEY.partition, KeyType: 'HASH' as const },
      { AttributeName: TABLE_KEY.sort, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partition, KeyType: 'HASH' as const },
        { AttributeName: index.sort, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}
