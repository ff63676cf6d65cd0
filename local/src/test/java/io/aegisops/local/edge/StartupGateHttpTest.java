package io.aegisops.local.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real HTTP: a sender that calls while the stack starts is told to retry, and reaches the API once it is up. */
class StartupGateHttpTest {

    private final StartupGate gate = new StartupGate();
    private final AtomicInteger reachedApi = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer server;
    private URI alerts;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", gate.guarding(exchange -> {
            reachedApi.incrementAndGet();
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        }));
        server.start();
        alerts = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/alerts");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpResponse<String> post() throws Exception {
        return http.send(
                HttpRequest.newBuilder(alerts)
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void whileStartingTheAnswerIs503WithRetryAfterAndTheApiIsNotCalled() throws Exception {
        HttpResponse<String> response = post();

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.body()).contains("starting");
        assertThat(reachedApi).hasValue(0);
        assertThat(gate.isOpen()).isFalse();
    }

    @Test
    void onceOpenEveryRequestReachesTheApi() throws Exception {
        gate.open();

        assertThat(post().statusCode()).isEqualTo(202);
        assertThat(reachedApi).hasValue(1);
    }
}
