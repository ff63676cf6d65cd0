package io.aegisops.dynamodb;

import static io.aegisops.dynamodb.Sdk.n;
import static io.aegisops.dynamodb.Sdk.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The durable engine (H2 MVStore): what was acknowledged is there after a restart, even after {@code kill -9}. */
@SuppressWarnings("unchecked") // the SDK's Consumer<Builder>... varargs, as its own docs write them
class DurabilityTest {

    @TempDir
    Path dir;

    private static void createTable(DynamoDbClient client) {
        client.createTable(b -> b.tableName("kept")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("status").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .globalSecondaryIndexes(g -> g.indexName("byStatus")
                        .keySchema(k -> k.attributeName("status").keyType(KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.ALL))));
        client.updateTimeToLive(b ->
                b.tableName("kept").timeToLiveSpecification(t -> t.enabled(true).attributeName("ttl")));
    }

    @Test
    void tablesIndexesTimeToLiveAndItemsSurviveARestart() throws IOException {
        try (DynamoDbEngine engine = DynamoDbEngine.durable(dir);
                DynamoDbServer server = DynamoDbServer.start(engine, 0);
                DynamoDbClient client = Sdk.client(server.endpoint())) {
            createTable(client);
            client.putItem(b -> b.tableName("kept").item(Map.of("pk", s("a"), "status", s("OPEN"), "n", n(1))));
            client.putItem(b -> b.tableName("kept").item(Map.of("pk", s("b"), "status", s("OPEN"))));
            client.deleteItem(b -> b.tableName("kept").key(Map.of("pk", s("b"))));
        }
        try (DynamoDbEngine engine = DynamoDbEngine.durable(dir);
                DynamoDbServer server = DynamoDbServer.start(engine, 0);
                DynamoDbClient client = Sdk.client(server.endpoint())) {
            assertThat(client.query(b -> b.tableName("kept")
                                    .indexName("byStatus")
                                    .keyConditionExpression("#s = :s")
                                    .expressionAttributeNames(Map.of("#s", "status"))
                                    .expressionAttributeValues(Map.of(":s", s("OPEN"))))
                            .items())
                    .extracting(i -> i.get("pk").s())
                    .containsExactly("a");
            assertThat(client.describeTimeToLive(b -> b.tableName("kept"))
                            .timeToLiveDescription()
                            .attributeName())
                    .isEqualTo("ttl");
        }
    }

    @Test
    void everyAcknowledgedWriteSurvivesKillMinusNine() throws Exception {
        Child first = startChild();
        int written = 0;
        try (DynamoDbClient client = Sdk.client(first.awaitEndpoint())) {
            createTable(client);
            for (; written < 300; written++) {
                String pk = "item-" + written;
                client.putItem(b -> b.tableName("kept").item(Map.of("pk", s(pk), "status", s("OPEN"))));
            }
        } finally {
            first.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no shutdown hook, no close
        }
        Child second = startChild();
        try (DynamoDbClient client = Sdk.client(second.awaitEndpoint())) {
            int count = client.scan(b -> b.tableName("kept").select("COUNT")).count();
            assertThat(count).isEqualTo(written);
        } finally {
            second.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Child startChild() throws IOException {
        Path portFile = dir.resolve("port-" + UUID.randomUUID());
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(List.of(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        DurableEngineProcess.class.getName(),
                        dir.resolve("data").toString(),
                        portFile.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return new Child(process, portFile);
    }

    /** An engine process and the file it writes its port to once it serves. */
    private record Child(Process process, Path portFile) {
        URI awaitEndpoint() throws IOException {
            await("the engine process to serve")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20))
                    .failFast("the engine process exited", () -> !process.isAlive())
                    .until(() -> Files.exists(portFile));
            return URI.create("http://127.0.0.1:" + Files.readString(portFile).strip());
        }
    }
}
