package io.aegisops.functions.learn;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.Decision;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.NormalisedAlert;
import io.aegisops.functions.pipeline.JsonStreams;

/**
 * The parts of the pipeline's state document Learn reads (see docs/architecture.md, "The pipeline's state
 * document", and statemachine/aegis-pipeline.asl.json). Parts a path never wrote are null. The state machine's
 * Catches write a caught error to {@code $.error} (and, in the Verify loop, {@code $.verify.error}); a part that
 * holds one instead of a result is read as absent all the same.
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
        CaughtError error,
        Outcome outcome) {

    /** {@code $.approval}: what the approver answered. */
    public record Approval(boolean approved, String approver, String comment) {
    }

    /**
     * {@code $.verify}: the last probe of the loop, as the Healthy, Unhealthy, VerifyTimedOut and VerifyErrored
     * states write it ({@code result} when the agent answered, {@code error} when the task failed or timed out).
     */
    public record Verify(int attempt, boolean healthy, boolean timedOut, CommandResult result, CaughtError error) {
    }

    /**
     * An error a Catch stored ({@code {Error, Cause}}); only its name is kept, since a cause may quote anything.
     */
    public record CaughtError(@JsonProperty("Error") String name) {
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
                caught(document.get("error")),
                outcome);
    }

    private static CaughtError caught(JsonNode node) {
        return node == null || !node.isObject() || !node.has("Error") ? null : JsonStreams.convert(node, CaughtError.class);
    }

    private static <T> T result(JsonNode node, Class<T> type) {
        if (node == null || !node.isObject() || node.has("Error")) {
            return null;
        }
        return JsonStreams.convert(node, type);
    }
}
