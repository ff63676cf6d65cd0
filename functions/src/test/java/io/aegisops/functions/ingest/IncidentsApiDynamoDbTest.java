package io.aegisops.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.TimelineEntry;
import io.aegisops.contracts.redact.Redactor;
import io.aegisops.functions.ingest.IngestStack.Response;
import io.aegisops.testsupport.DynamoDbExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
 * {@code GET /incidents}, {@code GET /incidents/{id}} and {@code POST /incidents/{id}/approval} through the
 * Lambda handler: approvers authenticate with their own token, and a waiting execution's task token is
 * answered exactly once.
 */
@ExtendWith({DynamoDbExtension.class, IngestStack.PerTestClass.class})
class IncidentsApiDynamoDbTest {

    private final IngestStack stack;

    IncidentsApiDynamoDbTest(IngestStack stack) {
        this.stack = stack;
    }

    /** An incident per generic alert, each for its own alert type so none attaches to another. */
    private String incident(String alertType) {
        ObjectNode alert =
                Fixtures.tree("generic.json").put("alert_type", alertType).put("incident_id", alertType);
        stack.clock.advance(Duration.ofSeconds(1));
        return stack.postAlert(Json.write(alert)).body().get("incidentId").asText();
    }

    /** What RequestApproval does: it stores the execution's task token (issued by the waiting task) on the incident. */
    private String awaitingApproval(String token) {
        String id = incident("NeedsApproval");
        stack.store.update(
                id, i -> i.toBuilder().status(IncidentStatus.AWAITING_APPROVAL).build());
        stack.store.putApprovalToken(id, stack.sfn.openTask(token));
        return id;
    }

    @Nested
    class Listing {
        @Test
        void incidentsComeNewestFirstInPages() {
            List<String> created = List.of(incident("A"), incident("B"), incident("C"));

            Response first = stack.get("/incidents", Map.of("limit", "2"), IngestStack.ALICE_TOKEN);
            Response second = stack.get(
                    "/incidents",
                    Map.of(
                            "limit",
                            "2",
                            "cursor",
                            first.body().get("nextCursor").asText()),
                    IngestStack.BOB_TOKEN);

            assertThat(first.status()).isEqualTo(200);
            List<String> listed = new ArrayList<>();
            first.body()
                    .get("incidents")
                    .forEach(i -> listed.add(i.get("incidentId").asText()));
            second.body()
                    .get("incidents")
                    .forEach(i -> listed.add(i.get("incidentId").asText()));
            assertThat(listed).containsExactly(created.get(2), created.get(1), created.get(0));
            assertThat(second.body().get("nextCursor").isNull()).isTrue();
        }

        @Test
        void aStatusFilterListsOnlyThatStatus() {
            incident("A");
            String resolved = incident("B");
            stack.store.update(
                    resolved, i -> i.toBuilder().status(IncidentStatus.RESOLVED).build());

            Response response = stack.get("/incidents", Map.of("status", "resolved"), IngestStack.ALICE_TOKEN);

            assertThat(response.body().get("incidents"))
                    .singleElement()
                    .satisfies(i -> assertThat(i.get("incidentId").asText()).isEqualTo(resolved));
        }

        @Test
        void serviceSeverityAndSourceFiltersKeepOnlyTheirIncidents() {
            String low = stack.postAlert(Json.write(Fixtures.tree("generic.json")
                            .put("alert_type", "FilterLow")
                            .put("incident_id", "FilterLow")
                            .put("severity", "low")))
                    .body()
                    .get("incidentId")
                    .asText();
            String checkout = stack.postAlert(Json.write(Fixtures.tree("generic.json")
                            .put("alert_type", "FilterCheckout")
                            .put("incident_id", "FilterCheckout")
                            .put("container_name", "checkout")))
                    .body()
                    .get("incidentId")
                    .asText();

            assertThat(ids(stack.get("/incidents", Map.of("severity", "LOW"), IngestStack.ALICE_TOKEN)))
                    .containsExactly(low);
            assertThat(ids(stack.get("/incidents", Map.of("service", "checkout"), IngestStack.ALICE_TOKEN)))
                    .containsExactly(checkout);
            assertThat(ids(stack.get(
                            "/incidents", Map.of("service", "checkout", "source", "generic"), IngestStack.ALICE_TOKEN)))
                    .containsExactly(checkout);
            assertThat(ids(stack.get("/incidents", Map.of("source", "GRAFANA"), IngestStack.ALICE_TOKEN)))
                    .isEmpty();
        }

        private List<String> ids(Response response) {
            assertThat(response.status()).isEqualTo(200);
            List<String> ids = new ArrayList<>();
            response.body()
                    .get("incidents")
                    .forEach(i -> ids.add(i.get("incidentId").asText()));
            return ids;
        }

        @Test
        void badParametersAre400() {
            assertThat(stack.get("/incidents", Map.of("status", "SLEEPING"), IngestStack.ALICE_TOKEN)
                            .status())
                    .isEqualTo(400);
            assertThat(stack.get("/incidents", Map.of("limit", "0"), IngestStack.ALICE_TOKEN)
                            .status())
                    .isEqualTo(400);
            assertThat(stack.get("/incidents", Map.of("limit", "many"), IngestStack.ALICE_TOKEN)
                            .status())
                    .isEqualTo(400);
            assertThat(stack.get("/incidents", Map.of("cursor", "eyJ4IjoieSJ9"), IngestStack.ALICE_TOKEN)
                            .status())
                    .isEqualTo(400);
            assertThat(stack.get("/incidents", Map.of("severity", "LOUD"), IngestStack.ALICE_TOKEN)
                            .status())
                    .isEqualTo(400);
            assertThat(stack.get("/incidents", Map.of("source", "PAGER"), IngestStack.ALICE_TOKEN)
                            .status())
                    .isEqualTo(400);
            assertThat(stack.get("/incidents", Map.of("service", "a\u0007b"), IngestStack.ALICE_TOKEN)
                            .status())
                    .isEqualTo(400);
            assertThat(stack.get("/incidents", Map.of("service", "x".repeat(129)), IngestStack.ALICE_TOKEN)
                            .status())
                    .isEqualTo(400);
            assertThat(stack.get("/incidents", Map.of("since", "yesterday"), IngestStack.ALICE_TOKEN)
                            .status())
                    .isEqualTo(400);
            assertThat(stack.get(
                                    "/incidents",
                                    Map.of("since", "2026-12-06T03:00:00Z", "until", "2026-12-06T03:00:00Z"),
                                    IngestStack.ALICE_TOKEN)
                            .status())
                    .isEqualTo(400);
        }

        @Test
        void aTimeRangeKeepsTheIncidentsCreatedWithinIt() {
            Instant at = stack.clock.instant().truncatedTo(ChronoUnit.MILLIS);
            String created = stack.postAlert(Json.write(Fixtures.tree("generic.json")
                            .put("alert_type", "FilterTime")
                            .put("incident_id", "FilterTime")))
                    .body()
                    .get("incidentId")
                    .asText();
            Instant after = at.plusMillis(1);

            assertThat(ids(stack.get(
                            "/incidents",
                            Map.of("since", at.toString(), "until", after.toString()),
                            IngestStack.ALICE_TOKEN)))
                    .contains(created);
            assertThat(ids(stack.get("/incidents", Map.of("since", after.toString()), IngestStack.ALICE_TOKEN)))
                    .doesNotContain(created);
            assertThat(ids(stack.get("/incidents", Map.of("until", at.toString()), IngestStack.ALICE_TOKEN)))
                    .doesNotContain(created);
        }

        @Test
        void readingNeedsAnApproversTokenNotAWebhookToken() {
            assertThat(stack.get("/incidents", Map.of(), IngestStack.WEBHOOK_TOKEN)
                            .status())
                    .isEqualTo(401);
            assertThat(stack.call("GET", "/incidents", Map.of(), null).status()).isEqualTo(401);
        }
    }

    @Nested
    class OneIncident {
        @Test
        void comesWithItsTimeline() {
            String id = incident("A");

            Response response = stack.get("/incidents/" + id, Map.of(), IngestStack.ALICE_TOKEN);

            assertThat(response.status()).isEqualTo(200);
            Incident incident = Json.mapper().convertValue(response.body(), Incident.class);
            assertThat(incident).isEqualTo(stack.incident(id));
            assertThat(incident.timeline())
                    .extracting(TimelineEntry::stage)
                    .containsExactly("RECEIVED", "EXECUTION_STARTED");
        }

        @Test
        void anUnknownOrMalformedIdIs404() {
            assertThat(stack.get("/incidents/inc-generic-nothing", Map.of(), IngestStack.ALICE_TOKEN)
                            .status())
                    .isEqualTo(404);
            assertThat(stack.get("/incidents/..%2F..", Map.of(), IngestStack.ALICE_TOKEN)
                            .status())
                    .isEqualTo(404);
        }
    }

    @Nested
    class AnExecution {
        @Test
        void needsAnApproversTokenAndAKnownIncident() {
            String id = incident("Graphed");

            assertThat(stack.get("/incidents/" + id + "/execution", Map.of(), IngestStack.WEBHOOK_TOKEN)
                            .status())
                    .isEqualTo(401);
            assertThat(stack.get("/incidents/inc-generic-nothing/execution", Map.of(), IngestStack.ALICE_TOKEN)
                            .status())
                    .isEqualTo(404);
            assertThat(stack.call(
                                    "POST",
                                    "/incidents/" + id + "/execution",
                                    Map.of("Authorization", "Bearer " + IngestStack.ALICE_TOKEN),
                                    null)
                            .status())
                    .isEqualTo(405);
        }
    }

    @Nested
    class Approval {
        @Test
        void anApprovalCompletesTheWaitingTaskWithTheApproversIdentity() {
            String id = awaitingApproval("task-token-1");

            Response response =
                    stack.decide(id, IngestStack.ALICE_TOKEN, "{\"decision\":\"APPROVE\",\"comment\":\"go ahead\"}");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body().get("approver").asText()).isEqualTo("alice");
            assertThat(stack.sfn.taskAnswers()).singleElement().satisfies(answer -> {
                assertThat(answer.taskToken()).isEqualTo("task-token-1");
                assertThat(Fixtures.parse(answer.output()))
                        .isEqualTo(Fixtures.parse("{\"approved\":true,\"approver\":\"alice\",\"role\":\"approver\","
                                + "\"comment\":\"go ahead\"}"));
            });
            assertThat(stack.incident(id).timeline())
                    .last()
                    .satisfies(e -> assertThat(e)
                            .extracting(TimelineEntry::stage, TimelineEntry::detail)
                            .containsExactly("APPROVED", "by alice (approver): go ahead"));
        }

        @Test
        void aForcedApprovalSaysSoToTheWaitingTaskAndOnTheTimeline() {
            String id = awaitingApproval("task-token-force");

            Response response = stack.decide(
                    id, IngestStack.ALICE_TOKEN, "{\"decision\":\"APPROVE\",\"force\":true,\"comment\":\"do it\"}");

            assertThat(response.status()).isEqualTo(200);
            assertThat(Fixtures.parse(stack.sfn.taskAnswers().getFirst().output()))
                    .isEqualTo(Fixtures.parse("{\"approved\":true,\"force\":true,\"approver\":\"alice\","
                            + "\"role\":\"approver\",\"comment\":\"do it\"}"));
            TimelineEntry approved = stack.incident(id).timeline().getLast();
            assertThat(approved.detail()).isEqualTo("by alice (approver) (forced: even if healthy at approval): do it");
            assertThat(approved.approval().force()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "{\"decision\":\"APPROVE\",\"force\":\"yes\"}",
                    "{\"decision\":\"APPROVE\",\"force\":1}",
                    "{\"decision\":\"REJECT\",\"force\":true}"
                })
        void aForceThatIsNotABooleanOrComesWithARejectionChangesNothing(String body) {
            String id = awaitingApproval("task-token-bad-force");
            Incident before = stack.incident(id);

            Response response = stack.decide(id, IngestStack.ALICE_TOKEN, body);

            assertThat(response.status()).isEqualTo(422);
            assertThat(stack.sfn.taskAnswers()).isEmpty();
            assertThat(stack.incident(id)).isEqualTo(before);
        }

        @Test
        void aSecretInTheCommentIsNeitherStoredNorSent() {
            String id = awaitingApproval("task-token-comment");

            stack.decide(
                    id,
                    IngestStack.ALICE_TOKEN,
                    "{\"decision\":\"APPROVE\",\"comment\":\"it logged DB_PASS=letmein9 so restart it\"}");

            assertThat(Fixtures.parse(stack.sfn.taskAnswers().getFirst().output())
                            .get("comment")
                            .asText())
                    .isEqualTo("it logged DB_PASS=" + Redactor.MASK + " so restart it");
            assertThat(stack.incident(id).timeline())
                    .last()
                    .extracting(TimelineEntry::detail)
                    .isEqualTo("by alice (approver): it logged DB_PASS=" + Redactor.MASK + " so restart it");
        }

        @Test
        void theApprovalIsOnTheTimelineBeforeTheWaitingTaskWakes() {
            String id = awaitingApproval("task-token-order");
            List<String> stagesWhenAnswered = new ArrayList<>();
            stack.sfn.onTaskAnswer(
                    answer -> stack.incident(id).timeline().forEach(e -> stagesWhenAnswered.add(e.stage())));

            stack.decide(id, IngestStack.ALICE_TOKEN, "{\"decision\":\"APPROVE\"}");

            assertThat(stagesWhenAnswered)
                    .as("Remediate requires the APPROVED entry when the answer wakes it")
                    .contains("APPROVED");
        }

        @Test
        void aRejectionSendsApprovedFalse() {
            String id = awaitingApproval("task-token-2");

            stack.decide(id, IngestStack.BOB_TOKEN, "{\"decision\":\"REJECT\",\"approver\":\"bob\"}");

            JsonNode output = Fixtures.parse(stack.sfn.taskAnswers().get(0).output());
            assertThat(output.get("approved").asBoolean()).isFalse();
            assertThat(output.get("approver").asText()).isEqualTo("bob");
            assertThat(output.has("comment")).isTrue();
            assertThat(stack.incident(id).timeline())
                    .last()
                    .extracting(TimelineEntry::stage)
                    .isEqualTo("REJECTED");
        }

        @Test
        void aSecondDecisionIs409AndSendsNothing() {
            String id = awaitingApproval("task-token-3");
            stack.decide(id, IngestStack.ALICE_TOKEN, "{\"decision\":\"APPROVE\"}");

            Response second = stack.decide(id, IngestStack.BOB_TOKEN, "{\"decision\":\"REJECT\"}");

            assertThat(second.status()).isEqualTo(409);
            assertThat(second.body().get("message").asText()).contains("no approval is pending");
            assertThat(stack.sfn.taskAnswers()).hasSize(1);
        }

        @Test
        void ofConcurrentDecisionsExactlyOneIsTaken() throws Exception {
            String id = awaitingApproval("task-token-4");
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Integer> statuses = new ArrayList<>();
            try {
                List<Callable<Response>> deciders = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    String token = i % 2 == 0 ? IngestStack.ALICE_TOKEN : IngestStack.BOB_TOKEN;
                    deciders.add(() -> stack.decide(id, token, "{\"decision\":\"APPROVE\"}"));
                }
                for (Future<Response> f : pool.invokeAll(deciders)) {
                    statuses.add(f.get().status());
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(statuses)
                    .containsOnly(200, 409)
                    .filteredOn(s -> s == 200)
                    .hasSize(1);
            assertThat(stack.sfn.taskAnswers()).hasSize(1);
        }

        @Test
        void aLateDecisionIs409AndIsRecorded() {
            String id = awaitingApproval("task-token-5");
            stack.sfn.timeOut("task-token-5");

            Response response = stack.decide(id, IngestStack.ALICE_TOKEN, "{\"decision\":\"APPROVE\"}");

            assertThat(response.status()).isEqualTo(409);
            assertThat(response.body().get("message").asText())
                    .contains("can no longer be decided")
                    .contains("timed out");
            assertThat(stack.incident(id).timeline())
                    .last()
                    .extracting(TimelineEntry::stage)
                    .isEqualTo("APPROVAL_REFUSED");
        }

        @Test
        void whenStepFunctionsIsUnreachableTheDecisionCanBeSentAgain() {
            String id = awaitingApproval("task-token-6");
            stack.sfn.failTaskAnswers(100);

            Response failed = stack.decide(id, IngestStack.ALICE_TOKEN, "{\"decision\":\"APPROVE\"}");
            stack.sfn.failTaskAnswers(0);
            Response retried = stack.decide(id, IngestStack.ALICE_TOKEN, "{\"decision\":\"APPROVE\"}");

            assertThat(failed.status()).isEqualTo(503);
            assertThat(retried.status()).isEqualTo(200);
            assertThat(stack.sfn.taskAnswers()).hasSize(1);
        }

        @Test
        void anApproverNamingSomeoneElseIs403AndTheTokenStays() {
            String id = awaitingApproval("task-token-7");

            Response response =
                    stack.decide(id, IngestStack.BOB_TOKEN, "{\"decision\":\"APPROVE\",\"approver\":\"alice\"}");

            assertThat(response.status()).isEqualTo(403);
            assertThat(stack.store.takeApprovalToken(id)).contains("task-token-7");
        }

        @Test
        void refusalsLeaveTheTokenInPlace() {
            String id = awaitingApproval("task-token-8");

            assertThat(stack.decide(id, IngestStack.WEBHOOK_TOKEN, "{\"decision\":\"APPROVE\"}")
                            .status())
                    .isEqualTo(401);
            assertThat(stack.decide(id, IngestStack.ALICE_TOKEN, "{\"decision\":\"MAYBE\"}")
                            .status())
                    .isEqualTo(422);
            assertThat(stack.decide(id, IngestStack.ALICE_TOKEN, "{\"decision\":\"APPROVE\",\"comment\":{}}")
                            .status())
                    .isEqualTo(422);
            assertThat(stack.decide(
                                    id,
                                    IngestStack.ALICE_TOKEN,
                                    "{\"decision\":\"APPROVE\",\"comment\":\"" + "x".repeat(1001) + "\"}")
                            .status())
                    .isEqualTo(422);
            assertThat(stack.decide(id, IngestStack.ALICE_TOKEN, "{\"decision\":")
                            .status())
                    .isEqualTo(400);
            assertThat(stack.call(
                                    "POST",
                                    "/incidents/" + id + "/approval",
                                    Map.of("Authorization", "Bearer " + IngestStack.ALICE_TOKEN),
                                    "{\"decision\":\"APPROVE\"}")
                            .status())
                    .isEqualTo(415);

            assertThat(stack.sfn.taskAnswers()).isEmpty();
            assertThat(stack.store.takeApprovalToken(id)).contains("task-token-8");
        }

        @Test
        void anUnknownIncidentIs404() {
            assertThat(stack.decide("inc-generic-nothing", IngestStack.ALICE_TOKEN, "{\"decision\":\"APPROVE\"}")
                            .status())
                    .isEqualTo(404);
        }

        @Test
        void anIncidentNotWaitingForApprovalIs409() {
            String id = incident("NotWaiting");

            assertThat(stack.decide(id, IngestStack.ALICE_TOKEN, "{\"decision\":\"REJECT\"}")
                            .status())
                    .isEqualTo(409);
        }
    }
}
