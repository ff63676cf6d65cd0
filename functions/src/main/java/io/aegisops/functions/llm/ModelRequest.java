package io.aegisops.functions.llm;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.Severity;
import java.util.Set;

/**
 * What a model is shown about an incident. {@code logs} and {@code summary} must already be redacted and
 * truncated; {@code actions} is the whole vocabulary the model may answer with.
 */
public record ModelRequest(
        String service,
        String alertType,
        Severity severity,
        String summary,
        ContainerState container,
        String logs,
        Set<Action> actions) {}
