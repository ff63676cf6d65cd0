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
import java.util.regex.Pattern;

/**
 * The deterministic diagnosis, always available: what the container state and the alert's words say.
 * The first rule that matches decides; its evidence names what matched.
 */
public final class DiagnosisRules {

    private static final Pattern MEMORY = Pattern.compile(
            "outofmemory|out of memory|oomkill|\\boom\\b|memory ?leak|heap|highmemory|memory usage|memory pressure");
    /** In logs only the unmistakable signs count: a log line merely mentioning the heap proves nothing. */
    private static final Pattern MEMORY_IN_LOGS = Pattern.compile("outofmemoryerror|out of memory|oomkill");
    private static final Pattern CRASH = Pattern.compile(
            "crash|exited|(?:container|service|target|instance) ?down|not running|process exit|segfault");
    private static final Pattern DEPENDENCY_LATENCY = Pattern.compile(
            "latency|slow (?:query|response|dependency)|dependency|db_latency|database|upstream|timed? ?out|connection refused");
    private static final Pattern CPU = Pattern.compile("\\bcpu\\b|highcpu|cpu saturation|cpu usage|cpu spike|throttl");

    private DiagnosisRules() {
    }

    public static Diagnosis diagnose(NormalisedAlert alert, Evidence evidence) {
        String alertText = lower(alert.alertType() + " " + alert.summary() + " " + String.join(" ", alert.labels().values()));
        String logText = lower((alert.logs() == null ? "" : alert.logs()) + "\n" + (evidence != null && evidence.logs() != null ? evidence.logs() : ""));
        ContainerState container = evidence != null && evidence.available() ? evidence.container() : null;

        if (container != null && Boolean.TRUE.equals(container.oomKilled())) {
            return rule("The container was killed for running out of memory", Action.RESTART, 0.95,
                    "the kernel OOM killer stopped the container; a restart frees its memory",
                    List.of("container oomKilled=true", "container status " + container.status()));
        }
        if (MEMORY.matcher(alertText).find() || MEMORY_IN_LOGS.matcher(logText).find()) {
            List<String> found = new ArrayList<>(matches(MEMORY, alertText, ""));
            found.addAll(matches(MEMORY_IN_LOGS, "", logText));
            return rule("Memory exhaustion (likely a leak) in " + service(alert), Action.RESTART, 0.9,
                    "memory grows until the heap is full; a restart releases it until the leak is fixed", found);
        }
        if (container != null && isStopped(container)) {
            return rule("The container is not running (status " + container.status() + ")", Action.RESTART, 0.85,
                    "a stopped or crashed container serves nothing; a restart brings it back",
                    stoppedEvidence(container));
        }
        if (CRASH.matcher(alertText).find()) {
            return rule("The service crashed or went down", Action.RESTART, 0.85,
                    "the alert reports the service down; a restart brings it back", matches(CRASH, alertText, logText));
        }
        if (DEPENDENCY_LATENCY.matcher(alertText).find()) {
            return rule("Latency from a dependency of " + service(alert), Action.ESCALATE, 0.6,
                    "the service waits on something it calls; restarting it would not make the dependency faster",
                    matches(DEPENDENCY_LATENCY, alertText, logText));
        }
        if (CPU.matcher(alertText).find()) {
            return rule("CPU saturation in " + service(alert), Action.RESTART, 0.7,
                    "busy threads saturate the CPU; a restart usually clears a runaway loop, but the cause may be load",
                    matches(CPU, alertText, logText));
        }
        if (container != null && "healthy".equalsIgnoreCase(container.health()) && "running".equalsIgnoreCase(container.status())) {
            return rule("The container is running and healthy", Action.NOOP, 0.6,
                    "nothing on the host confirms the alert", List.of("container running, health healthy"));
        }
        return rule("No rule recognises this alert", Action.ESCALATE, 0.3,
                "a human should look; no known pattern matched", List.of("alertType " + alert.alertType()));
    }

    private static boolean isStopped(ContainerState c) {
        String status = lower(c.status());
        return status.equals("exited") || status.equals("dead") || status.equals("stopped")
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
        var inAlert = pattern.matcher(alertText);
        if (inAlert.find()) {
            evidence.add("alert mentions '" + inAlert.group() + "'");
        }
        var inLogs = pattern.matcher(logText);
        if (inLogs.find()) {
            evidence.add("logs mention '" + inLogs.group() + "'");
        }
        return evidence;
    }

    private static Diagnosis rule(String rootCause, Action action, double confidence, String justification, List<String> evidence) {
        return new Diagnosis(rootCause, action, confidence, justification, evidence, DiagnosisSource.RULES, null, 0);
    }

    private static String service(NormalisedAlert alert) {
        return alert.target() == null || alert.target().service() == null ? "the service" : alert.target().service();
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
