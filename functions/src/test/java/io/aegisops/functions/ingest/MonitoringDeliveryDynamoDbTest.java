package io.aegisops.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.AlertSource;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.TimelineEntry;
import io.aegisops.functions.ingest.IngestStack.Response;
import io.aegisops.testsupport.DynamoDbExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What monitoring systems rely on when they deliver to {@code POST /alerts} (docs/integrations.md): the payloads
 * the integration page shows reach their target, an answer says which alerts matched none, passing failures are
 * retried and permanent ones are not, repeats and resolutions start nothing.
 */
@ExtendWith({DynamoDbExtension.class, IngestStack.PerTestClass.class})
class MonitoringDeliveryDynamoDbTest {

    private final IngestStack stack;

    MonitoringDeliveryDynamoDbTest(IngestStack stack) {
        this.stack = stack;
    }

    @Nested
    class ThePayloadsOfTheIntegrationPage {
        @Test
        void grafanasWebhookReachesTheTargetItsAegisTargetLabelNames() {
            Response response = stack.postAlert(Fixtures.integrationFile("grafana/webhook-payload.json"));

            assertThat(response.status()).isEqualTo(202);
            assertThat(response.body().at("/results/0/target").asText()).isEqualTo("buggy-app");
            assertThat(response.body().get("unmatched")).isEmpty();
            Incident incident =
                    stack.incident(response.body().at("/results/0/incidentId").asText());
            assertThat(incident.alert().source()).isEqualTo(AlertSource.GRAFANA);
            assertThat(incident.alert().alertType()).isEqualTo("HighMemoryUsage");
            assertThat(incident.target().container()).isEqualTo("buggy-app");
        }

        @Test
        void anEventBridgeAlarmEventReachesTheTargetItsServiceDimensionNames() {
            Response response = stack.postAlert(Fixtures.integrationFile("cloudwatch/eventbridge-alarm-event.json"));

            assertThat(response.status()).isEqualTo(202);
            assertThat(response.body().get("target").asText()).isEqualTo("buggy-app");
            Incident incident = stack.incident(response.body().get("incidentId").asText());
            assertThat(incident.alert().source()).isEqualTo(AlertSource.CLOUDWATCH);
            assertThat(incident.alert().alertType()).isEqualTo("HighMemoryUsage");
        }

        @Test
        void anSnsAlarmMessageReachesTheSameIncidentAsItsEventBridgeEvent() {
            String viaEventBridge = stack.postAlert(Fixtures.integrationFile("cloudwatch/eventbridge-alarm-event.json"))
                    .body()
                    .get("incidentId")
                    .asText();
            ObjectNode event = Fixtures.tree("sns-alarm-event.json");
            ((ObjectNode) event.at("/Records/0/Sns"))
                    .put("Message", Fixtures.integrationFile("cloudwatch/sns-alarm-message.json"));

            JsonNode answer = stack.sns(Json.write(event));

            assertThat(answer.at("/results/0/incidentId").asText()).isEqualTo(viaEventBridge);
            assertThat(answer.at("/results/0/target").asText()).isEqualTo("buggy-app");
            assertThat(stack.sfn.executions()).hasSize(1);
        }

        @Test
        void theEventBridgeRuleSelectsTheEventsIngestTakes() {
            JsonNode pattern = Fixtures.parse(Fixtures.integrationFile("cloudwatch/eventbridge-api-destination.json"))
                    .at("/Resources/AegisAlarmRule/Properties/EventPattern");
            JsonNode event = Fixtures.parse(Fixtures.integrationFile("cloudwatch/eventbridge-alarm-event.json"));

            assertThat(pattern.get("source"))
                    .extracting(JsonNode::asText)
                    .containsExactly(event.get("source").asText());
            assertThat(pattern.get("detail-type"))
                    .extracting(JsonNode::asText)
                    .containsExactly(event.get("detail-type").asText());
            assertThat(pattern.at("/detail/state/value"))
                    .extracting(JsonNode::asText)
                    .contains(event.at("/detail/state/value").asText());
        }

        @Test
        void grafanasContactPointSendsTheBearerTokenToTheAlertsRoute() {
            String contactPoint = Fixtures.integrationFile("grafana/contact-point.yaml");

            assertThat(contactPoint)
                    .contains("type: webhook")
                    .containsPattern("url: https?://\\S+/alerts\\n")
                    .contains("authorization_scheme: Bearer")
                    .contains("disableResolveMessage: false");
        }
    }

    @Nested
    class AnAlertThatMatchesNoTarget {
        @Test
        void isAcceptedAndListedInTheAnswerWithTheLabelsThatWereRead() {
            Response response = stack.postAlert(Fixtures.text("alertmanager-firing.json"));

            assertThat(response.status()).isEqualTo(202);
            assertThat(response.body().at("/results/0/target").asText()).isEqualTo("buggy-app");
            assertThat(response.body().at("/results/1/target").isNull()).isTrue();
            JsonNode unmatched = response.body().get("unmatched");
            assertThat(unmatched).hasSize(1);
            assertThat(unmatched.at("/0/index").asInt()).isEqualTo(1);
            assertThat(unmatched.at("/0/alertType").asText()).isEqualTo("HighMemoryUsage");
            assertThat(unmatched.at("/0/incidentId").asText())
                    .isEqualTo(response.body().at("/results/1/incidentId").asText());
            assertThat(unmatched.at("/0/labels"))
                    .isEqualTo(Json.mapper().valueToTree(Map.of("job", "node", "instance", "10.0.3.7:9100")));
        }

        @Test
        void isListedByTheIncidentsRouteWithUnmatchedTrue() {
            JsonNode results = stack.postAlert(Fixtures.text("alertmanager-firing.json"))
                    .body()
                    .get("results");

            Response unmatched = stack.get("/incidents", Map.of("unmatched", "true"), IngestStack.ALICE_TOKEN);
            Response all = stack.get("/incidents", Map.of("unmatched", "false"), IngestStack.ALICE_TOKEN);

            assertThat(unmatched.body().get("incidents"))
                    .extracting(i -> i.get("incidentId").asText())
                    .containsExactly(results.at("/1/incidentId").asText());
            assertThat(all.body().get("incidents")).hasSize(2);
        }

        @Test
        void anUnmatchedFilterThatIsNotABooleanIsRefused() {
            Response response = stack.get("/incidents", Map.of("unmatched", "yes"), IngestStack.ALICE_TOKEN);

            assertThat(response.status()).isEqualTo(400);
        }
    }

    @Nested
    class DeliverySemantics {
        @Test
        void aPassingFailureIs503WithRetryAfterSoTheSenderRetries() {
            stack.sfn.failStartExecutions(100);

            Response failed = stack.postAlert(Fixtures.text("alertmanager-firing.json"));

            assertThat(failed.status()).isEqualTo(503);
            assertThat(failed.headers().path("Retry-After").asText())
                    .isEqualTo(Integer.toString(ApiResponse.RETRY_AFTER_SECONDS));
        }

        @Test
        void aRetryAfterAPassingFailureIsOneIncidentAndOneExecution() {
            stack.sfn.failStartExecutions(100);
            stack.postAlert(Fixtures.text("alertmanager-firing.json"));
            stack.sfn.failStartExecutions(0);

            Response retried = stack.postAlert(Fixtures.text("alertmanager-firing.json"));

            assertThat(retried.status()).isEqualTo(202);
            assertThat(stack.sfn.executions()).hasSize(2); // one per alert of the batch, none twice
        }

        @Test
        void permanentRefusalsAre4xxWithoutRetryAfter() {
            Map<String, String> json = Map.of("Content-Type", "application/json");
            Response badToken = stack.call(
                    "POST",
                    "/alerts",
                    Map.of("Authorization", "Bearer not-the-token-at-all", "Content-Type", "application/json"),
                    Fixtures.text("alertmanager-firing.json"));
            Response notJson = stack.postAlert("{\"alerts\": [");
            Response unknownShape = stack.postAlert("{\"hello\": \"world\"}");
            Response noAuth = stack.call("POST", "/alerts", json, Fixtures.text("alertmanager-firing.json"));

            assertThat(badToken.status()).isEqualTo(401);
            assertThat(notJson.status()).isEqualTo(400);
            assertThat(unknownShape.status()).isEqualTo(422);
            assertThat(noAuth.status()).isEqualTo(401);
            assertThat(List.of(badToken, notJson, unknownShape, noAuth))
                    .allSatisfy(r -> assertThat(r.headers().has("Retry-After")).isFalse());
            assertThat(stack.sfn.executions()).isEmpty();
        }

        @Test
        void theSameNotificationTwiceIsOneIncidentPerAlert() {
            JsonNode first =
                    stack.postAlert(Fixtures.text("alertmanager-firing.json")).body();
            JsonNode again =
                    stack.postAlert(Fixtures.text("alertmanager-firing.json")).body();

            assertThat(again.at("/results/0/incidentId")).isEqualTo(first.at("/results/0/incidentId"));
            assertThat(again.at("/results/0/duplicate").asBoolean()).isTrue();
            assertThat(stack.sfn.executions()).hasSize(2);
        }

        @Test
        void aResolvedNotificationIsRecordedAndStartsNothing() {
            String id = stack.postAlert(Fixtures.text("alertmanager-firing.json"))
                    .body()
                    .at("/results/0/incidentId")
                    .asText();
            int executions = stack.sfn.executions().size();
            ObjectNode resolved = Fixtures.tree("alertmanager-firing.json");
            resolved.put("status", "resolved");
            resolved.get("alerts").forEach(a -> ((ObjectNode) a).put("status", "resolved"));

            Response once = stack.postAlert(Json.write(resolved));
            Response twice = stack.postAlert(Json.write(resolved));

            assertThat(once.status()).isEqualTo(202);
            assertThat(twice.status()).isEqualTo(202);
            assertThat(stack.sfn.executions()).hasSize(executions);
            assertThat(stack.incident(id).timeline())
                    .extracting(TimelineEntry::stage)
                    .contains("ALERT_RESOLVED");
        }
    }
}
