package io.aegisops.local.trace;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.pipeline.PipelineState;
import io.aegisops.contracts.pipeline.StateDocument;
import io.aegisops.contracts.pipeline.StateDocument.Analysis;
import io.aegisops.contracts.pipeline.StateDocument.Approval;
import io.aegisops.contracts.pipeline.StateDocument.CaughtError;
import io.aegisops.contracts.pipeline.StateDocument.CollectedEvidence;
import io.aegisops.contracts.pipeline.StateDocument.Outcome;
import io.aegisops.contracts.pipeline.StateDocument.Part;
import io.aegisops.contracts.pipeline.StateDocument.VerifyLoop;
import java.util.Locale;
import java.util.Optional;

/**
 * One line on what a pipeline step found or did, read from the state document it left behind (contracts'
 * {@link StateDocument}, the paths of docs/architecture.md, "The pipeline's state document").
 */
public final class StageSummary {

    private StageSummary() {}

    public static String describe(ExecutionTrace.StateVisit visit) {
        JsonNode output = visit.output();
        if (visit.failed() != null && !visit.finished()) {
            return "";
        }
        if (output == null) {
            return visit.failed() != null ? "failed: " + visit.failed() : "";
        }
        Optional<PipelineState> state = PipelineState.named(visit.name());
        if (state.isEmpty()) {
            return "";
        }
        StateDocument doc = StateDocument.read(output);
        return switch (state.get()) {
            case COLLECT_EVIDENCE -> evidence(doc.evidence());
            case DIAGNOSE -> diagnosis(doc.analysis());
            case REQUEST_APPROVAL -> approval(doc.approval(), doc.error());
            case RECHECK_AT_APPROVAL -> recheck(doc.recheck());
            case REMEDIATE -> remediation(doc.remediation());
            case VERIFY, REMEDY_SAW_IT_HEALTHY -> verification(doc.verify());
            case NOTIFY_OUTCOME -> "the team is told: " + status(doc.outcome()) + " (Slack, best effort)";
            case LEARN ->
                doc.learnError() != null
                        ? "could not close the incident: "
                                + text(doc.learnError().name(), "")
                        : "incident closed as " + status(doc.outcome());
            default ->
                state.get().outcome().isEmpty()
                        ? ""
                        : status(doc.outcome()) + ": "
                                + (doc.outcome() == null
                                        ? ""
                                        : text(doc.outcome().reason(), ""));
        };
    }

    static String evidence(Part<CollectedEvidence> evidence) {
        if (!evidence.isWritten()) {
            return "";
        }
        if (evidence.caught() != null) {
            return "no evidence: " + text(evidence.caught().name(), "");
        }
        CollectedEvidence found = evidence.result();
        if (Boolean.FALSE.equals(found.available())) {
            return "no evidence: " + text(found.note(), "");
        }
        ContainerState container = found.before();
        StringBuilder text =
                new StringBuilder("container ").append(container == null ? "?" : text(container.status(), "?"));
        if (container != null && container.health() != null) {
            text.append(", ").append(container.health());
        }
        if (container != null && Boolean.TRUE.equals(container.oomKilled())) {
            text.append(", OOM-killed");
        }
        String logs = text(found.logs(), "");
        if (!logs.isEmpty()) {
            text.append(", ").append(logs.split("\n").length).append(" log lines");
        }
        return text.toString();
    }

    /** The second look at approval: what the agent saw, which Remediate then weighs against the alert. */
    static String recheck(Part<CommandResult> recheck) {
        if (recheck.caught() != null) {
            return "no answer: " + text(recheck.caught().name(), "") + " (the approved remedy runs)";
        }
        CommandResult seen = recheck.result();
        if (seen == null) {
            return "";
        }
        ContainerState container = seen.after() != null ? seen.after() : seen.before();
        return "re-checked: container " + (container == null ? "?" : text(container.status(), "?"))
                + (container == null || container.healthProbe() == null
                        ? ""
                        : ", health " + text(container.healthProbe().httpStatus(), "no answer"));
    }

    static String diagnosis(Part<Analysis> analysis) {
        Diagnosis diagnosis =
                analysis.result() == null ? null : analysis.result().diagnosis();
        if (diagnosis == null) {
            return analysis.caught() != null
                    ? "failed: " + text(analysis.caught().name(), "")
                    : "";
        }
        String mode = analysis.result().decision() == null
                ? ""
                : text(analysis.result().decision().mode(), "");
        return String.format(
                Locale.ROOT,
                "%s says %s (%.2f): %s → %s",
                text(diagnosis.source(), ""),
                text(diagnosis.action(), ""),
                diagnosis.confidence(),
                ExecutionTrace.shorten(text(diagnosis.rootCause(), ""), 60),
                mode);
    }

    static String approval(Part<Approval> approval, CaughtError error) {
        Approval answer = approval.result();
        if (answer == null) {
            return error == null ? "" : "no decision: " + text(error.name(), "");
        }
        if (answer.withdrawn()) {
            return "withdrawn: " + text(answer.comment(), "the alert resolved");
        }
        return (answer.approved() ? "approved by " : "rejected by ")
                + text(answer.approver(), "?")
                + (answer.comment() != null ? " (\"" + ExecutionTrace.shorten(answer.comment(), 60) + "\")" : "");
    }

    static String remediation(Part<CommandResult> remediation) {
        if (!remediation.isWritten()) {
            return "";
        }
        if (remediation.caught() != null) {
            return "not done: " + text(remediation.caught().name(), "");
        }
        CommandResult result = remediation.result();
        return (result.dryRun() ? "dry run: " : "") + ExecutionTrace.shorten(text(result.message(), ""), 90);
    }

    static String verification(Part<VerifyLoop> verify) {
        VerifyLoop loop = verify.result();
        if (loop == null) {
            return "";
        }
        CommandResult probe = loop.result();
        // after the Verify task the verdict is the probe's answer; the Pass states after it copy it to healthy
        boolean healthy = loop.healthy() != null ? loop.healthy() : probe != null && probe.success();
        String verdict = healthy ? "healthy" : "not healthy";
        String detail = probe == null
                ? ""
                : probe.httpStatus() != null ? "HTTP " + probe.httpStatus() : text(probe.message(), "");
        if (loop.error() != null) {
            detail = text(loop.error().name(), "");
        }
        return "attempt " + text(loop.attempt(), "?") + ": " + verdict
                + (detail.isEmpty() ? "" : " (" + ExecutionTrace.shorten(detail, 70) + ")");
    }

    private static String status(Outcome outcome) {
        return outcome == null ? "" : text(outcome.status(), "");
    }

    private static String text(Object value, String absent) {
        return value == null ? absent : value.toString();
    }
}
