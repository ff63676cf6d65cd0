package io.aegisops.functions.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.RunbookEntry;
import io.aegisops.contracts.Severity;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.functions.pipeline.Events;
import io.aegisops.functions.pipeline.Fixtures;
import io.aegisops.functions.pipeline.Stores;
import io.aegisops.functions.runbook.DynamoRunbookStore;
import io.aegisops.functions.store.DynamoOpenIncidents;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.LocalDynamoDb;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB engine: Learn closes the incident, learns only verified outcomes, once, and frees the marker. */
@ExtendWith(DynamoDbExtension.class)
class LearnHandlerDynamoDbTest {

    private final LocalDynamoDb dynamo;
    private final Stores stores;
    private final LearnHandler handler;
    /** A service of its own per test, so runbook counts never mix (signature = alertType#service). */
    private final String service = "svc-" + UUID.randomUUID();

    LearnHandlerDynamoDbTest(LocalDynamoDb dynamo) {
        this.dynamo = dynamo;
        this.stores = Fixtures.stores(dynamo);
        this.handler = new LearnHandler(stores, Fixtures.CLOCK);
    }

    String incident() {
        String id = Fixtures.newIncidentId();
        stores.incidents().create(Fixtures.received(id, service, "HighMemoryUsage", Severity.HIGH));
        return id;
    }

    String document(String fixture, String id) {
        return Events.load(fixture, Map.of("incidentId", id))
                .replace("\"service\": \"buggy-app\"", "\"service\": \"" + service + "\"");
    }

    RunbookEntry runbook() {
        return stores.runbook()
                .find(RunbookEntry.signatureOf("HighMemoryUsage", service, Action.RESTART))
                .orElseThrow();
    }

    @Nested
    class Resolved {
        @Test
        void closesTheIncidentWithMttrAndCountsOneSuccessEvenWhenRetried() throws Exception {
            String id = incident();
            String doc = document("learn-resolved.json", id);

            var answer = Events.invoke(handler, doc);
            Events.invoke(handler, doc);

            assertThat(answer.get("status").asText()).isEqualTo("RESOLVED");
            Incident closed = stores.incidents().get(id).orElseThrow();
            assertThat(closed.status()).isEqualTo(IncidentStatus.RESOLVED);
            assertThat(closed.resolvedAt()).isEqualTo(Fixtures.NOW);
            assertThat(closed.mttrMs()).isEqualTo(60_000L);
            assertThat(closed.verification().healthy()).isTrue();
            assertThat(closed.verification().attempts()).isEqualTo(2);
            assertThat(closed.verification().httpStatus()).isEqualTo(200);
            assertThat(closed.commandResults())
                    .extracting(r -> r.commandId())
                    .containsExactly(id + "#restart#1", id + "#probe#2");
            assertThat(closed.timeline())
                    .filteredOn(t -> t.stage().equals("outcome"))
                    .hasSize(1);

            RunbookEntry entry = runbook();
            assertThat(entry.successes()).isEqualTo(1);
            assertThat(entry.avgRecoveryMs()).isEqualTo(60_000L);
            assertThat(entry.rootCause()).isEqualTo("Memory exhaustion (likely a leak) in buggy-app");
            assertThat(entry.lastIncidentId()).isEqualTo(id);
        }

        @Test
        void aDryRunResolutionTeachesNothing() throws Exception {
            String id = incident();
            Events.invoke(
                    handler,
                    document("learn-resolved.json", id)
                            .replace(
                                    "\"type\": \"RESTART\", \"success\": true, \"dryRun\": false",
                                    "\"type\": \"RESTART\", \"success\": true, \"dryRun\": true"));
            assertThat(stores.incidents().get(id).orElseThrow().status()).isEqualTo(IncidentStatus.RESOLVED);
            assertThat(stores.runbook().find(RunbookEntry.signatureOf("HighMemoryUsage", service, Action.RESTART)))
                    .isEmpty();
        }
    }

    /** The runbook later restarts alone from its counts: only restarts confirmed by more than a model count. */
    @Nested
    class Confirmation {
        String approvalDecided(String id) {
            return document("learn-resolved.json", id)
                    .replace("\"decision\": {\"mode\": \"AUTO\"", "\"decision\": {\"mode\": \"APPROVAL\"")
                    .replace("\"source\": \"RULES\"", "\"source\": \"LLM\"");
        }

        @Test
        void aRestartNeitherDecidedAutomaticallyNorApprovedTeachesNothing() throws Exception {
            String id = incident();
            Events.invoke(handler, approvalDecided(id));
            assertThat(stores.incidents().get(id).orElseThrow().status()).isEqualTo(IncidentStatus.RESOLVED);
            assertThat(stores.runbook().find(RunbookEntry.signatureOf("HighMemoryUsage", service, Action.RESTART)))
                    .isEmpty();
        }

        @Test
        void aRestartAHumanApprovedCounts() throws Exception {
            String id = incident();
            Events.invoke(
                    handler,
                    approvalDecided(id)
                            .replace(
                                    "\"outcome\":",
                                    "\"approval\": {\"approved\": true, \"approver\": \"alice\", \"comment\": \"go\"},\n  \"outcome\":"));
            assertThat(runbook().successes()).isEqualTo(1);
        }
    }

    @Nested
    class NotResolved {
        @Test
        void aRejectionIsCountedAsSuch() throws Exception {
            String id = incident();
            assertThat(Events.invoke(handler, document("learn-rejected.json", id))
                            .get("status")
                            .asText())
                    .isEqualTo("REJECTED");
            assertThat(runbook().rejections()).isEqualTo(1);
            Incident closed = stores.incidents().get(id).orElseThrow();
            assertThat(closed.resolvedAt()).isNull();
            assertThat(closed.mttrMs()).isNull();
        }

        @Test
        void aDocumentWithoutATerminalOutcomeIsRefusedAndChangesNothing() {
            String id = incident();
            String doc = document("learn-resolved.json", id)
                    .replace("\"status\": \"RESOLVED\"", "\"status\": \"VERIFYING\"");
            assertThatThrownBy(() -> Events.invoke(handler, doc))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("outcome");
            assertThat(stores.incidents().get(id).orElseThrow().status()).isEqualTo(IncidentStatus.RECEIVED);
        }
    }

    /**
     * Every way the state machine reaches Learn, with the document exactly as its states shape it
     * (statemachine/aegis-pipeline.asl.json): the status and timeline it leaves, and what the runbook learns.
     */
    @Nested
    class EveryOutcomeOfTheStateMachine {
        @ParameterizedTest(name = "{0}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "learn-resolved.json               | RESOLVED  | SUCCESS    | RESOLVED: healthy after remediation",
                    "learn-rejected.json               | REJECTED  | REJECTION  | REJECTED: remediation rejected by the approver",
                    "learn-escalated.json              | ESCALATED | none       | ESCALATED: no answer from the edge agent before the remediation timeout (States.Timeout)",
                    "learn-remediation-refused.json    | ESCALATED | none       | ESCALATED: remediation refused: action not allowed or restart budget exhausted (Aegis.BudgetExhausted)",
                    "learn-remediation-failed.json     | FAILED    | FAILURE    | FAILED: remediation failed",
                    "learn-verification-failed.json    | FAILED    | FAILURE    | FAILED: unhealthy after every verification attempt",
                    "learn-verification-timed-out.json | ESCALATED | none       | ESCALATED: no answer from the edge agent to the last health probe",
                    "learn-noop.json                   | NOOP      | none       | NOOP: no action needed",
                    "learn-diagnosis-failed.json       | ESCALATED | none       | ESCALATED: diagnosis failed (Lambda.Unknown)",
                    "learn-unknown-target.json         | ESCALATED | none       | ESCALATED: escalated by the safety policy",
                })
        void closesTheIncidentAndLearnsOnlyWhatWasVerified(
                String fixture, IncidentStatus status, String lesson, String outcome) throws Exception {
            String id = incident();
            putMarker(id);

            assertThat(Events.invoke(handler, document(fixture, id))
                            .get("status")
                            .asText())
                    .isEqualTo(status.name());

            Incident closed = stores.incidents().get(id).orElseThrow();
            assertThat(closed.status()).isEqualTo(status);
            assertThat(closed.timeline().getLast().detail()).isEqualTo(outcome);
            assertThat(marker()).as("the next alert opens a new incident").isEmpty();
            var entry = stores.runbook().find(RunbookEntry.signatureOf("HighMemoryUsage", service, Action.RESTART));
            switch (lesson) {
                case "SUCCESS" ->
                    assertThat(entry)
                            .hasValueSatisfying(e -> assertThat(e.successes()).isEqualTo(1));
                case "FAILURE" ->
                    assertThat(entry)
                            .hasValueSatisfying(e -> assertThat(e.failures()).isEqualTo(1));
                case "REJECTION" ->
                    assertThat(entry)
                            .hasValueSatisfying(e -> assertThat(e.rejections()).isEqualTo(1));
                default -> assertThat(entry).isEmpty();
            }
        }

        @Test
        void aFailedVerificationKeepsTheLastProbe() throws Exception {
            String id = incident();
            Events.invoke(handler, document("learn-verification-failed.json", id));
            var verification = stores.incidents().get(id).orElseThrow().verification();
            assertThat(verification.healthy()).isFalse();
            assertThat(verification.attempts()).isEqualTo(3);
            assertThat(verification.httpStatus()).isEqualTo(503);
            assertThat(verification.detail()).isEqualTo("GET /health 503");
        }

        @Test
        void anUnansweredLastProbeIsRecordedAsSuch() throws Exception {
            String id = incident();
            Events.invoke(handler, document("learn-verification-timed-out.json", id));
            var verification = stores.incidents().get(id).orElseThrow().verification();
            assertThat(verification.healthy()).isFalse();
            assertThat(verification.attempts()).isEqualTo(3);
            assertThat(verification.detail()).isEqualTo("no answer to health probe 3");
        }
    }

    /** The state machine may retry Learn: a retry changes nothing, and what must not fail does not. */
    @Nested
    class Retried {
        @Test
        void aRetryLeavesTheClosedIncidentAsItWas() throws Exception {
            String id = incident();
            String doc = document("learn-resolved.json", id);
            Events.invoke(handler, doc);
            Incident closed = stores.incidents().get(id).orElseThrow();

            Events.invoke(
                    new LearnHandler(stores, java.time.Clock.offset(Fixtures.CLOCK, java.time.Duration.ofMinutes(5))),
                    doc);

            assertThat(stores.incidents().get(id).orElseThrow()).isEqualTo(closed);
        }

        @Test
        void aRetryAfterAnotherIncidentsLessonDoesNotCountTwice() throws Exception {
            String first = incident();
            String second = incident();
            Events.invoke(handler, document("learn-resolved.json", first));
            Events.invoke(handler, document("learn-resolved.json", second));

            Events.invoke(handler, document("learn-resolved.json", first));

            assertThat(runbook().successes()).isEqualTo(2);
        }

        @Test
        void aRunbookThatCannotBeUpdatedStillClosesTheIncidentAndFreesTheMarker() throws Exception {
            String id = incident();
            putMarker(id);
            Stores brokenRunbook = new Stores(
                    stores.incidents(),
                    stores.commands(),
                    new DynamoRunbookStore(dynamo.client(), "no-such-table", dynamo.table(Tables.CONTROL)),
                    stores.budgets(),
                    stores.openIncidents());

            var answer =
                    Events.invoke(new LearnHandler(brokenRunbook, Fixtures.CLOCK), document("learn-resolved.json", id));

            assertThat(answer.get("status").asText()).isEqualTo("RESOLVED");
            assertThat(stores.incidents().get(id).orElseThrow().status()).isEqualTo(IncidentStatus.RESOLVED);
            assertThat(marker()).isEmpty();
        }
    }

    void putMarker(String incidentId) {
        dynamo.client()
                .putItem(b -> b.tableName(dynamo.table(Tables.CONTROL))
                        .item(Map.of(
                                "pk", AttributeValue.fromS(DynamoOpenIncidents.markerKey(service, "HighMemoryUsage")),
                                "incidentId", AttributeValue.fromS(incidentId))));
    }

    Map<String, AttributeValue> marker() {
        return dynamo.client()
                .getItem(b -> b.tableName(dynamo.table(Tables.CONTROL))
                        .consistentRead(true)
                        .key(Map.of(
                                "pk", AttributeValue.fromS(DynamoOpenIncidents.markerKey(service, "HighMemoryUsage")))))
                .item();
    }

    @Nested
    class OpenIncidentMarker {
        @Test
        void theMarkerOfThisIncidentIsRemoved() throws Exception {
            String id = incident();
            putMarker(id);
            Events.invoke(handler, document("learn-resolved.json", id));
            assertThat(marker()).isEmpty();
        }

        @Test
        void aMarkerANewerIncidentTookOverStays() throws Exception {
            String id = incident();
            putMarker("inc-newer");
            Events.invoke(handler, document("learn-resolved.json", id));
            assertThat(marker()).containsEntry("incidentId", AttributeValue.fromS("inc-newer"));
        }
    }
}
