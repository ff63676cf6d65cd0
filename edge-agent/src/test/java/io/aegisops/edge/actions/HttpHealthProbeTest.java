package io.aegisops.edge.actions;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.aegisops.contracts.HealthReading;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpHealthProbeTest {

    private final HttpHealthProbe probe = new HttpHealthProbe(Duration.ofSeconds(2));
    private HttpServer server;

    @BeforeEach
    void serveAnUnhealthyService() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void readsTheStatusOfTheAnswerAndHowLongItTook() {
        HealthReading reading =
                probe.check(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health"));

        assertThat(reading.httpStatus()).isEqualTo(503);
        assertThat(reading.healthy()).isFalse();
        assertThat(reading.latencyMillis()).isNotNull().isNotNegative();
        assertThat(reading.error()).isNull();
    }

    @Test
    void aPasswordInTheConfiguredUrlNeverLeavesInTheReading() {
        HealthReading reading = probe.check(URI.create(
                "http://ops:Zq8vT3-health-pass@127.0.0.1:" + server.getAddress().getPort() + "/health"));

        assertThat(reading.url()).doesNotContain("Zq8vT3-health-pass").contains("127.0.0.1");
        assertThat(String.valueOf(reading.error())).doesNotContain("Zq8vT3-health-pass");
    }

    @Test
    void aRefusedConnectionIsAnUnhealthyReadingThatSaysWhy() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        HealthReading reading = probe.check(URI.create("http://127.0.0.1:" + closedPort + "/health"));

        assertThat(reading.healthy()).isFalse();
        assertThat(reading.httpStatus()).isNull();
        assertThat(reading.error()).contains("ConnectException");
    }
}
