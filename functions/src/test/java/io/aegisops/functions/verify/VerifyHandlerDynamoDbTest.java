package io.aegisops.functions.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.functions.pipeline.Events;
import io.aegisops.functions.pipeline.Fixtures;
import io.aegisops.functions.pipeline.Stores;
import io.aegisops.testsupport.LocalDynamoDb;
import io.aegisops.testsupport.DynamoDbExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB engine: each Verify attempt writes its own PROBE command, once. */
@ExtendWith(DynamoDbExtension.class)
class VerifyHandlerDynamoDbTest {

    private final LocalDynamoDb dynamo;
    private final Stores stores;
    private final VerifyHandler handler;

    VerifyHandlerDynamoDbTest(LocalDynamoDb dynamo) {
        this.dynamo = dynamo;
        this.stores = Fixtures.stores(dynamo);
        this.handler = new VerifyHandler(Fixtures.settings(), stores, Fixtures.CLOCK);
    }

    @Test
    void eachAttemptIsOneProbeCommandAndARetryAddsNone() throws Exception {
        String id = Fixtures.newIncidentId();
        stores.incidents().create(Fixtures.received(id));

        Events.invoke(handler, Events.load("verify.json", Map.of("incidentId", id, "attempt", "1")));
        Events.invoke(handler, Events.load("verify.json", Map.of("incidentId", id, "attempt", "1")));
        var second = Events.invoke(handler, Events.load("verify.json", Map.of("incidentId", id, "attempt", "2")));

        assertThat(second.get("commandId").asText()).isEqualTo(id + "#probe#2");
        assertThat(second.get("submission").asText()).isEqualTo("WRITTEN");
        int probes = dynamo.client().query(b -> b.tableName(dynamo.table(Tables.COMMANDS))
                .keyConditionExpression("hostId = :h AND begins_with(commandId, :i)")
                .expressionAttributeValues(Map.of(":h", AttributeValue.fromS("edge-1"), ":i", AttributeValue.fromS(id + "#probe")))).count();
        assertThat(probes).isEqualTo(2);

        Command probe = Fixtures.command(dynamo, "edge-1", id + "#probe#2").orElseThrow();
        assertThat(probe.type()).isEqualTo(CommandType.PROBE);
        assertThat(probe.taskToken()).endsWith("-2");
        assertThat(probe.params()).containsEntry("healthUrl", "http://127.0.0.1:8080/health").containsEntry("attempts", "3");

        var incident = stores.incidents().get(id).orElseThrow();
        assertThat(incident.status()).isEqualTo(IncidentStatus.VERIFYING);
        assertThat(incident.timeline()).extracting(t -> t.detail()).containsExactly(
                "health probe 1 sent to edge-1", "health probe 2 sent to edge-1");
    }
}
