package io.aegisops.functions.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.aegisops.contracts.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** HTTP: the approve call the Slack message shows, pasted into a real shell, reaches the route as intended. */
class ApprovalCallHttpTest {

    record Received(String method, String authorization, String contentType, JsonNode body) {}

    @Test
    void thePastedCommandSendsTheTokenFromTheEnvironmentAndTheDecision() throws Exception {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/curl")) || Files.isExecutable(Path.of("/bin/curl")),
                "curl is not installed");
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer route = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        route.createContext("/incidents/inc-1/approval", exchange -> {
            received.add(new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    Json.mapper().readTree(exchange.getRequestBody())));
            byte[] ok = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        route.start();
        try {
            String url = "http://127.0.0.1:" + route.getAddress().getPort() + "/incidents/inc-1/approval";
            ProcessBuilder shell = new ProcessBuilder(
                    "sh", "-c", SlackMessage.approvalCall(url, "APPROVE") + " --silent --max-time 10");
            shell.environment().put("APPROVER_TOKEN", "tok-alice-123");
            shell.redirectErrorStream(true);
            Process process = shell.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();

            assertThat(received).hasSize(1);
            Received call = received.getFirst();
            assertThat(call.method()).isEqualTo("POST");
            assertThat(call.authorization()).isEqualTo("Bearer tok-alice-123");
            assertThat(call.contentType()).isEqualTo("application/json");
            assertThat(call.body().path("decision").asText()).isEqualTo("APPROVE");
            assertThat(call.body().path("comment").asText()).isEmpty();
        } finally {
            route.stop(0);
        }
    }
}
