package io.aegisops.local.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real HTTP on a socket: the edge port answers oversized headers with 431 rather than resetting the connection. */
class EdgePortServerHttpTest {

    private final AtomicInteger reachedApi = new AtomicInteger();
    private EdgePortServer server;

    @BeforeEach
    void serve() throws Exception {
        HttpHandler api = exchange -> {
            reachedApi.incrementAndGet();
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        };
        HttpHandler unused = exchange -> exchange.sendResponseHeaders(500, -1);
        server = new EdgePortServer("127.0.0.1", 0, Map.of("DynamoDB_", unused), Map.of(), api);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The status line of the answer to a POST /alerts with one extra header of {@code headerBytes} bytes. */
    private String statusLineFor(int headerBytes) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /alerts HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nX-Padding: " + "a".repeat(headerBytes)
                            + "\r\n\r\n{}")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return answer;
        }
    }

    @Test
    void aMegabyteHeaderIsAnswered431AndNeverReachesTheApi() throws Exception {
        assertThat(statusLineFor(1024 * 1024)).isEqualTo("HTTP/1.1 431");
        assertThat(reachedApi).hasValue(0);
    }

    @Test
    void headersJustOverApiGatewaysLimitAre431TooAndOrdinaryOnesPass() throws Exception {
        assertThat(statusLineFor(EdgePortServer.MAX_HEADER_BYTES)).isEqualTo("HTTP/1.1 431");
        assertThat(statusLineFor(2_000)).isEqualTo("HTTP/1.1 202");
        assertThat(reachedApi).hasValue(1);
    }
}
