package io.aegisops.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.statemachine.asl.JsonValues;
import io.aegisops.statemachine.engine.ExecutionInfo;
import io.aegisops.statemachine.engine.ExecutionStatus;
import io.aegisops.statemachine.engine.HistoryEventType;
import io.aegisops.statemachine.engine.LambdaFunctionException;
import io.aegisops.statemachine.engine.StepFunctionsException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Unit: aegis-pipeline.asl.json runs end to end on the local engine, one scenario per branch, with
 * test functions in place of the handlers and the tests answering task tokens as the edge agent and
 * the approval route do. Settings: evidence 60 s, approval 3600 s, remediation heartbeat 30 s and
 * timeout 600 s, verify 60 s per probe, 10 s between probes, 3 probes at most.
 */
class AegisPipelineTest {

    private PipelineHarness pipeline;

    @BeforeEach
    void setUp() {
        pipeline = new PipelineHarness();
    }

    /** Starts with a known target and lets the agent answer the INSPECT command. */
    private String startWithEvidence() {
        String execution = pipeline.start("input-known-target.json");
        pipeline.answer("CollectEvidence", "inspect-result.json");
        return execution;
    }

    private void assertEndedAs(String execution, ExecutionStatus status, String error, String outcome) {
        ExecutionInfo info = pipeline.describe(execution);
        assertThat(info.status()).isEqualTo(status);
        assertThat(info.error()).isEqualTo(error);
        assertThat(pipeline.learnedOutcome().path("status").asText()).isEqualTo(outcome);
        assertThat(pipeline.notifiedEvents()).last().isEqualTo(outcome);
        assertThat(pipeline.statesEntered(execution)).containsSubsequence("Learn", "NotifyOutcome", "EndByOutcome");
    }

    @Nested
    class Auto {

        @Test
        void restartsVerifiesLearnsAndSucceeds() {
            pipeline.decide("AUTO");
            String execution = startWithEvidence();
            pipeline.answer("Remediate", "restart-succeeded.json");

            assertEndedAs(execution, ExecutionStatus.SUCCEEDED, null, "RESOLVED");
            assertThat(pipeline.payloads("Verify"))
                    .as("the restart saw it healthy: that is the first verification, no probe is sent for nothing")
                    .isEmpty();
            assertThat(pipeline.notifiedEvents()).containsExactly("DIAGNOSED", "RESOLVED");
            assertThat(pipeline.payloads("Diagnose")
                            .getFirst()
                            .path("evidence")
                            .path("logs")
                            .asText())
                    .contains("OutOfMemoryError");
            assertThat(pipeline.payloads("Remediate")
                            .getFirst()
                            .path("analysis")
                            .path("decision")
                            .path("mode")
                            .asText())
                    .isEqualTo("AUTO");
            assertThat(pipeline.payloads("RequestApproval")).isEmpty();
        }

        @Test
        void learnReceivesTheWholeStateDocument() {
            String execution = startWithEvidence();
            pipeline.answer("Remediate", "restart-succeeded.json");

            var learned = pipeline.payloads("Learn").getFirst();
            assertThat(learned.path("incidentId").asText())
                    .isEqualTo("inc-alertmanager-0123456789abcdef0123456789abcdef");
            assertThat(learned.path("alert").path("alertType").asText()).isEqualTo("HighMemoryUsage");
            assertThat(learned.path("evidence").path("success").asBoolean()).isTrue();
            assertThat(learned.path("analysis").path("diagnosis").path("action").asText())
                    .isEqualTo("RESTART");
            assertThat(learned.path("remediation").path("message").asText()).isEqualTo("restarted buggy-app");
            assertThat(learned.path("verify").path("healthy").asBoolean()).isTrue();
            assertThat(learned.path("verify").path("attempt").asInt()).isEqualTo(1);
            assertThat(learned.path("verify").path("result").path("type").asText())
                    .as("the restart's own answer is the verification's result")
                    .isEqualTo("RESTART");
            assertThat(pipeline.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        }

        @Test
        void tasksWaitingForTheAgentReceiveTheirTokenAndTheContract() {
            startWithEvidence();

            var evidence = pipeline.payloads("CollectEvidence").getFirst();
            assertThat(evidence.fieldNames())
                    .toIterable()
                    .containsExactlyInAnyOrder("incidentId", "service", "taskToken");
            var remediate = pipeline.payloads("Remediate").getFirst();
            assertThat(remediate.fieldNames())
                    .toIterable()
                    .containsExactlyInAnyOrder("incidentId", "service", "analysis", "taskToken");
            assertThat(remediate.path("taskToken").asText())
                    .isNotEqualTo(evidence.path("taskToken").asText());
        }
    }

    @Nested
    class Verification {

        @Test
        void aScaleUpOnlySawItRunningSoItIsProbed() {
            pipeline.propose("SCALE_UP");
            String execution = startWithEvidence();
            pipeline.answer("Remediate", "scale-up-succeeded.json");

            assertThat(pipeline.payloads("Verify")).hasSize(1);
            pipeline.answer("Verify", "probe-healthy.json");
            assertEndedAs(execution, ExecutionStatus.SUCCEEDED, null, "RESOLVED");
        }

        @Test
        void aRestartThatDidNotSeeItHealthyIsProbedAtOnce() {
            startWithEvidence();
            pipeline.answer("Remediate", "restart-not-ready.json");

            assertThat(pipeline.payloads("Verify"))
                    .extracting(p -> p.path("attempt").asInt())
                    .containsExactly(1);
        }

        @Test
        void probesAgainAfterTheIntervalUntilHealthy() {
            String execution = startWithEvidence();
            pipeline.answer("Remediate", "restart-not-ready.json");
            pipeline.answer("Verify", "probe-unhealthy.json");

            assertThat(pipeline.payloads("Verify")).hasSize(1);
            pipeline.advance(Duration.ofSeconds(9));
            assertThat(pipeline.payloads("Verify"))
                    .as("still waiting VerifyIntervalSeconds")
                    .hasSize(1);
            pipeline.advance(Duration.ofSeconds(1));
            assertThat(pipeline.payloads("Verify")).hasSize(2);
            assertThat(pipeline.payloads("Verify").get(1).path("attempt").asInt())
                    .isEqualTo(2);
            pipeline.answer("Verify", "probe-healthy.json");

            assertEndedAs(execution, ExecutionStatus.SUCCEEDED, null, "RESOLVED");
            assertThat(pipeline.payloads("Learn")
                            .getFirst()
                            .path("verify")
                            .path("attempt")
                            .asInt())
                    .isEqualTo(2);
        }

        @Test
        void retriesExhaustedEndInRemediationFailed() {
            String execution = startWithEvidence();
            pipeline.answer("Remediate", "restart-not-ready.json");
            for (int attempt = 1; attempt <= 3; attempt++) {
                pipeline.answer("Verify", "probe-unhealthy.json");
                pipeline.advance(Duration.ofSeconds(10));
            }

            assertEndedAs(execution, ExecutionStatus.FAILED, "Aegis.RemediationFailed", "FAILED");
            assertThat(pipeline.payloads("Verify"))
                    .extracting(p -> p.path("attempt").asInt())
                    .containsExactly(1, 2, 3);
            assertThat(pipeline.payloads("Learn")
                            .getFirst()
                            .path("verify")
                            .path("healthy")
                            .asBoolean())
                    .isFalse();
            assertThat(pipeline.describe(execution).cause()).isEqualTo("unhealthy after every verification attempt");
        }

        @Test
        void aFailedProbeTaskCountsAsUnhealthy() {
            String execution = startWithEvidence();
            pipeline.answer("Remediate", "restart-not-ready.json");
            pipeline.engine.sendTaskFailure(pipeline.latestToken("Verify"), "Aegis.ProbeFailed", "connection refused");
            pipeline.advance(Duration.ofSeconds(10));
            pipeline.answer("Verify", "probe-healthy.json");

            assertEndedAs(execution, ExecutionStatus.SUCCEEDED, null, "RESOLVED");
            assertThat(pipeline.payloads("Verify")).hasSize(2);
        }

        @Test
        void aRollbackStillUnhealthyAfterEveryProbeEscalatesInsteadOfTryingAnythingElse() {
            pipeline.propose("ROLLBACK");
            String execution = startWithEvidence();
            pipeline.answer("Remediate", "restart-not-ready.json");
            for (int attempt = 1; attempt <= 3; attempt++) {
                pipeline.answer("Verify", "probe-unhealthy.json");
                pipeline.advance(Duration.ofSeconds(10));
            }

            assertEndedAs(execution, ExecutionStatus.SUCCEEDED, null, "ESCALATED");
            assertThat(pipeline.learnedOutcome().path("reason").asText())
                    .isEqualTo("unhealthy after the rollback: a human decides what comes next, nothing else is tried");
            assertThat(pipeline.payloads("Remediate")).hasSize(1);
            assertThat(pipeline.statesEntered(execution)).contains("OutcomeRollbackUnverified");
        }

        @Test
        void probesTheAgentNeverAnswersEndEscalated() {
            String execution = startWithEvidence();
            pipeline.answer("Remediate", "restart-not-ready.json");
            pipeline.advance(Duration.ofSeconds(3 * 60 + 2 * 10));

            assertEndedAs(execution, ExecutionStatus.SUCCEEDED, null, "ESCALATED");
            assertThat(pipeline.payloads("Verify")).hasSize(3);
        }
    }

    @Nested
    class Approval {

        @BeforeEach
        void approvalMode() {
            pipeline.decide("APPROVAL");
        }

        @Test
        void approvedReChecksTheTargetThenRemediatesWithTheRecheckInHand() {
            String execution = startWithEvidence();
            assertThat(pipeline.payloads("RequestApproval")).hasSize(1);
            assertThat(pipeline.payloads("Remediate")).isEmpty();

            pipeline.answer("RequestApproval", "approval-approved.json");
            assertThat(pipeline.payloads("CollectEvidence")).hasSize(2);
            assertThat(pipeline.payloads("CollectEvidence")
                            .getLast()
                            .path("purpose")
                            .asText())
                    .isEqualTo("RECHECK");
            assertThat(pipeline.payloads("Remediate")).isEmpty();
            pipeline.answer("CollectEvidence", "inspect-result.json");
            assertThat(pipeline.payloads("Remediate")
                            .getFirst()
                            .path("analysis")
                            .path("recheck"))
                    .isEqualTo(PipelineHarness.fixture("inspect-result.json"));
            pipeline.answer("Remediate", "restart-succeeded.json");

            assertEndedAs(execution, ExecutionStatus.SUCCEEDED, null, "RESOLVED");
            assertThat(pipeline.statesEntered(execution))
                    .containsSubsequence("Approved", "RecheckAtApproval", "Remediate");
            assertThat(pipeline.payloads("Learn")
                            .getFirst()
                            .path("approval")
                            .path("approver")
                            .asText())
                    .isEqualTo("alice");
        }

        @Test
        void approvedWithForceSkipsTheRecheck() {
            String execution = startWithEvidence();
            pipeline.engine.sendTaskSuccess(
                    pipeline.latestToken("RequestApproval"), "{\"approved\": true, \"force\": true}");

            assertThat(pipeline.payloads("CollectEvidence")).hasSize(1);
            assertThat(pipeline.payloads("Remediate")
                            .getFirst()
                            .path("analysis")
                            .has("recheck"))
                    .isFalse();
            pipeline.answer("Remediate", "restart-succeeded.json");
            assertEndedAs(execution, ExecutionStatus.SUCCEEDED, null, "RESOLVED");
            assertThat(pipeline.statesEntered(execution)).doesNotContain("RecheckAtApproval");
        }

        @Test
        void aTargetFoundRecoveredEndsNoopWithoutACommand() {
            pipeline.when("Remediate", payload -> {
                throw new LambdaFunctionException("Aegis.Recovered", "healthy at approval (running, ...)");
            });
            String execution = startWithEvidence();
            pipeline.answer("RequestApproval", "approval-approved.json");
            pipeline.answer("CollectEvidence", "inspect-result.json");

            assertEndedAs(execution, ExecutionStatus.SUCCEEDED, null, "NOOP");
            assertThat(pipeline.learnedOutcome().path("reason").asText()).isEqualTo("healthy at approval");
            assertThat(pipeline.statesEntered(execution))
                    .contains("OutcomeHealthyAtApproval")
                    .doesNotContain("RestartRan", "Verify");
        }

        @Test
        void aRecheckTheAgentNeverAnswersLeavesTheApprovedRemedyToRun() {
            String execution = startWithEvidence();
            pipeline.answer("RequestApproval", "approval-approved.json");
            pipeline.advance(Duration.ofSeconds(60));

            assertThat(pipeline.payloads("Remediate")
                            .getFirst()
                            .path("analysis")
                            .path("recheck")
                            .path("Error")
                            .asText())
                    .isEqualTo("States.Timeout");
            pipeline.answer("Remediate", "restart-succeeded.json");
            assertEndedAs(execution, ExecutionStatus.SUCCEEDED, null, "RESOLVED");
        }

        @Test
        void rejectedEndsRejectedWithoutRemediating() {
            String execution = startWithEvidence();
            pipeline.answer("RequestApproval", "approval-rejected.json");

            assertEndedAs(execution, ExecutionStatus.SUCCEEDED, null, "REJECTED");
            assertThat(pipeline.payloads("Remediate")).isEmpty();
        }

        @Test
        void noAnswerBeforeTheTimeoutEscalatesAndTheLateAnswerIsRefused() {
            String execution = startWithEvidence();
            String token = pipeline.latestToken("RequestApproval");
            pipeline.advance(Duration.ofSeconds(3599));
            assertThat(pipeline.describe(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
            pipeline.advance(Duration.ofSeconds(1));

            assertEndedAs(execution, ExecutionStatus.SUCCEEDED, null, "ESCALATED");
            assertThat(pipeline.learnedOutcome().path("reason").asText()).contains("approval timeout");
            assertThat(pipeline.payloads("Remediate")).isEmpty();
            assertThatThrownBy(() -> pipeline.engine.sendTaskSuccess(token, "{\"approved\": true}"))
                    .isInstanceOfSatisfying(
                            StepFunctionsException.class,
                            e -> assertThat(e.errorType()).isEqualTo("TaskTimedOut"));
        }
    }

    @Nested
    class NoopAndEscalate {

        @Test
        void noopLearnsAndSucceedsWithoutRemediating() {
            pipeline.decide("NOOP");
            String execution = startWithEvidence();

            assertEndedAs(execution, ExecutionStatus.SUCCEEDED, null, "NOOP");
            assertThat(pipeline.payloads("Remediate")).isEmpty();
            assertThat(pipeline.payloads("RequestApproval")).isEmpty();
        }

        @Test
        void escalateLearnsNotifiesAndFails() {
            pipeline.decide("ESCALATE");
            String execution = startWithEvidence();

            assertEndedAs(execution, ExecutionStatus.SUCCEEDED, null, "ESCALATED");
            assertThat(pipeline.notifiedEvents()).containsExactly("DIAGNOSED", "ESCALATED");
            assertThat(pipeline.payloads("Remediate")).isEmpty();
        }

        @Test
        void anUnexpectedModeEscalates() {
            pipeline.decide("SOMETHING_NEW");
            String execution = startWithEvidence();

            assertEndedAs(execution, ExecutionStatus.SUCCEEDED, null, "ESCALATED");
        }

        @Test
        void anUnknownTargetSkipsTheAgentAndDiagnoseEscalates() {
            pipeline.decide("ESCALATE");
            String execution = pipeline.start("input-unknown-target.json");

            assertThat(pipeline.payloads("CollectEvidence")).isEmpty();
            var diagnosed = pipeline.payloads("Diagnose").getFirst();
            assertThat(diagnosed.path("service").isNull()).isTrue();
            assertThat(diagnosed.path("evidence").path("available").asBoolean()).isFalse();
            assertEndedAs(execution, ExecutionStatus.SUCCEEDED, null, "ESCALATED");
        }

        @Test
        void anInputWithoutAServiceFieldIsAnUnknownTarget() {
            pipeline.decide("ESCALATE");
            String execution = pipeline.engine
                    .startExecution(
                            pipeline.machineArn,
                            null,
                            "{\"incidentId\": \"inc-x\", \"alert\": {\"alertType\": \"ServiceDown\"}}")
                    .executionArn();

            assertThat(pipeline.payloads("CollectEvidence")).isEmpty();
            assertThat(pipeline.payloads("Diagnose").getFirst().path("service").isNull())
                    .isTrue();
            assertEndedAs(execution, ExecutionStatus.SUCCEEDED, null, "ESCALATED");
        }
    }

    @Nested
    class Remediation {

        @Test
        void heartbeatsKeepItAliveAndSilenceTimesItOut() {
            String execution = startWithEvidence();
            for (int i = 0; i < 4; i++) {
                pipeline.advance(Duration.ofSeconds(25));
                pipeline.heartbeat("Remediate");
            }
            assertThat(pipeline.describe(execution).status())
                    .as("100 s in, heartbeats every 25 s")
                    .isEqualTo(ExecutionStatus.RUNNING);

            pipeline.advance(Duration.ofSeconds(30));

            assertEndedAs(execution, ExecutionStatus.SUCCEEDED, null, "ESCALATED");
            assertThat(pipeline.payloads("Learn")
                            .getFirst()
                            .path("error")
                            .path("Error")
                            .asText())
                    .isEqualTo("States.HeartbeatTimeout");
            assertThat(pipeline.history(execution)).anySatisfy(e -> {
                assertThat(e.type()).isEqualTo(HistoryEventType.TaskTimedOut);
                assertThat(e.detail("error")).isEqualTo("States.HeartbeatTimeout");
            });
            assertThat(pipeline.payloads("Verify")).isEmpty();
        }

        @Test
        void theOverallTimeoutHoldsEvenWithHeartbeats() {
            String execution = startWithEvidence();
            for (int i = 0; i < 29; i++) {
                pipeline.advance(Duration.ofSeconds(20));
                pipeline.heartbeat("Remediate");
            }
            assertThat(pipeline.describe(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
            pipeline.advance(Duration.ofSeconds(20));

            assertEndedAs(execution, ExecutionStatus.SUCCEEDED, null, "ESCALATED");
            assertThat(pipeline.payloads("Learn")
                            .getFirst()
                            .path("error")
                            .path("Error")
                            .asText())
                    .isEqualTo("States.Timeout");
        }

        @Test
        void aRefusalEscalatesWithoutAnyRetry() {
            pipeline.when("Remediate", payload -> {
                throw new LambdaFunctionException("Aegis.BudgetExhausted", "3 restarts in the last 30 minutes");
            });
            String execution = startWithEvidence();

            assertEndedAs(execution, ExecutionStatus.SUCCEEDED, null, "ESCALATED");
            assertThat(pipeline.payloads("Remediate"))
                    .as("no Retry: one command at most")
                    .hasSize(1);
            assertThat(pipeline.learnedOutcome().path("reason").asText()).contains("budget");
        }

        @Test
        void anUnknownTargetRefusalEscalates() {
            pipeline.when("Remediate", payload -> {
                throw new LambdaFunctionException("Aegis.UnknownTarget", "billing is not in the inventory");
            });
            String execution = startWithEvidence();

            assertEndedAs(execution, ExecutionStatus.SUCCEEDED, null, "ESCALATED");
        }

        @Test
        void aDryRunInShadowModeEndsNoopWithoutVerifying() {
            String execution = startWithEvidence();
            pipeline.engine.sendTaskSuccess(
                    pipeline.latestToken("Remediate"),
                    "{\"commandId\": \"c\", \"type\": \"RESTART\", \"success\": true, \"dryRun\": true, \"message\": \"would restart buggy-app\", \"durationMs\": 2}");

            assertEndedAs(execution, ExecutionStatus.SUCCEEDED, null, "NOOP");
            assertThat(pipeline.payloads("Verify")).isEmpty();
            assertThat(pipeline.learnedOutcome().path("reason").asText()).contains("shadow mode");
        }

        @Test
        void aRestartThatWasNotHealthyInTimeIsLeftToVerification() {
            String execution = startWithEvidence();
            pipeline.answer("Remediate", "restart-not-ready.json");
            pipeline.answer("Verify", "probe-healthy.json");

            assertEndedAs(execution, ExecutionStatus.SUCCEEDED, null, "RESOLVED");
            assertThat(pipeline.payloads("Verify")).hasSize(1);
        }

        @Test
        void aRestartTheAgentDidNotRunEscalates() {
            String execution = startWithEvidence();
            pipeline.engine.sendTaskFailure(
                    pipeline.latestToken("Remediate"), "Aegis.CommandExpired", "older than 600 s");

            assertEndedAs(execution, ExecutionStatus.SUCCEEDED, null, "ESCALATED");
            assertThat(pipeline.payloads("Verify")).isEmpty();
        }

        @Test
        void anAgentFailureEndsFailed() {
            String execution = startWithEvidence();
            pipeline.engine.sendTaskFailure(
                    pipeline.latestToken("Remediate"), "Aegis.CommandFailed", "docker: no such container");

            assertEndedAs(execution, ExecutionStatus.FAILED, "Aegis.RemediationFailed", "FAILED");
        }
    }

    @Nested
    class Resilience {

        @Test
        void evidenceThatNeverArrivesIsDiagnosedAsUnavailable() {
            String execution = pipeline.start("input-known-target.json");
            pipeline.advance(Duration.ofSeconds(60));

            var evidence = pipeline.payloads("Diagnose").getFirst().path("evidence");
            assertThat(evidence.path("available").asBoolean(true)).isFalse();
            assertThat(evidence.path("note").asText()).isEqualTo("no evidence: States.Timeout");
            assertThat(pipeline.describe(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
        }

        @Test
        void transientDiagnoseErrorsAreRetriedWithBackoff() {
            AtomicInteger calls = new AtomicInteger();
            pipeline.when("Diagnose", payload -> {
                if (calls.incrementAndGet() <= 2) {
                    throw new LambdaFunctionException("Lambda.TooManyRequestsException", "Rate exceeded");
                }
                return PipelineHarness.fixture("diagnose-answer.json");
            });
            String execution = startWithEvidence();
            assertThat(calls).hasValue(1);
            pipeline.advance(Duration.ofSeconds(8 + 8));
            assertThat(calls).hasValue(3);
            pipeline.answer("Remediate", "restart-succeeded.json");

            assertEndedAs(execution, ExecutionStatus.SUCCEEDED, null, "RESOLVED");
        }

        @Test
        void aDiagnoseBugEscalatesWithoutRetry() {
            AtomicInteger calls = new AtomicInteger();
            pipeline.when("Diagnose", payload -> {
                calls.incrementAndGet();
                throw new IllegalStateException("bug");
            });
            String execution = startWithEvidence();

            assertEndedAs(execution, ExecutionStatus.SUCCEEDED, null, "ESCALATED");
            assertThat(calls).hasValue(1);
            assertThat(pipeline.payloads("Learn")
                            .getFirst()
                            .path("error")
                            .path("Error")
                            .asText())
                    .isEqualTo("java.lang.IllegalStateException");
        }

        @Test
        void notificationFailuresArePassedOver() {
            pipeline.when("Notify", payload -> {
                throw new LambdaFunctionException("Aegis.SlackDown", "503 from Slack");
            });
            String execution = startWithEvidence();
            pipeline.answer("Remediate", "restart-succeeded.json");

            assertEndedAs(execution, ExecutionStatus.SUCCEEDED, null, "RESOLVED");
        }

        @Test
        void aLearnFailureIsRetriedThenStillNotifiesAndEnds() {
            pipeline.decide("ESCALATE");
            AtomicInteger calls = new AtomicInteger();
            pipeline.when("Learn", payload -> {
                calls.incrementAndGet();
                throw new LambdaFunctionException("Aegis.StoreUnavailable", "conditional update failed");
            });
            String execution = startWithEvidence();
            assertThat(pipeline.describe(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
            pipeline.advance(Duration.ofSeconds(2 + 4 + 8 + 16 + 32 + 60));

            assertThat(calls)
                    .as("the first call and six retries, about two minutes of a store outage")
                    .hasValue(7);
            assertThat(pipeline.describe(execution).status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(pipeline.describe(execution).error())
                    .as("the incident stays open: the execution says so")
                    .isEqualTo("Aegis.IncidentNotClosed");
            assertThat(pipeline.notifiedEvents()).containsExactly("DIAGNOSED", "ESCALATED");
        }

        @Test
        void transientLearnErrorsAreRetried() {
            AtomicInteger calls = new AtomicInteger();
            pipeline.when("Learn", payload -> {
                if (calls.incrementAndGet() == 1) {
                    throw new LambdaFunctionException("Lambda.ServiceException", "try again");
                }
                return JsonValues.parse("{\"status\": \"NOOP\"}");
            });
            pipeline.decide("NOOP");
            String execution = startWithEvidence();
            pipeline.advance(Duration.ofSeconds(8));

            assertThat(calls).hasValue(2);
            assertThat(pipeline.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        }
    }
}
