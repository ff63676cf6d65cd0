package io.aegisops.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.TimelineStage;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.functions.ingest.IngestStack.Response;
import io.aegisops.functions.ingest.normalise.AlertNormaliser;
import io.aegisops.testsupport.DynamoDbExtension;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Local DynamoDB engine: one request cannot fan out. Past the alert limit it is refused whole; alerts for targets
 * nobody configured are grouped into one escalation per request instead of one execution (and page) each.
 */
@ExtendWith({DynamoDbExtension.class, IngestStack.PerTestClass.class})
class IngestFanOutDynamoDbTest {

    private final IngestStack stack;

    IngestFanOutDynamoDbTest(IngestStack stack) {
        this.stack = stack;
    }

    /** An Alertmanager request with {@code unknown} alerts, each for another host nobody configured. */
    private static ObjectNode batch(int unknown, boolean withKnownTarget) {
        ObjectNode payload = Json.read(
                "{\"version\": \"4\", \"status\": \"firing\", \"receiver\": \"aegisops\", \"alerts\": []}",
                ObjectNode.class);
        ArrayNode alerts = payload.withArray("alerts");
        for (int i = 0; i < unknown; i++) {
            ObjectNode alert = alerts.addObject().put("status", "firing").put("startsAt", "2026-11-21T03:12:45Z");
            alert.putObject("labels")
                    .put("alertname", "NodeDown")
                    .put("instance", "10.0.9." + i + ":9100")
                    .put("job", "node-" + i);
        }
        if (withKnownTarget) {
            ObjectNode alert = alerts.addObject().put("status", "firing").put("startsAt", "2026-11-21T03:12:45Z");
            alert.putObject("labels").put("alertname", "HighMemoryUsage").put("job", "buggy-app");
        }
        return payload;
    }

    @Nested
    class AtTheLimit {
        @Test
        void fiftyAlertsForFiftyUnknownHostsMakeOneIncidentAndOneExecution() {
            Response response =
                    stack.postAlert(Json.write(batch(AlertNormaliser.DEFAULT_MAX_ALERTS_PER_REQUEST, false)));

            assertThat(response.status()).isEqualTo(202);
            JsonNode results = response.body().get("results");
            assertThat(results).hasSize(50);
            Set<String> incidents = new HashSet<>(results.findValuesAsText("incidentId"));
            assertThat(incidents).hasSize(1);
            assertThat(stack.count(Tables.INCIDENTS)).isEqualTo(1);
            assertThat(stack.sfn.startCalls()).hasSize(1);

            Incident escalation = stack.incident(incidents.iterator().next());
            assertThat(escalation.alertCount()).isEqualTo(50);
            assertThat(escalation.timeline())
                    .filteredOn(e -> e.stage().equals(TimelineStage.DUPLICATE.wireName()))
                    .as("the first alert and the next ones up to the timeline's bound; the rest only counted")
                    .hasSize(AlertIntake.DUPLICATES_ON_TIMELINE - 1)
                    .allSatisfy(e -> assertThat(e.detail()).contains("grouped into this request's escalation"));
            assertThat(results.get(0).get("duplicate").asBoolean()).isFalse();
            assertThat(results.get(49).get("duplicate").asBoolean()).isTrue();
        }

        @Test
        void oneMoreIsRefusedWith413AndNothingIsStoredOrStarted() {
            Response response =
                    stack.postAlert(Json.write(batch(AlertNormaliser.DEFAULT_MAX_ALERTS_PER_REQUEST + 1, false)));

            assertThat(response.status()).isEqualTo(413);
            assertThat(response.body().toString()).contains("50");
            assertThat(stack.count(Tables.INCIDENTS)).isZero();
            assertThat(stack.sfn.startCalls()).isEmpty();
        }
    }

    @Nested
    class AMixedRequest {
        @Test
        void theConfiguredTargetStillGetsItsOwnIncidentBesideTheGroupedEscalation() {
            Response response = stack.postAlert(Json.write(batch(3, true)));

            assertThat(response.status()).isEqualTo(202);
            JsonNode results = response.body().get("results");
            assertThat(new HashSet<>(results.findValuesAsText("incidentId"))).hasSize(2);
            assertThat(stack.count(Tables.INCIDENTS)).isEqualTo(2);
            assertThat(stack.sfn.startCalls()).hasSize(2);
            assertThat(stack.incident(results.get(3).get("incidentId").asText())
                            .target()
                            .service())
                    .isEqualTo("buggy-app");
        }
    }
}
