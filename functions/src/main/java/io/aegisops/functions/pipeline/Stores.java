package io.aegisops.functions.pipeline;

import io.aegisops.contracts.EdgeQueues;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.functions.commands.CommandQueue;
import io.aegisops.functions.commands.Doorbell;
import io.aegisops.functions.commands.DynamoCommandQueue;
import io.aegisops.functions.commands.RingingCommandQueue;
import io.aegisops.functions.commands.SqsDoorbell;
import io.aegisops.functions.config.Env;
import io.aegisops.functions.policy.DynamoRestartBudgetStore;
import io.aegisops.functions.policy.RestartBudgetStore;
import io.aegisops.functions.runbook.DynamoRunbookStore;
import io.aegisops.functions.runbook.RunbookStore;
import io.aegisops.functions.store.DynamoIncidentStore;
import io.aegisops.functions.store.DynamoOpenIncidents;
import io.aegisops.functions.store.IncidentStore;
import io.aegisops.functions.store.OpenIncidents;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The DynamoDB-backed stores the pipeline handlers use, over one client. The no-argument constructors of
 * the handlers build it from the environment; tests build it over the DynamoDB engine.
 */
public record Stores(
        IncidentStore incidents,
        CommandQueue commands,
        RunbookStore runbook,
        RestartBudgetStore budgets,
        OpenIncidents openIncidents) {

    public static Stores over(DynamoDbClient dynamo, String tablePrefix) {
        return over(dynamo, tablePrefix, Optional.empty());
    }

    /** @param doorbell rung after each command written; empty: the agents find commands by reading the table */
    public static Stores over(DynamoDbClient dynamo, String tablePrefix, Optional<Doorbell> doorbell) {
        CommandQueue commands = new DynamoCommandQueue(dynamo, Tables.named(tablePrefix, Tables.COMMANDS));
        return new Stores(
                new DynamoIncidentStore(dynamo, Tables.named(tablePrefix, Tables.INCIDENTS)),
                doorbell.<CommandQueue>map(bell -> new RingingCommandQueue(commands, bell))
                        .orElse(commands),
                new DynamoRunbookStore(
                        dynamo, Tables.named(tablePrefix, Tables.RUNBOOK), Tables.named(tablePrefix, Tables.CONTROL)),
                new DynamoRestartBudgetStore(dynamo, Tables.named(tablePrefix, Tables.CONTROL)),
                new DynamoOpenIncidents(
                        dynamo,
                        Tables.named(tablePrefix, Tables.INCIDENTS),
                        Tables.named(tablePrefix, Tables.CONTROL)));
    }

    /** The stores over a client configured by the environment: what the handlers' no-argument constructors use. */
    public static Stores fromEnvironment(String tablePrefix) {
        return over(dynamoFromEnvironment(), tablePrefix, doorbellFromEnvironment(System.getenv()));
    }

    /**
     * The SQS doorbell when {@code AEGIS_DOORBELL_QUEUE_PREFIX} names the hosts' queues (the CDK app and the
     * embedded stack set it); none otherwise. Its client is built on the first ring, from the environment as the
     * DynamoDB client is.
     */
    public static Optional<Doorbell> doorbellFromEnvironment(Map<String, String> env) {
        String prefix = Env.text(env, EdgeQueues.PREFIX_VARIABLE);
        if (prefix == null) {
            return Optional.empty();
        }
        return Optional.of(new SqsDoorbell(
                () -> SqsClient.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        .build(),
                prefix));
    }

    /**
     * A client on the URLConnection HTTP client (the lightest to start); region, credentials and
     * {@code AWS_ENDPOINT_URL} come from the environment as the SDK reads them.
     */
    private static DynamoDbClient dynamoFromEnvironment() {
        return DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
