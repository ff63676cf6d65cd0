package io.aegisops.functions.learn;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.Decision;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.NormalisedAlert;
import io.aegisops.functions.pipeline.JsonStreams;

/**
 * The parts of the pipeline's state document Learn reads (see docs/architecture.md, "The pipeline's state
 * document"). Parts a path never wrote are null; a part that holds a caught error instead of a result
 * (Step Functions' {@code {Error, Cause}}) is read as absent.
 */
public record StateDocument(
        String incidentId,
        String service,
        NormalisedAlert alert,
        Diagnosis diagnosis,
        Decision decision,
        Approval approval,
        CommandResult remediation,
        Verify verify,
        Outcome outcome) {

    /** {@code $.approval}: what the approver answered. */
    public record Approval(boolean approved, String approver, String comment) {
    }

    /** {@code $.verify}: the last probe of the loop. */
    public record Verify(int attempt, boolean healthy, CommandResult result) {
    }

    /** {@code $.outcome}: how the execution ends, set by the Pass states before Learn. */
    public record Outcome(IncidentStatus status, String reason) {
    }

    public static StateDocument from(JsonNode document) {
        Outcome outcome = result(document.get("outcome"), Outcome.class);
        if (outcome == null || outcome.status() == null || !outcome.status().isTerminal()) {
            throw new IllegalArgumentException("the state document needs '$.outcome.status' with a terminal status");
        }
        return new StateDocument(
                JsonStreams.text(document, "incidentId"),
                JsonStreams.optionalText(document, "service"),
                result(document.get("alert"), NormalisedAlert.class),
                result(document.path("analysis").get("diagnosis"), Diagnosis.class),
                result(document.path("analysis").get("decision"), Decision.class),
                result(document.get("approval"), Approval.class),
                result(document.get("remediation"), CommandResult.class),
                result(document.get("verify"), Verify.class),
                outcome);
    }

    private static <T> T result(JsonNode node, Class<T> type) {
        if (node == null || !node.isObject() || node.has("Error")) {
            return null;
        }
        return JsonStreams.convert(node, type);
    }
}
