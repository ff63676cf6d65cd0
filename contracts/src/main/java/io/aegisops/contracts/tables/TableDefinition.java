package io.aegisops.contracts.tables;

import java.util.List;

/**
 * One table's keys, indexes and TTL attribute, independent of any SDK. The CDK stack, the local stack
 * and the DynamoDB test extension all build their tables from these, so they cannot drift apart.
 * {@code baseName} is prefixed per deployment (see {@link Tables#named}).
 */
public record TableDefinition(
        String baseName,
        KeyAttribute partitionKey,
        KeyAttribute sortKey,
        List<IndexDefinition> indexes,
        String ttlAttribute,
        boolean pointInTimeRecovery) {

    public TableDefinition {
        indexes = indexes == null ? List.of() : List.copyOf(indexes);
    }
}
