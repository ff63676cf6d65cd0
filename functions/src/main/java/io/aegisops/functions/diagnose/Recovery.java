package io.aegisops.functions.diagnose;

import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.Evidence;
import io.aegisops.contracts.HealthReading;
import io.aegisops.contracts.NormalisedAlert;
import io.aegisops.contracts.ResourceUsage;
import io.aegisops.contracts.redact.Redactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether what an alert said is wrong has gone away, read from a fresh look at the target taken when a person
 * approved its remedy. A probe alone cannot say so: a leaking or CPU-bound service still answers its health URL,
 * and a crash-looping one between crashes. So the target must be running, answer its health URL, have run at least
 * {@link #STABLE_UPTIME} and not have been restarted by its runtime since AegisOps first looked; and every sign the
 * alert names must be seen gone:
 * <ul>
 *   <li>down: running, answering and stable is the sign gone;</li>
 *   <li>memory or out of memory: a start since the alert began (a leak is reset by a restart, not by waiting) with
 *       memory not near its limit. A low share of a container's limit proves nothing: a JVM's heap fills long before
 *       its container does;</li>
 *   <li>CPU: a start since the alert began, and below {@link #CPU_RECOVERED} of its quota. One reading of a second
 *       is not enough to call off a remedy on a service that was pinned for minutes (a pause reads low too); without
 *       a quota nothing says how busy is busy (a thread spinning on a crowded host gets half a core).</li>
 * </ul>
 * Signs the agent cannot observe (errors, latency, disk, certificates, a crash loop, which looks healthy between
 * crashes) are never seen gone: the approved remedy runs. Pure.
 */
public final class Recovery {

    /** CPU below this share of its quota is no longer saturated (the host's own alert is at 0.95 of it). */
    static final double CPU_RECOVERED = 0.5;

    /** A target up for less than this may be between two crashes of a loop. */
    static final Duration STABLE_UPTIME = Duration.ofSeconds(30);

    private Recovery() {}

    /** What the re-check found; {@code reason} says why in words for the timeline and the message. */
    public record Verdict(boolean recovered, String reason) {

        static Verdict stillSick(String reason) {
            return new Verdict(false, reason);
        }
    }

    /**
     * @param before  the container as the incident's evidence saw it (its restart count), null when unknown
     * @param recheck the look taken at approval
     */
    public static Verdict of(NormalisedAlert alert, ContainerState before, Evidence recheck) {
        if (recheck == null || !recheck.available() || recheck.container() == null) {
            return Verdict.stillSick("no fresh evidence"
                    + (recheck == null || recheck.note() == null ? "" : " (" + Redactor.redact(recheck.note()) + ")"));
        }
        ContainerState c = recheck.container();
        if (!"running".equals(AlertSignals.lower(c.status()))) {
            return Verdict.stillSick("the target is " + c.status());
        }
        if ("unhealthy".equals(AlertSignals.lower(c.health()))) {
            return Verdict.stillSick("Docker reports the target unhealthy");
        }
        HealthReading probe = c.healthProbe();
        if (probe == null) {
            return Verdict.stillSick("the target has no health URL to probe");
        }
        String url = Redactor.redact(probe.url());
        if (!probe.healthy()) {
            return Verdict.stillSick(
                    probe.httpStatus() == null ? "no answer from " + url : url + " answered " + probe.httpStatus());
        }
        Duration uptime = recheck.collectedAt() == null ? null : c.uptimeAt(recheck.collectedAt());
        if (uptime == null || uptime.compareTo(STABLE_UPTIME) < 0) {
            return Verdict.stillSick("up for " + (uptime == null ? "an unknown time" : uptime.toSeconds() + " s")
                    + ", under " + STABLE_UPTIME.toSeconds() + " s: a crash loop answers between crashes too");
        }
        if (before != null
                && before.restartCount() != null
                && c.restartCount() != null
                && c.restartCount() > before.restartCount()) {
            return Verdict.stillSick("restarted by its runtime " + (c.restartCount() - before.restartCount())
                    + " time(s) since AegisOps first looked");
        }
        Set<Sign> said = EnumSet.noneOf(Sign.class);
        AlertSignals.of(alert, AlertVocabulary.standard()).forEach(signal -> said.add(signal.sign()));
        if (said.isEmpty()) {
            return Verdict.stillSick("the alert names nothing a re-check can see gone");
        }
        List<String> gone = new ArrayList<>();
        gone.add("running, " + url + " answered " + probe.httpStatus());
        boolean restartedSince = alert.startsAt() != null
                && c.startedAt() != null
                && alert.startsAt().isBefore(c.startedAt());
        ResourceUsage resources = c.resources();
        for (Sign sign : said) {
            boolean goneOnlyWithARestart = sign == Sign.MEMORY || sign == Sign.OOM || sign == Sign.CPU;
            if (goneOnlyWithARestart && !restartedSince) {
                return Verdict.stillSick("the target has not restarted since the alert began");
            }
            switch (sign) {
                case DOWN -> {
                    // running and answering is the sign gone
                }
                case MEMORY, OOM -> {
                    Double memory = resources == null ? null : resources.memoryFraction();
                    if (memory != null && memory >= HostSignals.MEMORY_NEAR_LIMIT) {
                        return Verdict.stillSick("memory " + HostSignals.percent(memory) + " of its limit");
                    }
                    gone.add("started at " + c.startedAt() + ", after the alert began");
                }
                case CPU -> {
                    Double cpu = resources == null ? null : resources.cpuFraction();
                    if (cpu == null) {
                        return Verdict.stillSick(
                                resources == null || resources.cpuCores() == null
                                        ? "no CPU reading"
                                        : String.format(
                                                Locale.ROOT,
                                                "CPU %.2f cores without a quota to measure against",
                                                resources.cpuCores()));
                    }
                    String share = "CPU " + HostSignals.percent(cpu) + " of its quota";
                    if (cpu >= CPU_RECOVERED) {
                        return Verdict.stillSick(share);
                    }
                    gone.add(share);
                }
                default -> {
                    return Verdict.stillSick("a re-check cannot see " + sign.words + " go away");
                }
            }
        }
        return new Verdict(true, String.join("; ", gone));
    }
}
