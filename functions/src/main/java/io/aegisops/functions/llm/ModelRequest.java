package io.aegisops.functions.llm;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * What a model is shown about an incident. {@code logs}, {@code summary} and the container's free text (the probe's
 * URL and error, the image) must already be redacted and truncated; {@code actions} is the whole vocabulary the
 * model may answer with.
 *
 * @param alertStartsAt when the alert began, null when its source did not say
 * @param container the state the agent found (with its health probe and resource figures), null without evidence
 * @param uptime how long the target had been up when inspected, null when it was not running
 */
public record ModelRequest(
        String service,
        String alertType,
        Severity severity,
        String summary,
        Instant alertStartsAt,
        ContainerState container,
        Duration uptime,
        String logs,
        Set<Action> actions) {}
