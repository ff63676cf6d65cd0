package io.aegisops.buggyapp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns successive {@link Signals} into alert episodes, like a Prometheus rule with a {@code for:} clause:
 * a condition must hold for its duration before the episode fires, fires once, and resolves once it has
 * been clear for {@code clearAfter}. Each episode gets a new incident id, which its firing alert, every
 * redelivery of it and its resolved alert share. Plain logic: the caller supplies readings and the time.
 */
final class AlertRules {

    enum Status {
        FIRING,
        RESOLVED
    }

    /** One episode of one alert type. */
    record Episode(AlertType type, String incidentId, Instant startedAt) {}

    /** An episode that started or ended at this evaluation. */
    record Transition(Episode episode, Status status, String summary, Instant at) {}

    private record Reading(double value, double threshold, Duration holdFor, String description) {
        boolean known() {
            return !Double.isNaN(value);
        }

        boolean breached() {
            return value > threshold;
        }
    }

    private static final class State {
        Instant breachedSince;
        Instant clearSince;
        Episode episode;
    }

    private final AppConfig.Thresholds thresholds;
    private final String service;
    private final Map<AlertType, State> states = new EnumMap<>(AlertType.class);

    AlertRules(AppConfig.Thresholds thresholds, String service) {
        this.thresholds = thresholds;
        this.service = service;
    }

    synchronized List<Transition> evaluate(Signals signals, Instant now) {
        List<Transition> transitions = new ArrayList<>();
        readings(signals).forEach((type, reading) -> {
            if (!reading.known()) {
                return;
            }
            State state = states.computeIfAbsent(type, key -> new State());
            if (reading.breached()) {
                state.clearSince = null;
                if (state.breachedSince == null) {
                    state.breachedSince = now;
                }
                if (state.episode == null && !now.isBefore(state.breachedSince.plus(reading.holdFor()))) {
                    state.episode = newEpisode(type, now);
                    transitions.add(new Transition(
                            state.episode,
                            Status.FIRING,
                            reading.description() + " above " + limit(type, reading.threshold(), true),
                            now));
                }
            } else {
                state.breachedSince = null;
                if (state.episode != null) {
                    if (state.clearSince == null) {
                        state.clearSince = now;
                    }
                    if (!now.isBefore(state.clearSince.plus(thresholds.clearAfter()))) {
                        transitions.add(new Transition(
                                state.episode,
                                Status.RESOLVED,
                                reading.description() + " back under " + limit(type, reading.threshold(), false),
                                now));
                        state.episode = null;
                        state.clearSince = null;
                    }
                }
            }
        });
        return transitions;
    }

    /** The alert types with an episode open now. */
    synchronized Set<AlertType> firing() {
        Set<AlertType> firing = EnumSet.noneOf(AlertType.class);
        states.forEach((type, state) -> {
            if (state.episode != null) {
                firing.add(type);
            }
        });
        return firing;
    }

    /**
     * A new episode: the id names the service, the type and the start, plus a random part so that two
     * processes (before and after a restart) never share one. At most 80 characters of [0-9A-Za-z-_].
     */
    Episode newEpisode(AlertType type, Instant at) {
        String suffix = "-" + type.name() + "-" + at.toEpochMilli() + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String prefix = service.replaceAll("[^0-9A-Za-z_-]", "_");
        prefix = prefix.substring(0, Math.min(prefix.length(), 80 - suffix.length()));
        return new Episode(type, prefix + suffix, at);
    }

    private Map<AlertType, Reading> readings(Signals signals) {
        RequestStats.Window window = signals.requests();
        boolean enoughRequests = window.requests() >= thresholds.minRequests();
        String windowText =
                " over the last " + thresholds.window().toSeconds() + " s (" + window.requests() + " requests)";
        Map<AlertType, Reading> readings = new EnumMap<>(AlertType.class);
        readings.put(
                AlertType.HighMemoryUsage,
                new Reading(
                        signals.heapRatio(),
                        thresholds.heapRatio(),
                        thresholds.heapFor(),
                        "heap used " + percent(signals.heapRatio()) + " of max (" + mebibytes(signals.heapUsedBytes())
                                + " of " + mebibytes(signals.heapMaxBytes()) + ")"));
        readings.put(
                AlertType.HighCpuUsage,
                new Reading(
                        signals.cpuLoad(),
                        thresholds.cpuRatio(),
                        thresholds.cpuFor(),
                        "process CPU " + percent(signals.cpuLoad())));
        readings.put(
                AlertType.DependencyLatency,
                new Reading(
                        enoughRequests ? window.p95Millis() : Double.NaN,
                        thresholds.latencyP95Millis(),
                        Duration.ZERO,
                        "p95 latency of " + RequestStats.BUSINESS_ROUTE + " " + window.p95Millis() + " ms"
                                + windowText));
        readings.put(
                AlertType.HighErrorRate,
                new Reading(
                        enoughRequests ? window.errorRate() : Double.NaN,
                        thresholds.errorRate(),
                        Duration.ZERO,
                        "5xx rate of " + RequestStats.BUSINESS_ROUTE + " " + percent(window.errorRate()) + windowText));
        return readings;
    }

    /** The threshold in words; a firing alert also says how long the condition had to hold. */
    private String limit(AlertType type, double threshold, boolean withHold) {
        Duration holdFor = switch (type) {
            case HighCpuUsage -> thresholds.cpuFor();
            case HighMemoryUsage -> thresholds.heapFor();
            default -> Duration.ZERO;
        };
        String value = type == AlertType.DependencyLatency ? (long) threshold + " ms" : percent(threshold);
        return withHold && !holdFor.isZero() ? value + " for " + holdFor.toSeconds() + " s" : value;
    }

    private static String percent(double ratio) {
        return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", ratio * 100);
    }

    private static String mebibytes(long bytes) {
        return bytes < 0 ? "n/a" : (bytes >> 20) + " MiB";
    }
}
