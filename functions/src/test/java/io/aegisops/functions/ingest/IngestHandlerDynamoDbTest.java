package io.aegisops.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.AlertSource;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.TargetRef;
import io.aegisops.contracts.TimelineEntry;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.functions.ingest.IngestStack.Response;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.RecordingStepFunctionsServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /alerts} through the Lambda handler, against the DynamoDB engine and the Step Functions wire
 * protocol: every documented source starts its incident; forged, unsigned, replayed, oversized and malformed
 * requests are refused and leave no trace; repeats attach to the open incident; a failed start is finished by
 * the next delivery.
 */
@ExtendWith({DynamoDbExtension.class, IngestStack.PerTestClass.class})
class IngestHandlerDynamoDbTest {

    private final IngestStack stack;

    IngestHandlerDynamoDbTest(IngestStack stack) {
        this.stack = stack;
    }

    private void assertNothingStoredOrStarted() {
        assertThat(stack.count(Tables.INCIDENTS)).isZero();
        assertThat(stack.count(Tables.CONTROL)).isZero();
        assertThat(stack.sfn.startCalls()).isEmpty();
    }

    private static String signature(long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1="
                + WebhookAuthenticator.sign(
                        IngestStack.HMAC_SECRET.getBytes(StandardCharsets.UTF_8),
                        unixSeconds,
                        body.getBytes(StandardCharsets.UTF_8));
    }

    @Nested
    class EverySourceStartsItsIncident {
        @Test
        void anAlertmanagerBatchAnswersOneResultPerAlert() {
            Response response = stack.postAlert(Fixtures.text("alertmanager-firing.json"));

            assertThat(response.status()).isEqualTo(202);
            JsonNode results = response.body().get("results");
            assertThat(results).hasSize(2);
            JsonNode first = results.get(0);
            String id = first.get("incidentId").asText();
            assertThat(id).startsWith("inc-alertmanager-");
            assertThat(first.get("status").asText()).isEqualTo("RECEIVED");
            assertThat(first.get("duplicate").asBoolean()).isFalse();
            assertThat(first.get("executionArn").asText())
                    .isEqualTo("arn:aws:states:us-east-1:123456789012:execution:aegis-pipeline:" + id);

            Incident incident = stack.incident(id);
            assertThat(incident.target()).isEqualTo(new TargetRef("buggy-app", "buggy-app", "edge-1"));
            assertThat(incident.executionArn())
                    .isEqualTo(first.get("executionArn").asText());
            assertThat(incident.alertCount()).isEqualTo(1);
            assertThat(incident.timeline())
                    .extracting(TimelineEntry::stage)
                    .containsExactly("RECEIVED", "EXECUTION_STARTED");
            assertThat(stack.sfn.executions()).hasSize(2);
        }

        @Test
        void theExecutionInputIsIncidentIdAlertAndConfiguredService() {
            Response response = stack.postAlert(Fixtures.text("alertmanager-firing.json"));
            String id = response.body().at("/results/0/incidentId").asText();

            JsonNode input = Fixtures.parse(stack.sfn.executions().stream()
                    .filter(e -> e.name().equals(id))
                    .findFirst()
                    .orElseThrow()
                    .input());

            assertThat(input.get("incidentId").asText()).isEqualTo(id);
            assertThat(input.get("service").asText()).isEqualTo("buggy-app");
            assertThat(Json.mapper().convertValue(input.get("alert"), io.aegisops.contracts.NormalisedAlert.class))
                    .isEqualTo(stack.incident(id).alert());
        }

        @Test
        void anUnknownTargetStillStartsWithAServiceOfNullAndSaysSo() {
            Response response = stack.postAlert(Fixtures.text("alertmanager-firing.json"));
            String id = response.body().at("/results/1/incidentId").asText();

            JsonNode input = Fixtures.parse(stack.sfn.executions().stream()
                    .filter(e -> e.name().equals(id))
                    .findFirst()
                    .orElseThrow()
                    .input());
            assertThat(input.has("service")).isTrue();
            assertThat(input.get("service").isNull()).isTrue();
            Incident incident = stack.incident(id);
            assertThat(incident.target()).isEqualTo(new TargetRef("node", null, "10.0.3.7"));
            assertThat(incident.timeline()).extracting(TimelineEntry::stage).contains("TARGET_UNKNOWN");
        }

        @Test
        void grafanaEventBridgeAndGenericAnswerASingleResult() {
            for (String fixture : new String[] {"grafana-firing.json", "eventbridge-alarm.json", "generic.json"}) {
                stack.clear();
                Response response = stack.postAlert(Fixtures.text(fixture));

                assertThat(response.status()).as(fixture).isEqualTo(202);
                JsonNode result =
                        fixture.startsWith("grafana") ? response.body().at("/results/0") : response.body();
                Incident incident = stack.incident(result.get("incidentId").asText());
                assertThat(incident.target().service()).as(fixture).isEqualTo("buggy-app");
                assertThat(stack.sfn.executions()).as(fixture).hasSize(1);
            }
        }
    }

    @Nested
    class Authentication {
        private final String body = Fixtures.text("generic.json");

        @Test
        void noCredentialsIs401AndLeavesNoTrace() {
            Response response = stack.call("POST", "/alerts", Map.of("Content-Type", "application/json"), body);

            assertThat(response.status()).isEqualTo(401);
            assertThat(response.body().get("error").asText()).isEqualTo("unauthorized");
            assertNothingStoredOrStarted();
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "Bearer wrong-token-wrong-token",
                    "Bearer " + IngestStack.ALICE_TOKEN,
                    "Basic d2ViaG9vazp0b2tlbg==",
                    "Bearer"
                })
        void aForgedOrForeignTokenIs401(String authorization) {
            Response response = stack.call(
                    "POST",
                    "/alerts",
                    Map.of("Authorization", authorization, "Content-Type", "application/json"),
                    body);

            assertThat(response.status()).isEqualTo(401);
            assertNothingStoredOrStarted();
        }

        @Test
        void bothTokensOfARotationAreAcceptedWithAnyHeaderCase() {
            assertThat(stack.call(
                                    "POST",
                                    "/alerts",
                                    Map.of(
                                            "AUTHORIZATION",
                                            "bearer " + IngestStack.ROTATED_TOKEN,
                                            "Content-Type",
                                            "application/json; charset=utf-8"),
                                    body)
                            .status())
                    .isEqualTo(202);
        }

        @Test
        void aValidSignatureWithinTheWindowIsAccepted() {
            long now = stack.clock.instant().getEpochSecond();

            Response response = stack.call(
                    "POST",
                    "/alerts",
                    Map.of("x-aegis-signature", signature(now - 299, body), "Content-Type", "application/json"),
                    body);

            assertThat(response.status()).isEqualTo(202);
        }

        @Test
        void aReplayedSignatureOutsideTheWindowIs401() {
            long now = stack.clock.instant().getEpochSecond();

            assertThat(stack.call(
                                    "POST",
                                    "/alerts",
                                    Map.of(
                                            "X-Aegis-Signature",
                                            signature(now - 301, body),
                                            "Content-Type",
                                            "application/json"),
                                    body)
                            .status())
                    .isEqualTo(401);
            assertThat(stack.call(
                                    "POST",
                                    "/alerts",
                                    Map.of(
                                            "X-Aegis-Signature",
                                            signature(now + 301, body),
                                            "Content-Type",
                                            "application/json"),
                                    body)
                            .status())
                    .isEqualTo(401);
            assertNothingStoredOrStarted();
        }

        @Test
        void aSignatureOverAnotherBodyIs401EvenWithAValidToken() {
            long now = stack.clock.instant().getEpochSecond();

            Response response = stack.call(
                    "POST",
                    "/alerts",
                    Map.of(
                            "X-Aegis-Signature",
                            signature(now, body.replace("critical", "info")),
                            "Authorization",
                            "Bearer " + IngestStack.WEBHOOK_TOKEN,
                            "Content-Type",
                            "application/json"),
                    body);

            assertThat(response.status()).isEqualTo(401);
            assertThat(response.body().get("message").asText()).contains("does not match");
            assertNothingStoredOrStarted();
        }

        @Test
        void aMalformedSignatureHeaderIs401() {
            assertThat(stack.call(
                                    "POST",
                                    "/alerts",
                                    Map.of("X-Aegis-Signature", "v1=abc", "Content-Type", "application/json"),
                                    body)
                            .status())
                    .isEqualTo(401);
        }

        @Test
        void noResponseEverEchoesASecret() {
            Response response = stack.call(
                    "POST",
                    "/alerts",
                    Map.of(
                            "Authorization",
                            "Bearer " + IngestStack.ROTATED_TOKEN + "x",
                            "Content-Type",
                            "application/json"),
                    body);

            assertThat(response.body().toString()).doesNotContain(IngestStack.ROTATED_TOKEN);
        }
    }

    @Nested
    class Validation {
        private final Map<String, String> auth = Map.of("Authorization", "Bearer " + IngestStack.WEBHOOK_TOKEN);

        private Response post(String contentType, String body) {
            Map<String, String> headers = new HashMap<>(auth);
            if (contentType != null) {
                headers.put("Content-Type", contentType);
            }
            return stack.call("POST", "/alerts", headers, body);
        }

        @Test
        void aBodyOverTheLimitIs413() {
            ObjectNode generic = Fixtures.tree("generic.json");
            generic.put("logs", "x".repeat(IngestApi.MAX_BODY_BYTES));

            Response response = post("application/json", Json.write(generic));

            assertThat(response.status()).isEqualTo(413);
            assertNothingStoredOrStarted();
        }

        @Test
        void tooManyAlertsIs413() {
            ObjectNode payload = Fixtures.tree("alertmanager-firing.json");
            ArrayNode alerts = payload.withArray("alerts");
            for (int i = 0; i < 100; i++) {
                alerts.add(alerts.get(0).deepCopy());
            }

            assertThat(post("application/json", Json.write(payload)).status()).isEqualTo(413);
            assertNothingStoredOrStarted();
        }

        @ParameterizedTest
        @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", ""})
        void aBodyThatIsNotDeclaredJsonIs415(String contentType) {
            Response response = post(contentType.isEmpty() ? null : contentType, Fixtures.text("generic.json"));

            assertThat(response.status()).isEqualTo(415);
            assertNothingStoredOrStarted();
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"alert_type\":", "{} {}", "", "not json", "[1,2"})
        void malformedJsonIs400(String body) {
            Response response = post("application/json", body);

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body().get("error").asText()).isEqualTo("bad_request");
            assertNothingStoredOrStarted();
        }

        @Test
        void anUnknownShapeOrAMissingFieldIs422NamingIt() {
            Response unknown = post("application/json", "{\"hello\":\"world\"}");
            ObjectNode batch = Fixtures.tree("alertmanager-firing.json");
            ((ObjectNode) batch.withArray("alerts").get(1).get("labels")).remove("alertname");
            Response missing = post("application/json", Json.write(batch));

            assertThat(unknown.status()).isEqualTo(422);
            assertThat(missing.status()).isEqualTo(422);
            assertThat(missing.body().get("message").asText()).isEqualTo("alerts[1].labels.alertname is required");
            assertNothingStoredOrStarted();
        }

        @Test
        void unknownRoutesAndMethodsAreRefused() {
            assertThat(stack.call("GET", "/alerts", auth, null).status()).isEqualTo(405);
            assertThat(stack.call("POST", "/nothing-here", auth, "{}").status()).isEqualTo(404);
        }

        @Test
        void anEventThatIsNotAProxyEventIs400() {
            assertThat(stack.invoke("{\"hello\":1}".getBytes(StandardCharsets.UTF_8))
                            .status())
                    .isEqualTo(400);
            assertThat(stack.invoke("\u0000garbage".getBytes(StandardCharsets.UTF_8))
                            .status())
                    .isEqualTo(400);
        }
    }

    @Nested
    class Deduplication {
        @Test
        void aRedeliveryAttachesToTheSameIncidentAndExecution() {
            Response first = stack.postAlert(Fixtures.text("generic.json"));
            stack.clock.advance(Duration.ofSeconds(30));
            Response second = stack.postAlert(Fixtures.text("generic.json"));

            assertThat(second.status()).isEqualTo(202);
            assertThat(second.body().get("incidentId")).isEqualTo(first.body().get("incidentId"));
            assertThat(second.body().get("executionArn")).isEqualTo(first.body().get("executionArn"));
            assertThat(second.body().get("duplicate").asBoolean()).isTrue();
            Incident incident = stack.incident(first.body().get("incidentId").asText());
            assertThat(incident.alertCount()).isEqualTo(2);
            assertThat(incident.timeline())
                    .extracting(TimelineEntry::stage)
                    .containsExactly("RECEIVED", "EXECUTION_STARTED", "DUPLICATE");
            assertThat(stack.sfn.executions()).hasSize(1);
            // not yet taken up by the pipeline: the redelivery starts it again, with the same name and input
            assertThat(stack.sfn.startCalls())
                    .extracting(RecordingStepFunctionsServer.Call::request)
                    .containsOnly(stack.sfn.startCalls().get(0).request());
        }

        @Test
        void anotherAlertForTheSameTargetAndTypeWhileOpenAttachesToTheOpenIncident() {
            Response first = stack.postAlert(Fixtures.text("generic.json"));
            ObjectNode later = Fixtures.tree("generic.json")
                    .put("incident_id", "buggy-app-mem-2")
                    .put("timestamp", "2026-11-21T03:20:00Z");

            Response second = stack.postAlert(Json.write(later));

            assertThat(second.body().get("incidentId")).isEqualTo(first.body().get("incidentId"));
            assertThat(second.body().get("duplicate").asBoolean()).isTrue();
            assertThat(stack.count(Tables.INCIDENTS)).isEqualTo(1);
            assertThat(stack.sfn.executions()).hasSize(1);
            assertThat(stack.incident(first.body().get("incidentId").asText()).timeline())
                    .anySatisfy(e -> assertThat(e.detail()).contains("same target and alert type"));
        }

        @Test
        void onceTheIncidentHasEndedTheNextAlertOpensANewOne() {
            String firstId = stack.postAlert(Fixtures.text("generic.json"))
                    .body()
                    .get("incidentId")
                    .asText();
            Incident ended = stack.store.update(
                    firstId, i -> i.toBuilder().status(IncidentStatus.RESOLVED).build());
            stack.open.release(ended.target().service(), ended.alert().alertType(), firstId);
            ObjectNode later = Fixtures.tree("generic.json").put("incident_id", "buggy-app-mem-2");

            Response second = stack.postAlert(Json.write(later));

            assertThat(second.body().get("incidentId").asText()).isNotEqualTo(firstId);
            assertThat(second.body().get("duplicate").asBoolean()).isFalse();
            assertThat(stack.sfn.executions()).hasSize(2);
        }

        @Test
        void aMarkerLeftByAnEndedIncidentDoesNotBlock() {
            String firstId = stack.postAlert(Fixtures.text("generic.json"))
                    .body()
                    .get("incidentId")
                    .asText();
            stack.store.update(
                    firstId, i -> i.toBuilder().status(IncidentStatus.ESCALATED).build()); // never released
            ObjectNode later = Fixtures.tree("generic.json").put("incident_id", "buggy-app-mem-2");

            Response second = stack.postAlert(Json.write(later));

            assertThat(second.body().get("duplicate").asBoolean()).isFalse();
            assertThat(stack.open.holder("buggy-app", "HighMemoryUsage", stack.clock.instant()))
                    .contains(second.body().get("incidentId").asText());
        }

        @Test
        void aRepeatOfAnEndedIncidentsAlertIsCountedButStartsNothing() {
            String id = stack.postAlert(Fixtures.text("generic.json"))
                    .body()
                    .get("incidentId")
                    .asText();
            stack.store.update(
                    id, i -> i.toBuilder().status(IncidentStatus.RESOLVED).build());

            Response repeat = stack.postAlert(Fixtures.text("generic.json"));

            assertThat(repeat.body().get("status").asText()).isEqualTo("RESOLVED");
            assertThat(repeat.body().get("duplicate").asBoolean()).isTrue();
            assertThat(stack.incident(id).alertCount()).isEqualTo(2);
            assertThat(stack.sfn.startCalls()).hasSize(1);
        }

        @Test
        void aResolvedNotificationIsRecordedOnTheOpenIncidentOnly() {
            Response firing = stack.postAlert(Fixtures.text("alertmanager-firing.json"));
            String id = firing.body().at("/results/0/incidentId").asText();

            Response resolved = stack.postAlert(Fixtures.text("alertmanager-resolved.json"));

            JsonNode result = resolved.body().at("/results/0");
            assertThat(result.get("incidentId").asText()).isEqualTo(id);
            assertThat(result.get("duplicate").asBoolean()).isFalse();
            Incident incident = stack.incident(id);
            assertThat(incident.timeline()).extracting(TimelineEntry::stage).contains("ALERT_RESOLVED");
            assertThat(incident.alertCount()).isEqualTo(1);
            assertThat(incident.status()).isEqualTo(IncidentStatus.RECEIVED);
            assertThat(stack.sfn.startCalls()).hasSize(2);
        }

        @Test
        void aCloudWatchOkFindsTheOpenIncidentThroughTheMarker() {
            String id = stack.postAlert(Fixtures.text("eventbridge-alarm.json"))
                    .body()
                    .get("incidentId")
                    .asText();
            ObjectNode ok = Fixtures.tree("eventbridge-alarm.json");
            ((ObjectNode) ok.at("/detail/state")).put("value", "OK").put("timestamp", "2026-11-21T03:30:00.000+0000");

            Response response = stack.postAlert(Json.write(ok));

            assertThat(response.body().get("incidentId").asText()).isEqualTo(id);
            assertThat(stack.incident(id).timeline())
                    .extracting(TimelineEntry::stage)
                    .contains("ALERT_RESOLVED");
        }

        @Test
        void aResolvedNotificationWithoutAnIncidentIsIgnoredAndStoresNothing() {
            Response response = stack.postAlert(Fixtures.text("alertmanager-resolved.json"));

            assertThat(response.status()).isEqualTo(202);
            assertThat(response.body().at("/results/0/status").asText()).isEqualTo(IntakeResult.IGNORED);
            assertNothingStoredOrStarted();
        }
    }

    @Nested
    class ACrashBetweenStoringAndStarting {
        @Test
        void isFinishedByTheNextDeliveryWithOneExecution() {
            stack.sfn.failStartExecutions(100);
            Response failed = stack.postAlert(Fixtures.text("generic.json"));

            assertThat(failed.status()).isEqualTo(503);
            assertThat(failed.body().get("error").asText()).isEqualTo("unavailable");
            assertThat(stack.sfn.executions()).isEmpty();
            Incident stored = stack.incident(
                    Incident.idFor(AlertSource.GENERIC, "buggy-app-mem-1", Instant.parse("2026-11-21T03:12:45Z")));
            assertThat(stored.executionArn()).endsWith(":execution:aegis-pipeline:" + stored.incidentId());

            stack.sfn.failStartExecutions(0);
            Response redelivered = stack.postAlert(Fixtures.text("generic.json"));

            assertThat(redelivered.status()).isEqualTo(202);
            assertThat(redelivered.body().get("incidentId").asText()).isEqualTo(stored.incidentId());
            assertThat(stack.sfn.executions())
                    .singleElement()
                    .satisfies(e -> assertThat(e.executionArn()).isEqualTo(stored.executionArn()));
            assertThat(redelivered.body().get("executionArn").asText()).isEqualTo(stored.executionArn());
        }

        @Test
        void isFinishedByAnotherAlertForTheSameTargetToo() {
            stack.sfn.failStartExecutions(100);
            String stalled =
                    stack.postAlert(Fixtures.text("generic.json")).body().toString();
            stack.sfn.failStartExecutions(0);
            ObjectNode other = Fixtures.tree("generic.json").put("incident_id", "buggy-app-mem-2");

            Response response = stack.postAlert(Json.write(other));

            assertThat(stalled).contains("unavailable");
            assertThat(response.status()).isEqualTo(202);
            assertThat(response.body().get("duplicate").asBoolean()).isTrue();
            assertThat(stack.sfn.executions())
                    .singleElement()
                    .satisfies(e -> assertThat(e.name())
                            .isEqualTo(response.body().get("incidentId").asText()));
        }

        @Test
        void anExecutionThatExistsAlreadyIsTakenAsTheIncidentsOwn() {
            String id = Incident.idFor(AlertSource.GENERIC, "buggy-app-mem-1", Instant.parse("2026-11-21T03:12:45Z"));
            try (var sfn = stack.sfn.client()) {
                sfn.startExecution(b ->
                        b.stateMachineArn(IngestStack.STATE_MACHINE).name(id).input("{\"other\":true}"));
            }

            Response response = stack.postAlert(Fixtures.text("generic.json"));

            assertThat(response.status()).isEqualTo(202);
            assertThat(response.body().get("executionArn").asText())
                    .isEqualTo(stack.sfn.executions().get(0).executionArn());
            assertThat(stack.sfn.executions()).hasSize(1);
        }
    }

    @Nested
    class AStorm {
        private List<Response> concurrently(List<String> bodies) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Callable<Response>> posts = new ArrayList<>();
                for (String body : bodies) {
                    posts.add(() -> stack.postAlert(body));
                }
                List<Response> responses = new ArrayList<>();
                for (Future<Response> f : pool.invokeAll(posts)) {
                    responses.add(f.get());
                }
                return responses;
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void ofIdenticalAlertsBecomesOneIncidentAndOneExecution() throws Exception {
            int storm = 32;
            List<Response> responses = concurrently(Collections.nCopies(storm, Fixtures.text("generic.json")));

            assertThat(responses).extracting(Response::status).containsOnly(202);
            assertThat(responses)
                    .extracting(r -> r.body().get("incidentId").asText())
                    .containsOnly(responses.get(0).body().get("incidentId").asText());
            assertThat(responses)
                    .extracting(r -> r.body().get("executionArn").asText())
                    .doesNotContainNull()
                    .hasSize(storm)
                    .containsOnly(stack.sfn.executions().get(0).executionArn());
            assertThat(responses)
                    .filteredOn(r -> !r.body().get("duplicate").asBoolean())
                    .hasSize(1);
            assertThat(stack.sfn.executions()).hasSize(1);
            Incident incident =
                    stack.incident(responses.get(0).body().get("incidentId").asText());
            assertThat(incident.alertCount()).isEqualTo(storm);
            assertThat(incident.timeline())
                    .filteredOn(e -> e.stage().equals("DUPLICATE"))
                    .hasSize(AlertIntake.DUPLICATES_ON_TIMELINE - 1);
            assertThat(stack.count(Tables.INCIDENTS)).isEqualTo(1);
        }

        @Test
        void ofDifferentAlertsForOneTargetAndTypeBecomesOneIncidentAndOneExecution() throws Exception {
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                bodies.add(Json.write(Fixtures.tree("generic.json").put("incident_id", "storm-" + i)));
            }

            List<Response> responses = concurrently(bodies);

            assertThat(responses).extracting(Response::status).containsOnly(202);
            assertThat(responses)
                    .extracting(r -> r.body().get("incidentId").asText())
                    .containsOnly(responses.get(0).body().get("incidentId").asText());
            assertThat(stack.sfn.executions()).hasSize(1);
            assertThat(stack.count(Tables.INCIDENTS)).isEqualTo(1);
            assertThat(stack.incident(responses.get(0).body().get("incidentId").asText())
                            .alertCount())
                    .isEqualTo(16);
        }
    }
}
