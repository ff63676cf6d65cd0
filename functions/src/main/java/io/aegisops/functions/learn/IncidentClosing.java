package io.aegisops.functions.learn;

import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.Decision;
import io.aegisops.contracts.DecisionMode;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.RunbookEntry;
import io.aegisops.contracts.Verification;
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
 * <p>Only verified outcomes teach: a real (not dry-run) restart followed by a healthy probe is a success; a
 * real restart that failed or never got healthy is a failure; a human's rejection is a rejection. NOOP,
 * escalations and dry runs teach nothing. MTTR runs from the incident's creation to its resolution.
 *
 * <p>A restart's success or failure counts only when the restart was confirmed by more than a model: the policy
 * ran it automatically (the rules, the runbook, or a model the rules backed — see {@code ModelCorroboration}), or a
 * human approved it. The runbook later decides alone from these counts, so a model's unconfirmed say-so must never
 * train it into restarting automatically.
 */
public final class IncidentClosing {

    private IncidentClosing() {
    }

    public static Incident close(Incident current, StateDocument doc, Instant now) {
        if (current.status().isTerminal()) {
            return current;
        }
        IncidentStatus status = doc.outcome().status();
        List<CommandResult> results = new ArrayList<>(current.commandResults());
        addOnce(results, doc.remediation());
        if (doc.verify() != null) {
            addOnce(results, doc.verify().result());
        }
        String outcome = status + (doc.outcome().reason() == null ? "" : ": " + doc.outcome().reason())
                + (doc.error() == null || doc.error().name() == null ? "" : " (" + doc.error().name() + ")");
        Incident.Builder closed = current.withEvent(now, "outcome", outcome)
                .toBuilder()
                .status(status)
                .commandResults(results);
        if (doc.verify() != null) {
            closed.verification(verification(doc.verify(), now));
        }
        if (status == IncidentStatus.RESOLVED) {
            closed.resolvedAt(now).mttrMs(Duration.between(current.createdAt(), now).toMillis());
        }
        return closed.build();
    }

    private static Verification verification(StateDocument.Verify verify, Instant now) {
        CommandResult probe = verify.result();
        String detail = probe != null ? probe.message()
                : verify.timedOut() ? "no answer to health probe " + verify.attempt()
                : verify.error() != null ? "health probe " + verify.attempt() + " failed: " + verify.error().name()
                : null;
        return new Verification(verify.healthy(), verify.attempt(), probe == null ? null : probe.httpStatus(), detail, now);
    }

    /** The lesson of a closed incident, if it has one. */
    public static Optional<Outcome> lesson(Incident closed, StateDocument doc) {
        Diagnosis diagnosis = doc.diagnosis() != null ? doc.diagnosis() : closed.diagnosis();
        String service = doc.service();
        if (diagnosis == null || service == null || closed.alert() == null || !RunbookLearning.isLearnable(diagnosis.action())) {
            return Optional.empty();
        }
        boolean restarted = doc.remediation() != null && !doc.remediation().dryRun() && isConfirmed(doc, closed);
        Outcome.Kind kind = switch (closed.status()) {
            case RESOLVED -> restarted && doc.remediation().success() && doc.verify() != null && doc.verify().healthy()
                    ? Outcome.Kind.SUCCESS : null;
            case FAILED -> restarted ? Outcome.Kind.FAILURE : null;
            case REJECTED -> Outcome.Kind.REJECTION;
            default -> null;
        };
        if (kind == null) {
            return Optional.empty();
        }
        return Optional.of(new Outcome(kind, RunbookEntry.signatureOf(closed.alert().alertType(), service), diagnosis.action(),
                diagnosis.rootCause(), closed.incidentId(), closed.resolvedAt() != null ? closed.resolvedAt() : lastEventAt(closed),
                closed.mttrMs() == null ? 0 : closed.mttrMs()));
    }

    /** Decided AUTO by the policy, or approved by a human. */
    static boolean isConfirmed(StateDocument doc, Incident closed) {
        Decision decision = doc.decision() != null ? doc.decision() : closed.decision();
        return decision != null && decision.mode() == DecisionMode.AUTO
                || doc.approval() != null && doc.approval().approved();
    }

    private static Instant lastEventAt(Incident incident) {
        return incident.timeline().isEmpty() ? incident.createdAt() : incident.timeline().getLast().at();
    }

    private static void addOnce(List<CommandResult> results, CommandResult result) {
        if (result != null && results.stream().noneMatch(r -> r.commandId() != null && r.commandId().equals(result.commandId()))) {
            results.add(result);
        }
    }
}
