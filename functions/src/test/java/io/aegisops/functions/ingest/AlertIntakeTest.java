package io.aegisops.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.AlertSource;
import io.aegisops.contracts.AlertStatus;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.NormalisedAlert;
import io.aegisops.contracts.Severity;
import io.aegisops.contracts.Target;
import io.aegisops.contracts.TargetRef;
import io.aegisops.contracts.TargetsConfig;
import io.aegisops.contracts.TimelineEntry;
import io.aegisops.contracts.TimelineStage;
import io.aegisops.functions.ingest.normalise.TargetResolver;
import io.aegisops.functions.store.InMemoryIncidentStore;
import io.aegisops.functions.store.InMemoryOpenIncidents;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link AlertIntake} over the in-memory store and markers, with a pipeline that records what it is asked to start. */
class AlertIntakeTest {

    private static final Instant AT = Instant.parse("2026-11-21T03:12:45Z");
    private static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:aegis-pipeline";

    /** Step Functions' answer to starts: one execution per name, however often it is started. */
    private static final class RecordingPipeline implements PipelineStarter, TaskCompleter {
        final List<String> starts = new ArrayList<>();
        final Map<String, String> answers = new ConcurrentHashMap<>();

        @Override
        public void succeed(String taskToken, String output) {
            answers.put(taskToken, output);
        }

        final Map<String, String> executions = new ConcurrentHashMap<>();
        int failures;

        @Override
        public synchronized void start(String name, String input) {
            starts.add(name);
            if (failures > 0) {
                failures--;
                throw new IllegalStateException("Step Functions is unavailable");
            }
            executions.putIfAbsent(name, input);
            assertThat(executions.get(name))
                    .as("the input of every start of " + name)
                    .isEqualTo(input);
        }

        @Override
        public String executionArn(String name) {
            return MACHINE.replace(":stateMachine:", ":execution:") + ":" + name;
        }
    }

    private final InMemoryIncidentStore store = new InMemoryIncidentStore();
    private final RecordingPipeline pipeline = new RecordingPipeline();
    private final InMemoryOpenIncidents open = new InMemoryOpenIncidents(store);
    private final AlertIntake intake = anInstance();

    /** An intake over the same store and markers, as another Lambda execution environment has. */
    private AlertIntake anInstance() {
        return new AlertIntake(
                store,
                open,
                pipeline,
                new TargetResolver(new TargetsConfig(List.of(new Target(
                        "buggy-app",
                        "edge-1",
                        "buggy-app",
                        "http://127.0.0.1:8081/health",
                        Set.of(Action.RESTART),
                        null,
                        null)))),
                new ApprovalWithdrawal(store, pipeline, Clock.fixed(AT, ZoneOffset.UTC)),
                Clock.fixed(AT, ZoneOffset.UTC));
    }

    private static NormalisedAlert alert(String fingerprint) {
        return new NormalisedAlert(
                AlertSource.GENERIC,
                AlertStatus.FIRING,
                "HighMemoryUsage",
                Severity.CRITICAL,
                new TargetRef("buggy-app", "buggy-app", null),
                "heap 91%",
                null,
                Map.of(),
                AT,
                fingerprint,
                null);
    }

    private void takenUpByThePipeline(String incidentId) {
        store.update(
                incidentId, i -> i.toBuilder().status(IncidentStatus.DIAGNOSING).build());
    }

    /** The alert resolves while a human has not decided yet: the approval is withdrawn, nothing is done. */
    @Nested
    class AResolutionWhileAnApprovalIsPending {
        NormalisedAlert resolved(String fingerprint) {
            NormalisedAlert firing = alert(fingerprint);
            return new NormalisedAlert(
                    firing.source(),
                    AlertStatus.RESOLVED,
                    firing.alertType(),
                    firing.severity(),
                    firing.target(),
                    firing.summary(),
                    firing.logs(),
                    firing.labels(),
                    firing.startsAt(),
                    firing.fingerprint(),
                    firing.externalUrl());
        }

        String awaitingApproval(String fingerprint) {
            String id = intake.accept(alert(fingerprint)).incidentId();
            store.update(
                    id,
                    i -> i.toBuilder().status(IncidentStatus.AWAITING_APPROVAL).build());
            store.putApprovalToken(id, "token-" + fingerprint);
            return id;
        }

        @Test
        void withdrawsItAndTheTimelineSaysWhy() {
            String id = awaitingApproval("fp-w1");

            intake.accept(resolved("fp-w1"));

            assertThat(pipeline.answers.get("token-fp-w1"))
                    .contains("\"approved\":false")
                    .contains("\"withdrawn\":true")
                    .contains("resolved before approval");
            assertThat(store.get(id).orElseThrow().timeline())
                    .extracting(TimelineEntry::stage)
                    .containsSubsequence(
                            TimelineStage.ALERT_RESOLVED.wireName(), TimelineStage.APPROVAL_WITHDRAWN.wireName());
            assertThat(store.takeApprovalToken(id)).as("no decision can follow").isEmpty();
        }

        @Test
        void leavesAnIncidentThatAwaitsNoApprovalAlone() {
            String id = intake.accept(alert("fp-w2")).incidentId();
            takenUpByThePipeline(id);

            intake.accept(resolved("fp-w2"));

            assertThat(pipeline.answers).isEmpty();
            assertThat(store.get(id).orElseThrow().timeline())
                    .extracting(TimelineEntry::stage)
                    .doesNotContain(TimelineStage.APPROVAL_WITHDRAWN.wireName());
        }
    }

    @Nested
    class ANewAlert {
        @Test
        void isStoredWithTheArnOfTheExecutionItStarts() {
            IntakeResult result = intake.accept(alert("fp-1"));

            assertThat(pipeline.starts).containsExactly(result.incidentId());
            assertThat(result.executionArn()).isEqualTo(pipeline.executionArn(result.incidentId()));
            assertThat(result.duplicate()).isFalse();
            Incident stored = store.get(result.incidentId()).orElseThrow();
            assertThat(stored.executionArn()).isEqualTo(result.executionArn());
            assertThat(stored.timeline())
                    .extracting(TimelineEntry::stage)
                    .containsExactly("RECEIVED", "EXECUTION_STARTED");
        }

        @Test
        void whoseStartFailedIsStartedByItsRedeliveryWithTheSameInput() {
            pipeline.failures = 1;
            assertThatThrownBy(() -> intake.accept(alert("fp-1"))).hasMessage("Step Functions is unavailable");
            assertThat(pipeline.executions).isEmpty();

            IntakeResult redelivered = intake.accept(alert("fp-1"));

            assertThat(pipeline.executions).containsOnlyKeys(redelivered.incidentId());
            assertThat(redelivered.duplicate()).isTrue();
        }

        @Test
        void whoseStartFailedIsStartedByAnotherAlertForTheSameTarget() {
            pipeline.failures = 1;
            assertThatThrownBy(() -> intake.accept(alert("fp-1"))).hasMessage("Step Functions is unavailable");

            IntakeResult other = intake.accept(alert("fp-2"));

            assertThat(pipeline.executions).containsOnlyKeys(other.incidentId());
            assertThat(other.duplicate()).isTrue();
        }
    }

    @Nested
    class ARepeat {
        @Test
        void ofAnIncidentThePipelineHasTakenUpStartsNothing() {
            String id = intake.accept(alert("fp-1")).incidentId();
            takenUpByThePipeline(id);

            IntakeResult repeat = intake.accept(alert("fp-1"));

            assertThat(pipeline.starts).containsExactly(id);
            assertThat(repeat.duplicate()).isTrue();
            assertThat(repeat.executionArn()).isEqualTo(pipeline.executionArn(id));
            assertThat(store.get(id).orElseThrow().alertCount()).isEqualTo(2);
        }

        @Test
        void ofAnIncidentThisInstanceStartedStartsNothing() {
            String id = intake.accept(alert("fp-1")).incidentId();

            intake.accept(alert("fp-1"));

            assertThat(pipeline.starts).containsExactly(id);
        }

        @Test
        void ofAnIncidentStillReceivedIsStartedAgainByAnotherInstanceWithTheSameInput() {
            String id = intake.accept(alert("fp-1")).incidentId();

            anInstance().accept(alert("fp-1"));

            assertThat(pipeline.starts).containsExactly(id, id);
            assertThat(pipeline.executions).containsOnlyKeys(id);
        }

        @Test
        void isCountedPastTheTimelinesBoundWithoutGrowingIt() {
            String id = intake.accept(alert("fp-1")).incidentId();
            takenUpByThePipeline(id);

            for (int i = 0; i < AlertIntake.DUPLICATES_ON_TIMELINE + 5; i++) {
                intake.accept(alert("fp-1"));
            }

            Incident stored = store.get(id).orElseThrow();
            assertThat(stored.alertCount()).isEqualTo(AlertIntake.DUPLICATES_ON_TIMELINE + 6);
            assertThat(stored.timeline())
                    .filteredOn(e -> e.stage().equals("DUPLICATE"))
                    .hasSize(AlertIntake.DUPLICATES_ON_TIMELINE - 1);
        }

        @Test
        void ofAnEndedIncidentIsCountedOnItAndStartsNothing() {
            String id = intake.accept(alert("fp-1")).incidentId();
            store.update(id, i -> i.toBuilder().status(IncidentStatus.RESOLVED).build());

            IntakeResult repeat = intake.accept(alert("fp-1"));

            assertThat(repeat.status()).isEqualTo("RESOLVED");
            assertThat(pipeline.starts).containsExactly(id);
        }

        @Test
        void forATargetWhoseIncidentEndedOpensANewOne() {
            String first = intake.accept(alert("fp-1")).incidentId();
            store.update(
                    first, i -> i.toBuilder().status(IncidentStatus.RESOLVED).build());

            IntakeResult second = intake.accept(alert("fp-2"));

            assertThat(second.duplicate()).isFalse();
            assertThat(second.incidentId()).isNotEqualTo(first);
            assertThat(pipeline.executions).containsOnlyKeys(first, second.incidentId());
        }
    }

    @Test
    void aStormOfIdenticalAlertsIsOneIncidentAndOneExecution() throws Exception {
        int storm = 32;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<IntakeResult> results = new ArrayList<>();
        try {
            List<Callable<IntakeResult>> deliveries = new ArrayList<>();
            for (int i = 0; i < storm; i++) {
                deliveries.add(() -> intake.accept(alert("fp-1")));
            }
            for (Future<IntakeResult> f : pool.invokeAll(deliveries)) {
                results.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(results)
                .extracting(IntakeResult::incidentId)
                .containsOnly(results.get(0).incidentId());
        assertThat(results).filteredOn(r -> !r.duplicate()).hasSize(1);
        assertThat(pipeline.executions).containsOnlyKeys(results.get(0).incidentId());
        assertThat(store.get(results.get(0).incidentId()).orElseThrow().alertCount())
                .isEqualTo(storm);
    }
}
