package io.aegisops.contracts.pipeline;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.Decision;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Json;
import java.io.UncheckedIOException;

/**
 * The state document, as far as AegisOps reads it back: Learn receives it whole, and the trace reads it after
 * each state. Each field is a path of {@code aegis-pipeline.asl.json} ({@code $.evidence} …; docs/architecture.md
 * 4.2). A task's Catch may store {@code {Error, Cause}} where its result would go, so what a task writes is read
 * as a {@link Part}: its result, or the error caught in its place.
 */
public record StateDocument(
        String incidentId,
        String service,
        Part<CollectedEvidence> evidence,
        Part<Analysis> analysis,
        Part<Approval> approval,
        Part<CommandResult> recheck,
        Part<CommandResult> remediation,
        Part<VerifyLoop> verify,
        CaughtError error,
        Outcome outcome,
        CaughtError learnError) {

    /**
     * What a task wrote at its path: its {@code result}, or the error a Catch {@code caught} in its place; neither
     * when nothing was written there.
     */
    public record Part<T>(T result, CaughtError caught) {

        public boolean isWritten() {
            return result != null || caught != null;
        }

        static <T> Part<T> read(JsonNode node, Class<T> type) {
            return new Part<>(StateDocument.result(node, type), StateDocument.caught(node));
        }
    }

    /**
     * An error a Catch stored ({@code {Error, Cause}}). Only its name is kept, since a cause may quote anything.
     */
    public record CaughtError(@JsonProperty("Error") String name) {}

    /**
     * {@code $.evidence}: the agent's INSPECT CommandResult (the container's state in {@code before}), or
     * {@code {available: false, note}} from EvidenceUnavailable and UnknownTarget.
     */
    public record CollectedEvidence(Boolean available, String note, ContainerState before, String logs) {}

    /**
     * {@code $.analysis}: what Diagnose returns. RecheckAtApproval adds {@code $.analysis.recheck}, read as its own
     * part ({@link StateDocument#recheck}).
     */
    public record Analysis(Diagnosis diagnosis, Decision decision) {}

    /**
     * {@code $.approval}: the approval route's answer to RequestApproval; {@code withdrawn} when ingest withdrew the
     * request because the alert resolved first (then {@code approved} is false and nobody decided).
     */
    public record Approval(boolean approved, String approver, String comment, boolean withdrawn) {}

    /**
     * {@code $.verify}: the Verify loop's attempt and its probe: the PROBE CommandResult in {@code result} when the
     * agent answered, {@code error} when the task failed or timed out. {@code healthy} is present once the Healthy,
     * Unhealthy, VerifyTimedOut or VerifyErrored state has judged the attempt.
     */
    public record VerifyLoop(
            Integer attempt, Boolean healthy, boolean timedOut, CommandResult result, CaughtError error) {}

    /** {@code $.outcome}: how the execution ends, set by an Outcome Pass state before Learn. */
    public record Outcome(IncidentStatus status, String reason) {}

    /** Reads a document; parts a path never wrote are empty, and a missing or non-text incident id is null. */
    public static StateDocument read(JsonNode document) {
        JsonNode incidentId = document.get("incidentId");
        JsonNode service = document.get("service");
        JsonNode analysis = document.get("analysis");
        return new StateDocument(
                incidentId != null && incidentId.isTextual() ? incidentId.textValue() : null,
                service == null || service.isNull() ? null : service.asText(),
                Part.read(document.get("evidence"), CollectedEvidence.class),
                Part.read(analysis, Analysis.class),
                Part.read(document.get("approval"), Approval.class),
                Part.read(analysis == null ? null : analysis.get("recheck"), CommandResult.class),
                Part.read(document.get("remediation"), CommandResult.class),
                Part.read(document.get("verify"), VerifyLoop.class),
                caught(document.get("error")),
                result(document.get("outcome"), Outcome.class),
                caught(document.get("learnError")));
    }

    private static CaughtError caught(JsonNode node) {
        return node == null || !node.isObject() || !node.has("Error") ? null : convert(node, CaughtError.class);
    }

    private static <T> T result(JsonNode node, Class<T> type) {
        return node == null || !node.isObject() || node.has("Error") ? null : convert(node, type);
    }

    private static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return Json.mapper().treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
