package io.aegisops.functions.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandStatus;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Severity;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.functions.pipeline.Events;
import io.aegisops.functions.pipeline.Fixtures;
import io.aegisops.functions.pipeline.Stores;
import io.aegisops.testsupport.LocalDynamoDb;
import io.aegisops.testsupport.DynamoDbExtension;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB engine: CollectEvidence writes one INSPECT command with the task token, for the configured host. */
@ExtendWith(DynamoDbExtension.class)
class CollectEvidenceHandlerDynamoDbTest {

    private final LocalDynamoDb dynamo;
    private final Stores stores;
    private final CollectEvidenceHandler handler;

    CollectEvidenceHandlerDynamoDbTest(LocalDynamoDb dynamo) {
        this.dynamo = dynamo;
        this.stores = Fixtures.stores(dynamo);
        this.handler = new CollectEvidenceHandler(Fixtures.settings(), stores, Fixtures.CLOCK);
    }

    @Nested
    class KnownTarget {
        @Test
        void oneInspectCommandLandsEvenWhenTheHandlerRunsTwice() throws Exception {
            String id = Fixtures.newIncidentId();
            stores.incidents().create(Fixtures.received(id));
            String payload = Events.load("collect-evidence.json", Map.of("incidentId", id));

            JsonNode first = Events.invoke(handler, payload);
            JsonNode second = Events.invoke(handler, payload);

            assertThat(first.get("submission").asText()).isEqualTo("WRITTEN");
            assertThat(second.get("submission").asText()).isEqualTo("TOKEN_REPLACED");
            assertThat(commandsOf(id)).isEqualTo(1);
            Command inspect = Fixtures.command(dynamo, "edge-1", id + "#inspect#1").orElseThrow();
            assertThat(inspect.type()).isEqualTo(CommandType.INSPECT);
            assertThat(inspect.status()).isEqualTo(CommandStatus.PENDING);
            assertThat(inspect.container()).isEqualTo("buggy-app");
            assertThat(inspect.taskToken()).isEqualTo("AQCEAAAAKgAAAAMAAAAAAAAAAU1vY2tUb2tlbi1pbnNwZWN0");
            assertThat(inspect.params()).containsEntry("logLines", "200");

            var incident = stores.incidents().get(id).orElseThrow();
            assertThat(incident.status()).isEqualTo(IncidentStatus.DIAGNOSING);
            assertThat(incident.timeline()).hasSize(1);
        }
    }

    @Nested
    class Retried {
        @Test
        void aRetriedStateIsAnsweredOnItsOwnTokenWhileTheCommandIsPending() throws Exception {
            String id = Fixtures.newIncidentId();
            stores.incidents().create(Fixtures.received(id));
            String payload = Events.load("collect-evidence.json", Map.of("incidentId", id));

            Events.invoke(handler, payload);
            Events.invoke(handler, payload.replace("AQCEAAAAKgAAAAMAAAAAAAAAAU1vY2tUb2tlbi1pbnNwZWN0", "second-task-token"));

            assertThat(commandsOf(id)).isEqualTo(1);
            assertThat(Fixtures.command(dynamo, "edge-1", id + "#inspect#1").orElseThrow().taskToken()).isEqualTo("second-task-token");
            assertThat(stores.incidents().get(id).orElseThrow().timeline()).hasSize(1);
        }
    }

    @Nested
    class AfterTheCommandIsQueued {
        @Test
        void aFailedIncidentUpdateIsLoggedNotThrown() throws Exception {
            String id = Fixtures.newIncidentId(); // no incident item: the update after the put fails

            JsonNode answer = Events.invoke(handler, Events.load("collect-evidence.json", Map.of("incidentId", id)));

            assertThat(answer.get("submission").asText()).isEqualTo("WRITTEN");
            assertThat(commandsOf(id)).isEqualTo(1);
        }
    }

    @Nested
    class UnknownTarget {
        @Test
        void failsAtOnceWithAegisUnknownTargetAndWritesNothing() {
            String id = Fixtures.newIncidentId();
            stores.incidents().create(Fixtures.received(id, "mystery", "HighMemoryUsage", Severity.HIGH));
            String payload = Events.load("collect-evidence.json", Map.of("incidentId", id)).replace("buggy-app", "mystery");

            assertThatThrownBy(() -> Events.invoke(handler, payload))
                    .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo("Aegis.UnknownTarget"));
            assertThat(stores.incidents().get(id).orElseThrow().status()).isEqualTo(IncidentStatus.RECEIVED);
        }

        @Test
        void aPayloadWithoutTokenIsRefusedWithAClearMessage() {
            assertThatThrownBy(() -> Events.invoke(handler, "{\"incidentId\": \"inc-x\", \"service\": \"buggy-app\"}"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("taskToken");
        }
    }

    private int commandsOf(String incidentId) {
        return dynamo.client().query(b -> b.tableName(dynamo.table(Tables.COMMANDS))
                .keyConditionExpression("hostId = :h AND begins_with(commandId, :i)")
                .expressionAttributeValues(Map.of(":h", AttributeValue.fromS("edge-1"), ":i", AttributeValue.fromS(incidentId)))).count();
    }
}
