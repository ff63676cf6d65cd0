package io.aegisops.functions.learn;

import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.Decision;
import io.aegisops.contracts.DecisionMode;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.RunbookEntry;
import io.aegisops.contracts.TimelineStage;
import io.aegisops.contracts.Verification;
import io.aegisops.contracts.pipeline.StateDocument;
import io.aegisops.contracts.pipeline.StateDocument.Analysis;
import io.aegisops.contracts.pipeline.StateDocument.Approval;
import io.aegisops.contracts.pipeline.StateDocument.VerifyLoop;
import io.aegisops.functions.runbook.Outcome;
import io.aegisops.functions.runbook.RunbookLearning;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How an incident is closed and what the runbook learns from it. Pure.
 *
 * <p>Only verified outcomes and people's decisions teach, per pattern (alert type, service, the remedy): a real (not
 * dry-run) remedy followed by a healthy probe is a success, counted towards earning AUTO when people approved it; a
 * real remedy that failed or never got healthy (also a rollback that escalated still unhealthy) is a failure; a
 * human's rejection is a rejection. NOOP, other escalations and dry runs teach nothing. MTTR runs from the
 * incident's creation to its resolution.
 *
 * <p>A remedy's success or failure counts only when it was confirmed by more than a model: the policy ran it
 * automatically (the rules, the runbook, or a model the rules backed — see {@code ModelCorroboration}), or a human
 * approved it. The runbook later diagnoses from these counts, so a model's unconfirmed say-so must never train it.
 */
public final class IncidentClosing {

    private IncidentClosing() {}

    public static Incident close(Incident current, StateDocument doc, Instant now) {
        if (current.status().isTerminal()) {
            return current;
        }
        IncidentStatus status = doc.outcome().status();
        VerifyLoop verify = doc.verify().result();
        List<CommandResult> results = new ArrayList<>(current.commandResults());
        addOnce(results, doc.recheck().result());
        addOnce(results, doc.remediation().result());
        if (verify != null) {
            addOnce(results, verify.result());
        }
        String outcome = status
                + (doc.outcome().reason() == null ? "" : ": " + doc.outcome().reason())
                + (doc.error() == null || doc.error().name() == null
                        ? ""
                        : " (" + doc.error().name() + ")");
        Incident.Builder closed = current.withEvent(now, TimelineStage.OUTCOME, outcome).toBuilder()
                .status(status)
                .commandResults(results);
        if (verify != null) {
            closed.verification(verification(verify, now));
        }
        if (status == IncidentStatus.RESOLVED) {
            closed.resolvedAt(now)
                    .mttrMs(Duration.between(current.createdAt(), now).toMillis());
        }
        return closed.build();
    }

    private static Verification verification(VerifyLoop verify, Instant now) {
        CommandResult probe = verify.result();
        int attempt = verify.attempt() == null ? 0 : verify.attempt();
        String detail = probe != null
                ? probe.message()
                : verify.timedOut()
                        ? "no answer to health probe " + attempt
                        : verify.error() != null
                                ? "health probe " + attempt + " failed: "
                                        + verify.error().name()
                                : null;
        return new Verification(
                Boolean.TRUE.equals(verify.healthy()), attempt, probe == null ? null : probe.httpStatus(), detail, now);
    }

    /** The lesson of a closed incident, if it has one. */
    public static Optional<Outcome> lesson(Incident closed, StateDocument doc) {
        Analysis analysis = doc.analysis().result();
        Diagnosis diagnosis =
                analysis != null && analysis.diagnosis() != null ? analysis.diagnosis() : closed.diagnosis();
        String service = doc.service();
        if (diagnosis == null
                || service == null
                || closed.alert() == null
                || !RunbookLearning.isLearnable(diagnosis.action())) {
            return Optional.empty();
        }
        CommandResult remediation = doc.remediation().result();
        VerifyLoop verify = doc.verify().result();
        boolean remedied = remediation != null && !remediation.dryRun() && isConfirmed(doc, closed);
        Outcome.Kind kind = switch (closed.status()) {
            case RESOLVED ->
                remedied && remediation.success() && verify != null && Boolean.TRUE.equals(verify.healthy())
                        ? Outcome.Kind.SUCCESS
                        : null;
            case FAILED -> remedied ? Outcome.Kind.FAILURE : null;
            // a rollback still unhealthy on the image rolled back to escalates, but its verification failed
            case ESCALATED -> remedied && answeredUnhealthy(verify) ? Outcome.Kind.FAILURE : null;
            case REJECTED -> Outcome.Kind.REJECTION;
            default -> null;
        };
        if (kind == null) {
            return Optional.empty();
        }
        return Optional.of(new Outcome(
                kind,
                RunbookEntry.signatureOf(closed.alert().alertType(), service, diagnosis.action()),
                diagnosis.action(),
                diagnosis.rootCause(),
                closed.incidentId(),
                closed.resolvedAt() != null ? closed.resolvedAt() : lastEventAt(closed),
                closed.mttrMs() == null ? 0 : closed.mttrMs(),
                isApprovedByPeople(doc)));
    }

    /** Decided AUTO by the policy, or approved by a human. */
    static boolean isConfirmed(StateDocument doc, Incident closed) {
        Analysis analysis = doc.analysis().result();
        Decision decision = analysis != null && analysis.decision() != null ? analysis.decision() : closed.decision();
        return (decision != null && decision.mode() == DecisionMode.AUTO) || isApprovedByPeople(doc);
    }

    /** The last probe answered, and not healthy (a probe that timed out or erred says nothing of the remedy). */
    private static boolean answeredUnhealthy(VerifyLoop verify) {
        return verify != null
                && Boolean.FALSE.equals(verify.healthy())
                && !verify.timedOut()
                && verify.result() != null;
    }

    private static boolean isApprovedByPeople(StateDocument doc) {
        Approval approval = doc.approval().result();
        return approval != null && approval.approved();
    }

    private static Instant lastEventAt(Incident incident) {
        return incident.timeline().isEmpty()
                ? incident.createdAt()
                : incident.timeline().getLast().at();
    }

    private static void addOnce(List<CommandResult> results, CommandResult result) {
        if (result != null
                && results.stream()
                        .noneMatch(r -> r.commandId() != null && r.commandId().equals(result.commandId()))) {
            results.add(result);
        }
    }
}
