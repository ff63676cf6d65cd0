package io.aegisops.buggyapp;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Delivers alerts to the webhook, one at a time and in order, on its own thread. A delivery that fails
 * for a reason that may pass (no connection, timeout, 408, 429, 5xx) is retried with doubling backoff
 * until {@code giveUpAfter} from when it was accepted; a 4xx the receiver means (bad token, bad
 * signature) is not retried. The queue is bounded: when it is full the oldest alert is dropped, because
 * the newest says best what the service is doing now. Every drop is logged and counted.
 */
final class WebhookSender implements AlertSink, AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private record Pending(GenericAlert alert, String body, Instant acceptedAt) {}

    private final AppConfig.Webhook config;
    private final HttpClient http;
    private final AppLog log;
    private final Clock clock;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final Thread worker;
    private boolean busy;
    private boolean closed;
    private final LongAdder delivered = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    WebhookSender(AppConfig.Webhook config, AppLog log, Clock clock) {
        this.config = config;
        this.log = log;
        this.clock = clock;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        this.worker = Thread.ofPlatform().daemon().name("webhook-sender").start(this::run);
    }

    @Override
    public synchronized void submit(GenericAlert alert) {
        if (closed) {
            return;
        }
        if (queue.size() >= config.queueCapacity()) {
            Pending oldest = queue.removeFirst();
            dropped.increment();
            log.error(
                    "alert dropped: webhook queue full",
                    "incident_id",
                    oldest.alert().incidentId(),
                    "alert_type",
                    oldest.alert().alertType(),
                    "status",
                    oldest.alert().status(),
                    "capacity",
                    config.queueCapacity());
        }
        queue.addLast(new Pending(alert, alert.toJson(), clock.instant()));
        notifyAll();
    }

    @Override
    public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (busy || !queue.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Deliveries by outcome: delivered, retried (failed attempts followed by a retry), dropped, rejected. */
    Map<String, Long> outcomes() {
        Map<String, Long> outcomes = new LinkedHashMap<>();
        outcomes.put("delivered", delivered.sum());
        outcomes.put("retried", retried.sum());
        outcomes.put("dropped", dropped.sum());
        outcomes.put("rejected", rejected.sum());
        return outcomes;
    }

    synchronized int queued() {
        return queue.size() + (busy ? 1 : 0);
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        worker.interrupt();
        try {
            worker.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (true) {
                Pending next = take();
                try {
                    deliver(next);
                } finally {
                    synchronized (this) {
                        busy = false;
                        notifyAll();
                    }
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private synchronized Pending take() throws InterruptedException {
        while (queue.isEmpty()) {
            if (closed) {
                throw new InterruptedException("closed");
            }
            wait();
        }
        busy = true;
        return queue.removeFirst();
    }

    private void deliver(Pending pending) throws InterruptedException {
        GenericAlert alert = pending.alert();
        Instant giveUpAt = pending.acceptedAt().plus(config.giveUpAfter());
        Duration backoff = config.firstBackoff();
        for (int attempt = 1; ; attempt++) {
            int status;
            String failure;
            try {
                status = post(pending.body());
                failure = "HTTP " + status;
            } catch (IOException e) {
                status = -1;
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            if (status >= 200 && status < 300) {
                delivered.increment();
                log.info(
                        "alert delivered",
                        "incident_id",
                        alert.incidentId(),
                        "alert_type",
                        alert.alertType(),
                        "status",
                        alert.status(),
                        "httpStatus",
                        status,
                        "attempts",
                        attempt);
                return;
            }
            if (status >= 400 && status < 500 && status != 408 && status != 429) {
                rejected.increment();
                log.error(
                        "alert rejected by webhook, not retried",
                        "incident_id",
                        alert.incidentId(),
                        "alert_type",
                        alert.alertType(),
                        "httpStatus",
                        status);
                return;
            }
            if (clock.instant().plus(backoff).isAfter(giveUpAt)) {
                dropped.increment();
                log.error(
                        "alert not delivered, giving up",
                        "incident_id",
                        alert.incidentId(),
                        "alert_type",
                        alert.alertType(),
                        "attempts",
                        attempt,
                        "lastFailure",
                        failure);
                return;
            }
            retried.increment();
            log.warn(
                    "alert delivery failed, will retry",
                    "incident_id",
                    alert.incidentId(),
                    "alert_type",
                    alert.alertType(),
                    "attempt",
                    attempt,
                    "failure",
                    failure,
                    "retryInMs",
                    backoff.toMillis());
            Thread.sleep(backoff);
            backoff = min(backoff.multipliedBy(2), config.maxBackoff());
        }
    }

    /** One attempt; signed afresh so the timestamp is current when the receiver checks its window. */
    private int post(String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(config.url())
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "aegisops-buggy-app")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (config.hmacSecret() != null) {
            request.header(
                    WebhookSignature.HEADER,
                    WebhookSignature.header(config.hmacSecret(), clock.instant().getEpochSecond(), body));
        }
        if (config.bearerToken() != null) {
            request.header("Authorization", "Bearer " + config.bearerToken());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
