package io.aegisops.testsupport;

import io.aegisops.contracts.tables.TableDefinition;
import io.aegisops.contracts.tables.Tables;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What a test gets from {@link DynamoDbLocalExtension}: a client for the running engine and the table
 * prefix of its own tables (fresh per test class, so classes never see each other's items).
 */
public record DynamoDbLocal(URI endpoint, DynamoDbClient client, String tablePrefix) {

    /** The physical name of one of the AegisOps tables for this test class. */
    public String table(TableDefinition table) {
        return Tables.named(tablePrefix, table);
    }

    /** A fresh client for the engine at {@code endpoint}, with the dummy credentials DynamoDB Local accepts. */
    public static DynamoDbClient clientFor(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
