package io.aegisops.functions.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.Evidence;
import io.aegisops.functions.pipeline.JsonStreams;
import java.time.Instant;

/**
 * Turns {@code $.evidence} of the state document into {@link Evidence}. It holds either the agent's
 * CommandResult for the INSPECT command, or, after a caught error or timeout, whatever the Catch put there
 * ({@code {"available": false}}, or Step Functions' {@code {Error, Cause}}): that is "no evidence", never a failure.
 */
public final class EvidenceReading {

    private EvidenceReading() {}

    public static Evidence from(JsonNode node, Instant now) {
        if (node == null || node.isNull() || node.isMissingNode() || !node.isObject()) {
            return Evidence.unavailable("no evidence collected", now);
        }
        if (node.has("Error")) {
            return Evidence.unavailable(
                    "evidence collection failed: " + node.get("Error").asText(), now);
        }
        if (node.has("available") && !node.has("type")) {
            Evidence evidence = JsonStreams.convert(node, Evidence.class);
            return evidence.collectedAt() == null
                    ? new Evidence(evidence.available(), evidence.container(), evidence.logs(), evidence.note(), now)
                    : evidence;
        }
        CommandResult result = JsonStreams.convert(node, CommandResult.class);
        if (result.type() != CommandType.INSPECT || !result.success()) {
            return Evidence.unavailable("the agent could not inspect the container: " + result.message(), now);
        }
        ContainerState state = result.after() != null ? result.after() : result.before();
        return new Evidence(true, state, result.logs(), result.message(), now);
    }
}
