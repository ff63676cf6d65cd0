package io.aegisops.edge.actions;

import io.aegisops.contracts.HealthReading;
import io.aegisops.contracts.redact.Redactor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@link HealthProbe} with the JDK HTTP client: GET, no redirects followed, short timeouts. The reading's URL and
 * error are redacted: a configured URL may carry credentials ({@code http://user:password@host/health}), and it
 * travels in the task answer, the execution history and the stored evidence.
 */
public final class HttpHealthProbe implements HealthProbe {

    private final HttpClient http;
    private final Duration timeout;

    public HttpHealthProbe(Duration timeout) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.timeout = timeout;
    }

    @Override
    public HealthReading check(URI url) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        long started = System.nanoTime();
        try {
            // the latency runs to the end of the (discarded) answer: a health answer is small
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            return new HealthReading(
                    Redactor.redact(url.toString()), response.statusCode(), millisSince(started), null);
        } catch (IOException e) {
            return new HealthReading(
                    Redactor.redact(url.toString()),
                    null,
                    millisSince(started),
                    Redactor.redact(
                            e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HealthReading(Redactor.redact(url.toString()), null, millisSince(started), "interrupted");
        }
    }

    private static long millisSince(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }
}
