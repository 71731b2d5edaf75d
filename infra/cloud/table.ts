import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { INDEXES, TABLE_KEY, TTL_ATTRIBUTE } from '../../shared/store/table.js';

// The one table of docs/data-model.md, from the same shape the local stack creates on dynalite
// (shared/store/table.ts): on-demand, point-in-time recovery, kept on stack deletion.
export function rippleTable(scope: Construct) {
  const key = (name: string) => ({ name, type: AttributeType.STRING });
  return new TableV2(scope, 'Table', {
    partitionKey: key(TABLE_KEY.partition),
    sortKey: key(TABLE_KEY.sort),
    billing: Billing.onDemand(),
    globalSecondaryIndexes: Object.values(INDEXES).map((index) => ({
      indexName: index.name,
      partitionKey: key(index.partition),
      sortKey: key(index.sort),
      projectionType: ProjectionType.ALL,
    })),
    // Raw clicks, rate-limit windows, visitor salts and delivery attempts expire by TTL.
    timeToLiveAttribute: TTL_ATTRIBUTE,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
