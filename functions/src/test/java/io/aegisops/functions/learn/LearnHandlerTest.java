package io.aegisops.functions.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.DiagnosisSource;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.RunbookEntry;
import io.aegisops.contracts.Severity;
import io.aegisops.functions.diagnose.Diagnoser;
import io.aegisops.functions.ingest.MutableClock;
import io.aegisops.functions.pipeline.Events;
import io.aegisops.functions.pipeline.Fixtures;
import io.aegisops.functions.pipeline.InMemoryStores;
import io.aegisops.functions.store.IncidentNotFoundException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Unit, on the in-memory stores and a clock moved by hand: when Learn refuses a document, which outcomes teach the
 * runbook and what, and how what it learns gives the runbook its say in the next diagnosis and takes it away
 * again. (Every outcome of the state machine against DynamoDB: {@link LearnHandlerDynamoDbTest}.)
 */
class LearnHandlerTest {

    static final String SIGNATURE = RunbookEntry.signatureOf("HighMemoryUsage", "buggy-app", Action.RESTART);

    final InMemoryStores stores = InMemoryStores.create();
    final MutableClock clock = new MutableClock(Fixtures.NOW);
    final LearnHandler learn = new LearnHandler(stores.stores(), clock);

    /** A new incident, received a minute before the clock's now. */
    String incident() {
        String id = Fixtures.newIncidentId();
        stores.incidents()
                .create(Fixtures.received(id, "buggy-app", "HighMemoryUsage", Severity.HIGH).toBuilder()
                        .createdAt(clock.instant().minusSeconds(60))
                        .build());
        return id;
    }

    String document(String fixture, String id) {
        return Events.load(fixture, Map.of("incidentId", id));
    }

    Optional<RunbookEntry> entry() {
        return stores.runbook().find(SIGNATURE);
    }

    @Nested
    class Refuses {
        @Test
        void aDocumentThatNamesNoIncident() {
            String doc = document("learn-resolved.json", "").replace("\"incidentId\": \"\",", "");

            assertThatThrownBy(() -> Events.invoke(learn, doc))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("incidentId");
        }

        @Test
        void aDocumentWithoutAnOutcome() {
            String id = incident();
            String doc = document("learn-resolved.json", id)
                    .replace(
                            "\"outcome\": {\"status\": \"RESOLVED\", \"reason\": \"healthy after remediation\"}",
                            "\"x\": 1");

            assertThatThrownBy(() -> Events.invoke(learn, doc))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("$.outcome.status");
            assertThat(stores.incidents().get(id).orElseThrow().status()).isEqualTo(IncidentStatus.RECEIVED);
        }

        @Test
        void anIncidentThatIsGoneAndTeachesNothing() {
            assertThatThrownBy(() -> Events.invoke(learn, document("learn-resolved.json", "inc-gone")))
                    .isInstanceOf(IncidentNotFoundException.class);
            assertThat(entry()).isEmpty();
        }
    }

    /** Only a real restart, confirmed by the policy or a human, and verified, teaches. */
    @Nested
    class WhatTeaches {
        @Test
        void aResolutionWhoseLastProbeWasNotHealthyTeachesNothing() throws Exception {
            String id = incident();

            Events.invoke(
                    learn,
                    document("learn-resolved.json", id)
                            .replace("\"verify\": {\"attempt\": 2, \"healthy\": true", "\"verify\": {\"attempt\": 2"));

            assertThat(stores.incidents().get(id).orElseThrow().status()).isEqualTo(IncidentStatus.RESOLVED);
            assertThat(entry()).isEmpty();
        }

        @Test
        void aFailedRestartCountsOnlyWhenAHumanApprovedWhatThePolicyDidNotDecide() throws Exception {
            Events.invoke(learn, approvalDecidedFailure(incident()));
            assertThat(entry()).as("unconfirmed: nothing learned").isEmpty();

            Events.invoke(
                    learn,
                    approvalDecidedFailure(incident())
                            .replace(
                                    "\"outcome\":",
                                    "\"approval\": {\"approved\": true, \"approver\": \"alice\"},\n  \"outcome\":"));
            assertThat(entry()).hasValueSatisfying(e -> assertThat(e.failures()).isEqualTo(1));
        }

        /** A restart the policy left to a human (a model's, say), which then failed. */
        String approvalDecidedFailure(String id) {
            return document("learn-remediation-failed.json", id)
                    .replace("\"decision\": {\"mode\": \"AUTO\"", "\"decision\": {\"mode\": \"APPROVAL\"");
        }

        @Test
        void aSuccessCountsTheTimeFromTheIncidentsCreationToItsResolution() throws Exception {
            Events.invoke(learn, document("learn-resolved.json", incident()));
            String second = incident();
            clock.advance(Duration.ofMinutes(1));

            Events.invoke(learn, document("learn-resolved.json", second));

            assertThat(stores.incidents().get(second).orElseThrow().mttrMs()).isEqualTo(120_000L);
            assertThat(entry()).hasValueSatisfying(e -> {
                assertThat(e.successes()).isEqualTo(2);
                assertThat(e.avgRecoveryMs()).isEqualTo(90_000L);
                assertThat(e.lastIncidentId()).isEqualTo(second);
                assertThat(e.lastSeen()).isEqualTo(clock.instant());
            });
        }
    }

    /** What people said of the pattern: its approved streak, reset by a rejection or a failed verification. */
    @Nested
    class PeoplesSay {
        static final String APPROVED = "\"approval\": {\"approved\": true, \"approver\": \"alice\"},\n  \"outcome\":";

        String approvedResolution() {
            return document("learn-resolved.json", incident())
                    .replace("\"decision\": {\"mode\": \"AUTO\"", "\"decision\": {\"mode\": \"APPROVAL\"")
                    .replace("\"outcome\":", APPROVED);
        }

        @Test
        void anApprovedVerifiedRemedyAddsToTheStreakAndOneThePolicyRanAloneDoesNot() throws Exception {
            Events.invoke(learn, approvedResolution());
            Events.invoke(learn, document("learn-resolved.json", incident()));
            Events.invoke(learn, approvedResolution());

            assertThat(entry()).hasValueSatisfying(e -> {
                assertThat(e.successes()).isEqualTo(3);
                assertThat(e.approvedStreak()).isEqualTo(2);
            });
        }

        @Test
        void aRejectionResetsTheStreakAndSaysWhen() throws Exception {
            Events.invoke(learn, approvedResolution());
            Events.invoke(learn, approvedResolution());

            Events.invoke(learn, document("learn-rejected.json", incident()));

            assertThat(entry()).hasValueSatisfying(e -> {
                assertThat(e.approvedStreak()).isZero();
                assertThat(e.rejections()).isEqualTo(1);
                assertThat(e.lastRejectedAt()).isNotNull();
            });
        }

        @Test
        void aFailedVerificationResetsTheStreakAndSaysWhen() throws Exception {
            Events.invoke(learn, approvedResolution());

            Events.invoke(learn, document("learn-verification-failed.json", incident()));

            assertThat(entry()).hasValueSatisfying(e -> {
                assertThat(e.approvedStreak()).isZero();
                assertThat(e.lastFailedAt()).isNotNull();
            });
        }

        @Test
        void aRollbackStillUnhealthyAfterItIsAFailureOfItsOwnPattern() throws Exception {
            String id = incident();
            String unverifiedRollback = document("learn-verification-failed.json", id)
                    .replace("\"action\": \"RESTART\"", "\"action\": \"ROLLBACK\"")
                    .replace("\"status\": \"FAILED\"", "\"status\": \"ESCALATED\"");

            Events.invoke(learn, unverifiedRollback);

            assertThat(entry()).as("the restart's pattern is another").isEmpty();
            assertThat(stores.runbook().find(RunbookEntry.signatureOf("HighMemoryUsage", "buggy-app", Action.ROLLBACK)))
                    .hasValueSatisfying(e -> {
                        assertThat(e.failures()).isEqualTo(1);
                        assertThat(e.lastFailedAt()).isNotNull();
                    });
        }
    }

    /** What Learn counts decides whether the next Diagnose asks the runbook first. */
    @Nested
    class TheRunbooksSay {

        final Diagnoser diagnoser = new Diagnoser(
                stores.runbook(), Optional.empty(), Fixtures.settings().runbookMinSuccesses(), 4_000, 0.8, () -> 0);

        DiagnosisSource nextDiagnosis() {
            return diagnoser
                    .diagnose(Fixtures.alert("buggy-app", "HighMemoryUsage", Severity.HIGH), Fixtures.BUGGY_APP, null)
                    .diagnosis()
                    .source();
        }

        @Test
        void isEarnedByVerifiedSuccessesAndLostByAFailure() throws Exception {
            Events.invoke(learn, document("learn-resolved.json", incident()));
            assertThat(nextDiagnosis()).as("one success of the two it takes").isEqualTo(DiagnosisSource.RULES);

            Events.invoke(learn, document("learn-resolved.json", incident()));
            assertThat(nextDiagnosis()).isEqualTo(DiagnosisSource.RUNBOOK);

            Events.invoke(learn, document("learn-verification-failed.json", incident()));
            assertThat(nextDiagnosis()).as("the failure cancels a success").isEqualTo(DiagnosisSource.RULES);
        }

        @Test
        void isNotEarnedByOneIncidentLearnedTwice() throws Exception {
            String id = incident();
            String resolved = document("learn-resolved.json", id);

            Events.invoke(learn, resolved);
            Events.invoke(learn, resolved);

            assertThat(nextDiagnosis()).isEqualTo(DiagnosisSource.RULES);
            assertThat(entry())
                    .hasValueSatisfying(e -> assertThat(e.successes()).isEqualTo(1));
        }
    }
}
