package io.aegisops.edge.actions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@link HealthProbe} with the JDK HTTP client: GET, no redirects followed, short timeouts. */
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
    public ProbeResult check(URI url) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return new ProbeResult(status >= 200 && status < 300, status, "GET " + url + " answered " + status);
        } catch (IOException e) {
            return new ProbeResult(
                    false,
                    null,
                    "GET " + url + " failed: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProbeResult(false, null, "GET " + url + " interrupted");
        }
    }
}
