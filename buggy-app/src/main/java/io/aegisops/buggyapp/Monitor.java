package io.aegisops.buggyapp;

import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The app's self-monitor: every poll it reads the signals, lets {@link AlertRules} decide which episodes
 * start or end, logs each transition and hands the alert, with the last log lines, to the sink.
 */
final class Monitor implements AutoCloseable {

    /** Keeps an alert well under the 256 KB a webhook accepts whatever the log lines hold. */
    static final int MAX_LOG_CHARS = 32 * 1024;

    private final AppConfig config;
    private final AlertRules rules;
    private final JvmSignals jvm;
    private final RequestStats stats;
    private final AlertSink sink;
    private final AppLog log;
    private final Clock clock;
    private Thread thread;

    Monitor(
            AppConfig config,
            AlertRules rules,
            JvmSignals jvm,
            RequestStats stats,
            AlertSink sink,
            AppLog log,
            Clock clock) {
        this.config = config;
        this.rules = rules;
        this.jvm = jvm;
        this.stats = stats;
        this.sink = sink;
        this.log = log;
        this.clock = clock;
    }

    void start() {
        jvm.cpuLoad(config.thresholds().window());
        Duration interval = config.thresholds().pollInterval();
        thread = Thread.ofPlatform().daemon().name("monitor").start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(interval);
                    poll();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    void poll() {
        MemoryUsage heap = jvm.heap();
        long now = clock.millis();
        Signals signals = new Signals(
                heap.getUsed(),
                heap.getMax(),
                jvm.cpuLoad(config.thresholds().window()),
                stats.window(now, config.thresholds().window().toMillis()));
        rules.evaluate(signals, clock.instant()).forEach(this::raise);
    }

    /** Logs the transition, then sends it with the log lines that led to it (its own line included). */
    void raise(AlertRules.Transition transition) {
        AlertRules.Episode episode = transition.episode();
        String message = transition.status() == AlertRules.Status.FIRING ? "alert firing" : "alert resolved";
        if (transition.status() == AlertRules.Status.FIRING) {
            log.warn(
                    message,
                    "alert_type",
                    episode.type().name(),
                    "incident_id",
                    episode.incidentId(),
                    "summary",
                    transition.summary());
        } else {
            log.info(
                    message,
                    "alert_type",
                    episode.type().name(),
                    "incident_id",
                    episode.incidentId(),
                    "summary",
                    transition.summary());
        }
        sink.submit(GenericAlert.of(transition, config.serviceName(), config.containerName(), lastLogLines()));
    }

    Set<AlertType> firing() {
        return rules.firing();
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
        }
    }

    private String lastLogLines() {
        List<String> lines = log.lastLines(config.webhook().logLines());
        String text = String.join("\n", lines);
        if (text.length() <= MAX_LOG_CHARS) {
            return text;
        }
        // Keep the newest lines whole; cut inside a line only if the newest one alone is too long.
        int firstWholeLine = text.indexOf('\n', text.length() - MAX_LOG_CHARS) + 1;
        return text.substring(firstWholeLine > 0 ? firstWholeLine : text.length() - MAX_LOG_CHARS);
    }
}
