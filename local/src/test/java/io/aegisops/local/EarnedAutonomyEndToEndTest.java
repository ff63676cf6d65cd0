package io.aegisops.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.DecisionMode;
import io.aegisops.contracts.DiagnosisSource;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.local.client.AegisClient;
import io.aegisops.local.stack.EmbeddedStack;
import io.aegisops.local.stack.StackOptions;
import io.aegisops.local.stack.StackSettings;
import io.aegisops.local.trace.ExecutionTrace;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 15 on the real stack: approvals that stay safe, and autonomy earned from people. An alert that resolves, or a
 * target found recovered, by the time a person decides is left alone.
 *
 * <p>Autonomy is earned from people. The same HighErrorRate on the service (a supervised
 * process whose health check fails) comes back again and again, each time as Alertmanager sends it. The runbook knows
 * the restart after the first, but it runs alone only once people approved it three times in a row, each verified
 * healthy; a rejection sends it back to asking.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EarnedAutonomyEndToEndTest {

    private static final Duration STEP = Duration.ofMinutes(2);

    private EmbeddedStack stack;
    private AegisClient client;

    @BeforeAll
    void startTheStackWithoutTheServicesOwnAlerts() {
        stack = TestStack.start(
                "autonomy",
                StackOptions.AppRuntime.PROCESS,
                Map.of(
                        "AEGIS_WEBHOOK_URL",
                        "",
                        StackSettings.RESTART_BUDGET_MAX,
                        "20",
                        StackSettings.APPROVAL_SEVERITIES,
                        "CRITICAL"));
        client = stack.client();
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void threeApprovalsPromoteThePatternTheFourthRunsAloneAndARejectionDemotesIt() {
        // the first occurrence: the rules decide on the evidence (alone when sure enough, else a human approves)
        Incident first = occurrence("warning", Answer.APPROVE_IF_ASKED);
        assertThat(first.diagnosis().source()).isEqualTo(DiagnosisSource.RULES);
        assertResolvedByOneRestart(first);
        int approved = first.decision().mode() == DecisionMode.APPROVAL ? 1 : 0;

        // a runbook match from then on: people approve it until it has earned AUTO
        for (; approved < 3; approved++) {
            Incident asked = occurrence("warning", Answer.APPROVE_IF_ASKED);
            assertThat(asked.diagnosis().source()).isEqualTo(DiagnosisSource.RUNBOOK);
            assertThat(asked.decision().mode()).isEqualTo(DecisionMode.APPROVAL);
            assertThat(asked.decision().reasons())
                    .contains("runbook match, approved by people " + approved
                            + "/3, last rejected never: needs approval");
            assertResolvedByOneRestart(asked);
        }

        Incident alone = occurrence("warning", Answer.MUST_NOT_BE_ASKED);
        assertThat(alone.diagnosis().source()).isEqualTo(DiagnosisSource.RUNBOOK);
        assertThat(alone.decision().mode()).isEqualTo(DecisionMode.AUTO);
        assertThat(alone.decision().reasons())
                .contains("runbook match, approved by people 3/3, last rejected never: AUTO earned from people");
        assertResolvedByOneRestart(alone);

        // a critical alert asks a human whatever was earned; the on-call rejects the restart
        Incident rejected = occurrence("critical", Answer.REJECT);
        assertThat(rejected.decision().reasons()).anyMatch(r -> r.contains("AUTO earned from people"));
        assertThat(rejected.status()).isEqualTo(IncidentStatus.REJECTED);
        assertThat(rejected.commandResults())
                .as("nothing but the look at the host")
                .allSatisfy(result -> assertThat(result.type()).isEqualTo(CommandType.INSPECT));

        Incident demoted = occurrence("warning", Answer.APPROVE_IF_ASKED);
        assertThat(demoted.diagnosis().source()).isEqualTo(DiagnosisSource.RUNBOOK);
        assertThat(demoted.decision().mode()).isEqualTo(DecisionMode.APPROVAL);
        assertThat(demoted.decision().reasons())
                .anyMatch(r -> r.startsWith("runbook match, approved by people 0/3, last rejected 20")
                        && r.endsWith(": needs approval"));
        assertResolvedByOneRestart(demoted);
    }

    @Test
    void anAlertThatResolvesBeforeAnyoneApprovesEndsWithoutARestart() {
        assertThat(client.post(stack.settings().appUrl().resolve("/faults/errors?ratio=1&seconds=600"))
                        .ok())
                .isTrue();
        String fingerprint = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Instant startsAt = Instant.now();
        String incidentId = criticalDownAwaitingApproval(startsAt, fingerprint);

        AegisClient.Answer resolved = client.postAlert(
                alertmanager("ServiceDown", "critical", startsAt, fingerprint).replace("\"firing\"", "\"resolved\""));
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(202);
        Incident closed = TestStack.awaitClosed(client, incidentId, STEP);

        assertThat(closed.status()).isEqualTo(IncidentStatus.NOOP);
        assertThat(closed.timeline())
                .anySatisfy(entry -> assertThat(entry.detail()).isEqualTo("NOOP: resolved before approval"));
        assertThat(closed.commandResults())
                .as("nothing but the look at the host")
                .allSatisfy(result -> assertThat(result.type()).isEqualTo(CommandType.INSPECT));
        assertThat(client.get(stack.settings().healthUrl()).status())
                .as("never restarted: the fault a restart clears is still on")
                .isEqualTo(503);
        assertThat(client.decide(incidentId, true, "too late").status())
                .as("nobody can approve it any more")
                .isEqualTo(409);
        client.post(stack.settings().appUrl().resolve("/faults/clear"));
    }

    private enum Answer {
        APPROVE_IF_ASKED,
        REJECT,
        MUST_NOT_BE_ASKED
    }

    /** Breaks the service (its health check fails), sends the alert, answers as told, returns the closed incident. */
    private Incident occurrence(String severity, Answer answer) {
        assertThat(client.post(stack.settings().appUrl().resolve("/faults/errors?ratio=1&seconds=600"))
                        .ok())
                .isTrue();
        AegisClient.Answer accepted = client.postAlert(alertmanager(
                "HighErrorRate",
                severity,
                Instant.now(),
                UUID.randomUUID().toString().replace("-", "").substring(0, 16)));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String incidentId =
                accepted.json().path("results").get(0).path("incidentId").asText();

        Incident waiting = TestStack.await(
                incidentId + " to await approval or close",
                STEP,
                () -> client.incident(incidentId)
                        .filter(i -> i.status() == IncidentStatus.AWAITING_APPROVAL
                                || i.status().isTerminal()));
        if (waiting.status() == IncidentStatus.AWAITING_APPROVAL) {
            assertThat(answer)
                    .as("%s asked a human: %s", incidentId, waiting.decision())
                    .isNotEqualTo(Answer.MUST_NOT_BE_ASKED);
            AegisClient.Answer decided =
                    client.decide(incidentId, answer != Answer.REJECT, "the on-call of " + severity);
            assertThat(decided.ok()).as(decided.body()).isTrue();
        } else {
            assertThat(answer)
                    .as("%s was not asked: %s", incidentId, waiting.decision())
                    .isNotEqualTo(Answer.REJECT);
        }
        return TestStack.awaitClosed(client, incidentId, STEP);
    }

    @Test
    void aTargetHealthyByTheTimeSomeoneApprovesIsLeftAloneUnlessTheApproverForcesIt() {
        client.post(stack.settings().appUrl().resolve("/faults/clear"));
        TestStack.await(
                "the service to answer",
                STEP,
                () -> Optional.of(client.get(stack.settings().healthUrl()).status())
                        .filter(status -> status == 200));
        // the service answers again by the time a person approves: what the alert said is gone
        Incident recovered = downAlertApproved(false);

        assertThat(recovered.status()).isEqualTo(IncidentStatus.NOOP);
        assertThat(recovered.timeline())
                .anySatisfy(entry -> assertThat(entry.detail())
                        .startsWith("healthy at approval (running, http://127.0.0.1:")
                        .endsWith("/health answered 200): RESTART not run; approve with force to act on a healthy"
                                + " target"))
                .anySatisfy(
                        entry -> assertThat(entry.detail()).isEqualTo("NOOP: healthy at approval (Aegis.Recovered)"));
        assertThat(recovered.commandResults())
                .as("the re-check, no remedy")
                .extracting(result ->
                        result.commandId().substring(recovered.incidentId().length()))
                .containsExactly("#recheck#1");
        assertThat(client.trace(recovered.executionArn()).visits())
                .extracting(ExecutionTrace.StateVisit::name)
                .contains("RecheckAtApproval", "OutcomeHealthyAtApproval")
                .doesNotContain("Verify");
        assertThat(stack.notifications())
                .extracting(n -> n.body().toString())
                .anySatisfy(body -> assertThat(body).contains(recovered.incidentId(), "healthy at approval"));

        Incident forced = downAlertApproved(true);

        assertResolvedByOneRestart(forced);
        assertThat(forced.commandResults())
                .as("no re-check when forced")
                .noneSatisfy(result -> assertThat(result.commandId()).endsWith("#recheck#1"));
        assertThat(forced.timeline())
                .anySatisfy(entry -> assertThat(entry.detail()).contains("(forced: even if healthy at approval)"));
    }

    /** A critical ServiceDown on the answering service, approved (with {@code force} or not) once it asks. */
    private Incident downAlertApproved(boolean force) {
        String incidentId = criticalDownAwaitingApproval(
                Instant.now(), UUID.randomUUID().toString().replace("-", "").substring(0, 16));
        if (!force) {
            // the re-check sees a target recovered only once it has run half a minute: a crash loop answers too
            Instant started = client.incident(incidentId)
                    .orElseThrow()
                    .evidence()
                    .container()
                    .startedAt();
            TestStack.await(
                    "the service to have run for 30 s",
                    STEP,
                    Duration.ofSeconds(1),
                    () -> Optional.of(Instant.now()).filter(now -> now.isAfter(started.plusSeconds(31))));
        }
        AegisClient.Answer decided = client.decide(incidentId, true, force, "the on-call, force " + force);
        assertThat(decided.ok()).as(decided.body()).isTrue();
        return TestStack.awaitClosed(client, incidentId, STEP);
    }

    /** A critical ServiceDown as Alertmanager sends it, once its incident waits for a decision. */
    private String criticalDownAwaitingApproval(Instant startsAt, String fingerprint) {
        AegisClient.Answer accepted = client.postAlert(alertmanager("ServiceDown", "critical", startsAt, fingerprint));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String incidentId =
                accepted.json().path("results").get(0).path("incidentId").asText();
        TestStack.await(
                incidentId + " to await approval",
                STEP,
                () -> client.incident(incidentId).filter(i -> i.status() == IncidentStatus.AWAITING_APPROVAL));
        return incidentId;
    }

    private void assertResolvedByOneRestart(Incident incident) {
        assertThat(incident.status()).as(incident.incidentId()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(incident.commandResults())
                .filteredOn(result -> result.type() == CommandType.RESTART)
                .singleElement()
                .satisfies(restart -> assertThat(restart.success()).isTrue());
    }

    private String alertmanager(String alertName, String severity, Instant startsAt, String fingerprint) {
        String service = stack.settings().service();
        return """
                {"version": "4", "status": "firing", "receiver": "aegisops",
                 "groupKey": "{}:{alertname=\\"%1$s\\"}", "externalURL": "http://alertmanager.test:9093",
                 "alerts": [{"status": "firing",
                   "labels": {"alertname": "%1$s", "service": "%2$s", "severity": "%3$s"},
                   "annotations": {"summary": "%1$s on %2$s"},
                   "startsAt": "%4$s", "fingerprint": "%5$s"}]}""".formatted(alertName, service, severity, startsAt, fingerprint);
    }
}
