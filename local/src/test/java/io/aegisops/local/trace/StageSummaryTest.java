package io.aegisops.local.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Unit: the one line the trace prints for each state, read from the state document the state left behind. */
class StageSummaryTest {

    private static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");

    private static String describe(String state, String output) throws Exception {
        return StageSummary.describe(new ExecutionTrace.StateVisit(
                state,
                "Task",
                T0,
                T0.plusSeconds(1),
                List.of(),
                null,
                Json.mapper().readTree(output)));
    }

    @Test
    void evidenceIsTheContainersStateOrWhyThereIsNone() throws Exception {
        assertThat(describe("CollectEvidence", """
                {"evidence": {"commandId": "c", "type": "INSPECT", "success": true, "message": "inspected",
                 "before": {"status": "running", "health": "unhealthy", "oomKilled": true}, "logs": "a\\nb\\nc"}}""")).isEqualTo("container running, unhealthy, OOM-killed, 3 log lines");
        assertThat(describe("CollectEvidence", "{\"evidence\": {\"type\": \"INSPECT\", \"success\": true}}"))
                .isEqualTo("container ?");
        assertThat(describe("CollectEvidence", "{\"evidence\": {\"Error\": \"States.Timeout\", \"Cause\": \"late\"}}"))
                .isEqualTo("no evidence: States.Timeout");
        assertThat(describe(
                        "EvidenceUnavailable",
                        "{\"evidence\": {\"available\": false, \"note\": \"no evidence: States.Timeout\"}}"))
                .isEmpty();
        assertThat(describe("CollectEvidence", "{\"evidence\": {\"available\": false, \"note\": \"unknown target\"}}"))
                .isEqualTo("no evidence: unknown target");
        assertThat(describe("CollectEvidence", "{}")).isEmpty();
    }

    @Test
    void theDiagnosisNamesItsSourceActionConfidenceAndMode() throws Exception {
        assertThat(describe("Diagnose", """
                {"analysis": {"diagnosis": {"rootCause": "Memory exhaustion", "action": "RESTART", "confidence": 0.9, "source": "RULES"},
                 "decision": {"mode": "APPROVAL", "reasons": ["r"], "dryRun": false}}}""")).isEqualTo("RULES says RESTART (0.90): Memory exhaustion → APPROVAL");
        assertThat(describe("Diagnose", "{\"error\": {\"Error\": \"Lambda.ServiceException\"}}"))
                .isEmpty();
    }

    @Test
    void theApprovalNamesWhoDecidedOrWhyNobodyDid() throws Exception {
        assertThat(describe(
                        "RequestApproval",
                        "{\"approval\": {\"approved\": true, \"approver\": \"alice\", \"comment\": \"go\"}}"))
                .isEqualTo("approved by alice (\"go\")");
        assertThat(describe(
                        "RequestApproval",
                        "{\"approval\": {\"approved\": false, \"approver\": \"bob\", \"comment\": null}}"))
                .isEqualTo("rejected by bob");
        assertThat(
                        describe(
                                "RequestApproval",
                                "{\"approval\": {\"approved\": false, \"withdrawn\": true, \"comment\": \"resolved before approval\"}}"))
                .isEqualTo("withdrawn: resolved before approval");
        assertThat(describe("RequestApproval", "{\"error\": {\"Error\": \"States.Timeout\", \"Cause\": \"\"}}"))
                .isEqualTo("no decision: States.Timeout");
        assertThat(describe("RequestApproval", "{}")).isEmpty();
    }

    @Test
    void theRecheckAtApprovalIsWhatTheAgentSawOrThatNobodyAnswered() throws Exception {
        assertThat(describe("RecheckAtApproval", """
                {"analysis": {"recheck": {"commandId": "c#recheck#1", "type": "INSPECT", "success": true,
                 "before": {"status": "running", "healthProbe": {"url": "http://x/health", "httpStatus": 200}}}}}""")).isEqualTo("re-checked: container running, health 200");
        assertThat(describe(
                        "RecheckAtApproval",
                        "{\"analysis\": {\"recheck\": {\"Error\": \"States.Timeout\", \"Cause\": \"\"}}}"))
                .isEqualTo("no answer: States.Timeout (the approved remedy runs)");
        assertThat(describe("RecheckAtApproval", "{\"analysis\": {}}")).isEmpty();
    }

    @Test
    void theRemediationIsTheAgentsMessage() throws Exception {
        assertThat(
                        describe(
                                "Remediate",
                                "{\"remediation\": {\"type\": \"RESTART\", \"success\": true, \"dryRun\": true, \"message\": \"would restart\"}}"))
                .isEqualTo("dry run: would restart");
        assertThat(describe(
                        "Remediate",
                        "{\"remediation\": {\"type\": \"RESTART\", \"success\": true, \"message\": \"restarted\"}}"))
                .isEqualTo("restarted");
        assertThat(describe("Remediate", "{\"error\": {\"Error\": \"Aegis.NotAllowed\"}}"))
                .isEmpty();
    }

    @Test
    void theVerificationIsTheProbesVerdict() throws Exception {
        assertThat(
                        describe(
                                "Verify",
                                "{\"verify\": {\"attempt\": 1, \"result\": {\"type\": \"PROBE\", \"success\": true, \"httpStatus\": 200}}}"))
                .isEqualTo("attempt 1: healthy (HTTP 200)");
        assertThat(
                        describe(
                                "Verify",
                                "{\"verify\": {\"attempt\": 2, \"result\": {\"type\": \"PROBE\", \"success\": false, \"message\": \"503\"}}}"))
                .isEqualTo("attempt 2: not healthy (503)");
        assertThat(describe(
                        "Verify",
                        "{\"verify\": {\"attempt\": 3, \"error\": {\"Error\": \"States.Timeout\", \"Cause\": \"\"}}}"))
                .isEqualTo("attempt 3: not healthy (States.Timeout)");
        assertThat(
                        describe(
                                "Verify",
                                "{\"verify\": {\"attempt\": 4, \"healthy\": true, \"result\": {\"type\": \"PROBE\", \"success\": false}}}"))
                .isEqualTo("attempt 4: healthy");
    }

    @Test
    void aRemedyThatSawItHealthyIsTheFirstVerification() throws Exception {
        assertThat(
                        describe(
                                "RemedySawItHealthy",
                                "{\"verify\": {\"attempt\": 1, \"result\": {\"type\": \"RESTART\", \"success\": true, \"httpStatus\": 200}}}"))
                .isEqualTo("attempt 1: healthy (HTTP 200)");
    }

    @Test
    void theEndIsTheOutcomeAndWhetherLearnClosedTheIncident() throws Exception {
        String outcome = "{\"outcome\": {\"status\": \"RESOLVED\", \"reason\": \"healthy after remediation\"}";
        assertThat(describe("OutcomeResolved", outcome + "}")).isEqualTo("RESOLVED: healthy after remediation");
        assertThat(describe("Learn", outcome + "}")).isEqualTo("incident closed as RESOLVED");
        assertThat(describe(
                        "Learn", outcome + ", \"learnError\": {\"Error\": \"States.TaskFailed\", \"Cause\": \"\"}}"))
                .isEqualTo("could not close the incident: States.TaskFailed");
        assertThat(describe("NotifyOutcome", outcome + "}"))
                .isEqualTo("the team is told: RESOLVED (Slack, best effort)");
        assertThat(describe("Route", outcome + "}")).isEmpty();
    }

    @Test
    void aTaskLeftThroughACatchSaysHowItFailedWhenItHasNoOutput() {
        ExecutionTrace.StateVisit caught = new ExecutionTrace.StateVisit(
                "Remediate", "Task", T0, T0.plusSeconds(1), List.of(), "States.HeartbeatTimeout", null);
        ExecutionTrace.StateVisit running =
                new ExecutionTrace.StateVisit("Remediate", "Task", T0, null, List.of(), "States.Timeout", null);
        assertThat(StageSummary.describe(caught)).isEqualTo("failed: States.HeartbeatTimeout");
        assertThat(StageSummary.describe(running)).isEmpty();
    }
}
