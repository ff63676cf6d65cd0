package io.aegisops.functions.pipeline;

import io.aegisops.contracts.tables.Tables;
import io.aegisops.functions.commands.CommandQueue;
import io.aegisops.functions.commands.DynamoCommandQueue;
import io.aegisops.functions.policy.DynamoRestartBudgetStore;
import io.aegisops.functions.policy.RestartBudgetStore;
import io.aegisops.functions.runbook.DynamoRunbookStore;
import io.aegisops.functions.runbook.RunbookStore;
import io.aegisops.functions.store.DynamoIncidentStore;
import io.aegisops.functions.store.DynamoOpenIncidents;
import io.aegisops.functions.store.IncidentStore;
import io.aegisops.functions.store.OpenIncidents;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB-backed stores the pipeline handlers use, over one client. The no-argument constructors of
 * the handlers build it from the environment; tests build it over the DynamoDB engine.
 */
public record Stores(IncidentStore incidents, CommandQueue commands, RunbookStore runbook, RestartBudgetStore budgets,
                     OpenIncidents openIncidents) {

    public static Stores over(DynamoDbClient dynamo, String tablePrefix) {
        return new Stores(
                new DynamoIncidentStore(dynamo, Tables.named(tablePrefix, Tables.INCIDENTS)),
                new DynamoCommandQueue(dynamo, Tables.named(tablePrefix, Tables.COMMANDS)),
                new DynamoRunbookStore(dynamo, Tables.named(tablePrefix, Tables.RUNBOOK), Tables.named(tablePrefix, Tables.CONTROL)),
                new DynamoRestartBudgetStore(dynamo, Tables.named(tablePrefix, Tables.CONTROL)),
                new DynamoOpenIncidents(dynamo, Tables.named(tablePrefix, Tables.INCIDENTS), Tables.named(tablePrefix, Tables.CONTROL)));
    }

    /** The stores over a client configured by the environment: what the handlers' no-argument constructors use. */
    public static Stores fromEnvironment(String tablePrefix) {
        return over(dynamoFromEnvironment(), tablePrefix);
    }

    /**
     * A client on the URLConnection HTTP client (the lightest to start); region, credentials and
     * {@code AWS_ENDPOINT_URL} come from the environment as the SDK reads them.
     */
    private static DynamoDbClient dynamoFromEnvironment() {
        return DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }
}
