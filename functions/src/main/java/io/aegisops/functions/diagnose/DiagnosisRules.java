package io.aegisops.functions.diagnose;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.DiagnosisSource;
import io.aegisops.contracts.Evidence;
import io.aegisops.contracts.NormalisedAlert;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deterministic diagnosis, always available: what the container state and the alert's words say.
 * The first rule that matches decides; its evidence names what matched.
 *
 * <p>The alert's words are its type (and {@code alertname} label) split into words ({@code HighMemoryUsage} →
 * "high memory usage") and its summary, with the service's own name taken out. Label values are never read:
 * they name services and hosts ({@code cheapest-price-api}, {@code crash-reporter}), not symptoms. Every keyword
 * matches whole words only, where a hyphenated name counts as one word.
 *
 * <p>Rules that rest on the container's state (OOMKilled, exited or dead) keep their confidence. A crash or
 * "down" read from the alert's words is capped at {@code textOnlyCeiling} when the container is running and
 * healthy: the host contradicts the text, so a human approves the restart. Memory pressure is not capped so:
 * a leak is caught while the container still runs and passes its health check (Docker's check also lags
 * the service by its interval), which is exactly when a restart helps most.
 */
public final class DiagnosisRules {

    /** Not preceded or followed by a letter, digit, underscore or hyphen. */
    private static final String START = "(?<![\\w-])";

    private static final String END = "(?![\\w-])";

    private static final Pattern MEMORY =
            words("out of memory|out-of-memory|outofmemory(?:error)?|oom|oom ?kill(?:ed|er)?|heap"
                    + "|memory (?:leak|leaks|usage|pressure|exhaustion|exhausted|high)|high memory|leaking memory");
    /** In logs only the unmistakable signs count: a log line merely mentioning the heap proves nothing. */
    private static final Pattern MEMORY_IN_LOGS = words("outofmemoryerror|out of memory|oom[- ]?kill(?:ed|er)?");

    private static final Pattern CRASH =
            words("crash|crashed|crashes|crashing|crash ?loop(?:ing)?|crash ?loop ?back ?off|exited"
                    + "|(?:container|service|target|instance|pod|process) (?:is )?down|not running|process exit(?:ed)?"
                    + "|segfault|segmentation fault");
    private static final Pattern DEPENDENCY_LATENCY =
            words("latency|slow (?:query|queries|response|responses|dependency)|dependency|database|upstream"
                    + "|timed ?out|time ?out|timeouts?|connection refused");
    private static final Pattern CPU = words("cpu|throttle|throttled|throttling");

    private DiagnosisRules() {}

    /**
     * @param textOnlyCeiling the highest confidence a restart for a crash the host contradicts (running and
     *                        healthy) may have; the caller keeps it below the policy's auto threshold
     */
    public static Diagnosis diagnose(NormalisedAlert alert, Evidence evidence, double textOnlyCeiling) {
        String alertText = alertText(alert);
        String logText = lower((alert.logs() == null ? "" : alert.logs()) + "\n"
                + (evidence != null && evidence.logs() != null ? evidence.logs() : ""));
        ContainerState container = evidence != null && evidence.available() ? evidence.container() : null;

        if (container != null && Boolean.TRUE.equals(container.oomKilled())) {
            return rule(
                    "The container was killed for running out of memory",
                    Action.RESTART,
                    0.95,
                    "the kernel OOM killer stopped the container; a restart frees its memory",
                    List.of("container oomKilled=true", "container status " + container.status()));
        }
        if (MEMORY.matcher(alertText).find() || MEMORY_IN_LOGS.matcher(logText).find()) {
            List<String> found = new ArrayList<>(matches(MEMORY, alertText, ""));
            found.addAll(matches(MEMORY_IN_LOGS, "", logText));
            return rule(
                    "Memory exhaustion (likely a leak) in " + service(alert),
                    Action.RESTART,
                    0.9,
                    "memory grows until the heap is full; a restart releases it until the leak is fixed",
                    found);
        }
        if (container != null && isStopped(container)) {
            return rule(
                    "The container is not running (status " + container.status() + ")",
                    Action.RESTART,
                    0.85,
                    "a stopped or crashed container serves nothing; a restart brings it back",
                    stoppedEvidence(container));
        }
        if (CRASH.matcher(alertText).find()) {
            return textOnly(
                    rule(
                            "The service crashed or went down",
                            Action.RESTART,
                            0.85,
                            "the alert reports the service down; a restart brings it back",
                            matches(CRASH, alertText, logText)),
                    container,
                    textOnlyCeiling);
        }
        if (DEPENDENCY_LATENCY.matcher(alertText).find()) {
            return rule(
                    "Latency from a dependency of " + service(alert),
                    Action.ESCALATE,
                    0.6,
                    "the service waits on something it calls; restarting it would not make the dependency faster",
                    matches(DEPENDENCY_LATENCY, alertText, logText));
        }
        if (CPU.matcher(alertText).find()) {
            return textOnly(
                    rule(
                            "CPU saturation in " + service(alert),
                            Action.RESTART,
                            0.7,
                            "busy threads saturate the CPU; a restart usually clears a runaway loop, but the cause may be load",
                            matches(CPU, alertText, logText)),
                    container,
                    textOnlyCeiling);
        }
        if (isRunningAndHealthy(container)) {
            return rule(
                    "The container is running and healthy",
                    Action.NOOP,
                    0.6,
                    "nothing on the host confirms the alert",
                    List.of("container running, health healthy"));
        }
        return rule(
                "No rule recognises this alert",
                Action.ESCALATE,
                0.3,
                "a human should look; no known pattern matched",
                List.of("alertType " + alert.alertType()));
    }

    /**
     * The words the rules read from an alert: its type and {@code alertname} split into words, and its summary
     * without the names of the service and container it is about.
     */
    static String alertText(NormalisedAlert alert) {
        StringBuilder text = new StringBuilder(identifierWords(alert.alertType()));
        String alertname = alert.labels() == null ? null : alert.labels().get("alertname");
        if (alertname != null && !alertname.equals(alert.alertType())) {
            text.append(" | ").append(identifierWords(alertname));
        }
        String summary = lower(alert.summary());
        if (alert.target() != null) {
            summary = without(summary, alert.target().service());
            summary = without(summary, alert.target().container());
        }
        return text.append(" | ").append(summary).toString();
    }

    /** {@code HighMemoryUsage} → "high memory usage", {@code OOMKilled} → "oom killed", {@code db_latency} → "db latency". */
    static String identifierWords(String identifier) {
        if (identifier == null) {
            return "";
        }
        return lower(identifier
                .replaceAll("([a-z0-9])([A-Z])", "$1 $2")
                .replaceAll("([A-Z]+)([A-Z][a-z])", "$1 $2")
                .replaceAll("[_\\-.:/]+", " "));
    }

    private static String without(String text, String name) {
        return name == null || name.isBlank() ? text : text.replaceAll(START + Pattern.quote(lower(name)) + END, " ");
    }

    private static Diagnosis textOnly(Diagnosis d, ContainerState container, double ceiling) {
        if (!isRunningAndHealthy(container) || d.confidence() <= ceiling) {
            return d;
        }
        List<String> evidence = new ArrayList<>(d.evidence());
        evidence.add("but the container is running and healthy: confidence capped at "
                + String.format(Locale.ROOT, "%.2f", ceiling));
        return new Diagnosis(
                d.rootCause(), d.action(), ceiling, d.justification(), evidence, d.source(), d.model(), d.latencyMs());
    }

    private static boolean isRunningAndHealthy(ContainerState c) {
        return c != null
                && "running".equalsIgnoreCase(c.status())
                && "healthy".equalsIgnoreCase(c.health())
                && !Boolean.TRUE.equals(c.oomKilled());
    }

    private static boolean isStopped(ContainerState c) {
        String status = lower(c.status());
        return status.equals("exited")
                || status.equals("dead")
                || status.equals("stopped")
                || (c.exitCode() != null && c.exitCode() != 0 && !status.equals("running"));
    }

    private static List<String> stoppedEvidence(ContainerState c) {
        List<String> evidence = new ArrayList<>();
        evidence.add("container status " + c.status());
        if (c.exitCode() != null) {
            evidence.add("exit code " + c.exitCode());
        }
        if (c.restartCount() != null) {
            evidence.add("restart count " + c.restartCount());
        }
        return evidence;
    }

    private static List<String> matches(Pattern pattern, String alertText, String logText) {
        List<String> evidence = new ArrayList<>();
        Matcher inAlert = pattern.matcher(alertText);
        if (inAlert.find()) {
            evidence.add("alert mentions '" + inAlert.group() + "'");
        }
        Matcher inLogs = pattern.matcher(logText);
        if (inLogs.find()) {
            evidence.add("logs mention '" + inLogs.group() + "'");
        }
        return evidence;
    }

    private static Pattern words(String alternatives) {
        return Pattern.compile(START + "(?:" + alternatives + ")" + END);
    }

    private static Diagnosis rule(
            String rootCause, Action action, double confidence, String justification, List<String> evidence) {
        return new Diagnosis(rootCause, action, confidence, justification, evidence, DiagnosisSource.RULES, null, 0);
    }

    private static String service(NormalisedAlert alert) {
        return alert.target() == null || alert.target().service() == null
                ? "the service"
                : alert.target().service();
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
