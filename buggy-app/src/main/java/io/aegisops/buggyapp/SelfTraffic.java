package io.aegisops.buggyapp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * A steady trickle of real HTTP requests to the app's own business endpoint, standing in for its users:
 * without traffic, a slow dependency or an error burst would show in no latency or error metric.
 */
final class SelfTraffic implements AutoCloseable {

    /** Beyond this many requests still waiting (the dependency is very slow), ticks are skipped. */
    private static final int MAX_IN_FLIGHT = 32;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final Thread thread;

    SelfTraffic(URI target, double perSecond) {
        Duration period = Duration.ofNanos((long) (1_000_000_000L / perSecond));
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(60))
                .GET()
                .build();
        thread = Thread.ofPlatform().daemon().name("self-traffic").start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    if (inFlight.tryAcquire()) {
                        var unused = http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                                .whenComplete((response, error) -> inFlight.release());
                    }
                    Thread.sleep(period);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public void close() {
        thread.interrupt();
        http.shutdownNow();
    }
}
