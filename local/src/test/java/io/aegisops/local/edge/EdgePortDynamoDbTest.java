package io.aegisops.local.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.contracts.tables.DynamoTables;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.dynamodb.DynamoDbEngine;
import io.aegisops.dynamodb.DynamoDbServer;
import io.aegisops.testsupport.LocalAws;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** DynamoDB engine: the AWS SDK talks to the engine, in process, through the edge port as it would through LocalStack's. */
class EdgePortDynamoDbTest {

    private final DynamoDbEngine engine = DynamoDbEngine.inMemory();
    private EdgePortServer edge;
    private DynamoDbClient dynamo;

    @BeforeEach
    void start() throws Exception {
        edge = new EdgePortServer(
                "127.0.0.1",
                0,
                Map.of("DynamoDB_", DynamoDbServer.handler(engine)),
                Map.of("/_aegis/health", exchange -> {
                    exchange.sendResponseHeaders(204, -1);
                    exchange.close();
                }),
                exchange -> {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                });
        dynamo = LocalAws.dynamo(edge.endpoint());
    }

    @AfterEach
    void stop() {
        dynamo.close();
        edge.close();
        engine.close();
    }

    @Test
    void tablesItemsAndConditionFailuresPassThrough() {
        DynamoTables.createAll(dynamo, "edge-");
        String table = Tables.named("edge-", Tables.RUNBOOK);
        Map<String, AttributeValue> item = Map.of(
                "signature", AttributeValue.fromS("HighMemoryUsage#buggy-app"), "successes", AttributeValue.fromN("2"));

        dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(signature)"));

        assertThat(dynamo.getItem(b -> b.tableName(table).key(Map.of("signature", item.get("signature"))))
                        .item())
                .isEqualTo(item);
        assertThatThrownBy(() -> dynamo.putItem(
                        b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(signature)")))
                .isInstanceOf(ConditionalCheckFailedException.class);
    }

    @Test
    void ownRoutesAndTheRestApiShareThePort() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<Void> health = http.send(
                HttpRequest.newBuilder(URI.create(edge.endpoint() + "/_aegis/health"))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        HttpResponse<Void> rest = http.send(
                HttpRequest.newBuilder(URI.create(edge.endpoint() + "/alerts")).build(),
                HttpResponse.BodyHandlers.discarding());

        assertThat(health.statusCode()).isEqualTo(204);
        assertThat(rest.statusCode()).isEqualTo(404);
    }
}
