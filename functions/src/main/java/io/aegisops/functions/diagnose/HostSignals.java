package io.aegisops.functions.diagnose;

import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.Evidence;
import io.aegisops.contracts.HealthReading;
import io.aegisops.contracts.NormalisedAlert;
import io.aegisops.contracts.ResourceUsage;
import io.aegisops.contracts.redact.Redactor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the evidence says, as signals: the container's state, Docker's health check, the agent's probe of the health
 * URL, memory and CPU against their limits, the logs (the alert's and the host's), and when the target last started
 * against when the alert began. Pure; the thresholds are here.
 */
final class HostSignals {

    /** Memory at or above this share of its limit is "near the limit": a leak, or about to be OOM-killed. */
    static final double MEMORY_NEAR_LIMIT = 0.9;

    /** CPU at or above this share of its quota is pinned at it. */
    static final double CPU_AT_QUOTA = 0.95;

    /** So many error lines make an erroring target; one stray error line in a tail proves nothing. */
    static final int ERROR_LINES = 3;

    /** In logs only the unmistakable signs of memory exhaustion count: a line merely mentioning the heap is none. */
    private static final Pattern OOM_IN_LOGS =
            AlertSignals.words("outofmemoryerror|out of memory|oom[- ]?kill(?:ed|er)?");

    /**
     * A line that reports an error: an upper-case level word, a JSON or logfmt level, an exception's class name, a
     * Python traceback, or a 5xx status in JSON or in an access log's {@code "GET / HTTP/1.1" 503}.
     */
    private static final Pattern ERROR_LINE = Pattern.compile("\\b(?:ERROR|FATAL|SEVERE|PANIC|CRITICAL)\\b"
            + "|(?i:\"level\"\\s*:\\s*\"(?:error|fatal|critical|crit|panic|severe)\")"
            + "|(?i:\\blevel=(?:error|fatal|critical|crit|panic)\\b)"
            + "|\\b[A-Z]\\w*(?:Exception|Error)\\b"
            + "|Traceback \\(most recent call last\\)"
            + "|\"status\"\\s*:\\s*5\\d\\d\\b"
            + "|\" 5\\d\\d ");

    private HostSignals() {}

    static List<Signal> of(NormalisedAlert alert, Evidence evidence) {
        List<Signal> signals = new ArrayList<>();
        String logs = (alert.logs() == null ? "" : alert.logs()) + "\n"
                + (evidence != null && evidence.logs() != null ? evidence.logs() : "");
        ContainerState container = evidence != null && evidence.available() ? evidence.container() : null;
        if (container != null) {
            container(container, signals);
            health(container, signals);
            resources(container.resources(), signals);
        }
        logs(logs, signals);
        if (container != null) {
            timing(alert, container, evidence.collectedAt(), signals);
        }
        return signals;
    }

    private static void logs(String logs, List<Signal> signals) {
        Matcher oom = OOM_IN_LOGS.matcher(AlertSignals.lower(logs));
        if (oom.find()) {
            signals.add(new Signal(Sign.OOM, Source.LOGS, "'" + oom.group() + "'"));
        }
        List<String> lines = logs.lines().filter(l -> !l.isBlank()).toList();
        long errors = lines.stream().filter(l -> ERROR_LINE.matcher(l).find()).count();
        if (errors >= ERROR_LINES) {
            signals.add(new Signal(
                    Sign.ERRORS, Source.LOGS, errors + " of the last " + lines.size() + " lines report errors"));
        }
    }

    private static void container(ContainerState c, List<Signal> signals) {
        if (c.previousImage() != null && !c.previousImage().equals(c.image())) {
            signals.add(new Signal(
                    Sign.NEW_IMAGE,
                    Source.CONTAINER,
                    "runs " + Redactor.redact(c.image()) + ", ran " + Redactor.redact(c.previousImage()) + " before"));
        }
        if (Boolean.TRUE.equals(c.oomKilled())) {
            signals.add(new Signal(Sign.OOM, Source.CONTAINER, "oomKilled=true, status " + c.status()));
        }
        if (isStopped(c)) {
            StringBuilder detail = new StringBuilder("status " + c.status());
            if (c.exitCode() != null) {
                detail.append(", exit code ").append(c.exitCode());
            }
            if (c.restartCount() != null) {
                detail.append(", restart count ").append(c.restartCount());
            }
            signals.add(new Signal(Sign.DOWN, Source.CONTAINER, detail.toString()));
        }
    }

    private static void health(ContainerState c, List<Signal> signals) {
        String docker = AlertSignals.lower(c.health());
        if (docker.equals("healthy") || docker.equals("unhealthy")) {
            signals.add(
                    new Signal(docker.equals("healthy") ? Sign.HEALTHY : Sign.UNHEALTHY, Source.DOCKER_HEALTH, docker));
        }
        HealthReading probe = c.healthProbe();
        if (probe != null) {
            String url = Redactor.redact(probe.url());
            String took = probe.latencyMillis() == null ? "" : " in " + probe.latencyMillis() + " ms";
            String detail = probe.httpStatus() != null
                    ? url + " answered " + probe.httpStatus() + took
                    : "no answer from " + url + took
                            + (probe.error() == null ? "" : ": " + Redactor.redactAndKeepTail(probe.error(), 120));
            signals.add(new Signal(probe.healthy() ? Sign.HEALTHY : Sign.UNHEALTHY, Source.PROBE, detail));
        }
    }

    private static void resources(ResourceUsage r, List<Signal> signals) {
        if (r == null) {
            return;
        }
        Double memory = r.memoryFraction();
        if (memory != null && memory >= MEMORY_NEAR_LIMIT) {
            signals.add(new Signal(
                    Sign.MEMORY,
                    Source.RESOURCES,
                    "memory " + mebibytes(r.memoryBytes()) + " of its " + mebibytes(r.memoryLimitBytes()) + " limit ("
                            + percent(memory) + ")"));
        }
        Double cpu = r.cpuFraction();
        if (cpu != null && cpu >= CPU_AT_QUOTA) {
            signals.add(new Signal(
                    Sign.CPU,
                    Source.RESOURCES,
                    String.format(
                            Locale.ROOT,
                            "CPU %.2f of its %.2f cores quota (%s)",
                            r.cpuCores(),
                            r.cpuLimitCores(),
                            percent(cpu))));
        }
    }

    /** The alert began before the target's current run: whatever it saw, the target has restarted since. */
    private static void timing(NormalisedAlert alert, ContainerState c, Instant collectedAt, List<Signal> signals) {
        if (alert.startsAt() == null
                || c.startedAt() == null
                || !alert.startsAt().isBefore(c.startedAt())) {
            return;
        }
        Duration uptime = collectedAt == null ? null : c.uptimeAt(collectedAt);
        signals.add(new Signal(
                Sign.STARTED_AFTER_ALERT,
                Source.TIMING,
                "the alert began at " + alert.startsAt() + ", before the target's last start at " + c.startedAt()
                        + (uptime == null ? "" : " (up " + words(uptime) + " when inspected)")));
    }

    private static boolean isStopped(ContainerState c) {
        String status = AlertSignals.lower(c.status());
        return status.equals("exited")
                || status.equals("dead")
                || status.equals("stopped")
                || (c.exitCode() != null && c.exitCode() != 0 && !status.equals("running"));
    }

    private static String mebibytes(long bytes) {
        return (bytes / (1024 * 1024)) + " MiB";
    }

    static String percent(double fraction) {
        return Math.round(fraction * 100) + "%";
    }

    private static String words(Duration d) {
        return d.toMinutes() >= 1 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }
}
