package io.aegisops.testsupport;

import io.aegisops.contracts.tables.TableDefinition;
import io.aegisops.contracts.tables.Tables;
import java.net.URI;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What a test gets from {@link DynamoDbExtension}: a client for the running engine and the table
 * prefix of its own tables (fresh per test class, so classes never see each other's items).
 */
public record LocalDynamoDb(URI endpoint, DynamoDbClient client, String tablePrefix) {

    /** The physical name of one of the AegisOps tables for this test class. */
    public String table(TableDefinition table) {
        return Tables.named(tablePrefix, table);
    }
}
