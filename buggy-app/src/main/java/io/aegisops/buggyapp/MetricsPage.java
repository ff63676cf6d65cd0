package io.aegisops.buggyapp;

import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Renders GET /metrics from the app's live state. */
final class MetricsPage {

    private final RequestStats stats;
    private final JvmSignals jvm;
    private final Faults faults;
    private final Monitor monitor;
    private final WebhookSender webhook;
    private final Instant startedAt;
    private final Clock clock;

    /** {@code webhook} is null when no webhook is configured. */
    MetricsPage(
            RequestStats stats,
            JvmSignals jvm,
            Faults faults,
            Monitor monitor,
            WebhookSender webhook,
            Instant startedAt,
            Clock clock) {
        this.stats = stats;
        this.jvm = jvm;
        this.faults = faults;
        this.monitor = monitor;
        this.webhook = webhook;
        this.startedAt = startedAt;
        this.clock = clock;
    }

    String render() {
        PrometheusText text = new PrometheusText();
        MemoryUsage heap = jvm.heap();
        text.family("jvm_memory_heap_used_bytes", "gauge", "Heap in use, garbage not yet collected included.")
                .sample("jvm_memory_heap_used_bytes", heap.getUsed());
        text.family("jvm_memory_heap_max_bytes", "gauge", "Largest the heap may grow (-Xmx), -1 if undefined.")
                .sample("jvm_memory_heap_max_bytes", heap.getMax());
        text.family(
                        "process_cpu_usage",
                        "gauge",
                        "Share of the available processors the process used or queued for, averaged over the monitor window"
                                + " (0..1).")
                .sample("process_cpu_usage", jvm.lastCpuLoad());
        text.family("process_cpu_seconds_total", "counter", "CPU time the process has used.")
                .sample("process_cpu_seconds_total", jvm.cpuSeconds());
        text.family("process_uptime_seconds", "gauge", "Seconds since the app started.")
                .sample(
                        "process_uptime_seconds",
                        Duration.between(startedAt, clock.instant()).toMillis() / 1000.0);

        text.family("http_server_request_duration_seconds", "histogram", "How long the app took to answer, by route.");
        stats.histograms().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> {
                    String route = entry.getKey();
                    RequestStats.Snapshot snapshot = entry.getValue().snapshot();
                    for (int i = 0; i < RequestStats.BUCKETS.length; i++) {
                        text.sample(
                                "http_server_request_duration_seconds_bucket",
                                snapshot.cumulativeCounts()[i],
                                "route",
                                route,
                                "le",
                                PrometheusText.number(RequestStats.BUCKETS[i]));
                    }
                    text.sample(
                            "http_server_request_duration_seconds_bucket",
                            snapshot.count(),
                            "route",
                            route,
                            "le",
                            "+Inf");
                    text.sample("http_server_request_duration_seconds_sum", snapshot.sum(), "route", route);
                    text.sample("http_server_request_duration_seconds_count", snapshot.count(), "route", route);
                });
        text.family("http_server_requests_total", "counter", "Answers sent, by route and status.");
        stats.responses()
                .forEach((key, count) -> text.sample(
                        "http_server_requests_total",
                        count,
                        "route",
                        key.route(),
                        "status",
                        Integer.toString(key.status())));
        text.family(
                        "http_server_errors_total",
                        "counter",
                        "Requests to " + RequestStats.BUSINESS_ROUTE + " answered with a 5xx status.")
                .sample("http_server_errors_total", stats.serverErrors());

        Set<Faults.Fault> active = faults.active();
        text.family("buggy_app_fault_active", "gauge", "1 while the fault is active.");
        for (Faults.Fault fault : Faults.Fault.values()) {
            text.sample("buggy_app_fault_active", active.contains(fault) ? 1 : 0, "fault", fault.label());
        }
        text.family("buggy_app_faults_active", "gauge", "How many faults are active.")
                .sample("buggy_app_faults_active", active.size());
        text.family("buggy_app_memory_leaked_bytes", "gauge", "Memory the leak fault retains.")
                .sample("buggy_app_memory_leaked_bytes", faults.leakedBytes());

        Set<AlertType> firing = monitor.firing();
        text.family("buggy_app_alert_firing", "gauge", "1 while the self-monitor has an episode of this alert open.");
        for (AlertType type : AlertType.values()) {
            if (type != AlertType.ServiceCrashed) {
                text.sample("buggy_app_alert_firing", firing.contains(type) ? 1 : 0, "alert_type", type.name());
            }
        }
        if (webhook != null) {
            text.family(
                    "buggy_app_webhook_deliveries_total",
                    "counter",
                    "Alert deliveries by outcome (retried counts failed attempts that were retried).");
            webhook.outcomes()
                    .forEach((outcome, count) ->
                            text.sample("buggy_app_webhook_deliveries_total", count, "outcome", outcome));
            text.family(
                            "buggy_app_webhook_queue_depth",
                            "gauge",
                            "Alerts accepted and not yet delivered or given up on.")
                    .sample("buggy_app_webhook_queue_depth", webhook.queued());
        }
        return text.toString();
    }
}
