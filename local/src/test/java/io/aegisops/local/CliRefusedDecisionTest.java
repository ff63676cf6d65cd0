package io.aegisops.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.aegisops.local.client.ConnectionInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP: {@code aegis approve} and {@code reject} against an API that refuses the decision as ingest does for an
 * approver beyond their clearance (403 {@code {error, message}}): the CLI prints the status and the API's message,
 * which names who may decide, and exits 1.
 */
class CliRefusedDecisionTest {

    private static final String INCIDENT = "inc-generic-0123456789abcdef0123456789abcdef";
    private static final String REFUSAL = "bob (junior) may decide incidents up to MEDIUM; " + INCIDENT
            + " is CRITICAL: ana (team-lead) may decide it";

    @TempDir
    Path stateDir;

    private final List<String> decisions = new CopyOnWriteArrayList<>();
    private final HttpServer api;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    CliRefusedDecisionTest() throws IOException {
        api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/incidents/", exchange -> {
            boolean decision = exchange.getRequestMethod().equals("POST");
            if (decision) {
                decisions.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            }
            byte[] body = (decision
                            ? "{\"error\":\"forbidden\",\"message\":\"" + REFUSAL + "\"}"
                            : "{\"incidentId\":\"" + INCIDENT + "\",\"status\":\"AWAITING_APPROVAL\",\"alertCount\":1,"
                                    + "\"version\":3}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(decision ? 403 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
    }

    @AfterEach
    void stop() {
        api.stop(0);
    }

    private int run(String... args) {
        new ConnectionInfo(
                        URI.create("http://127.0.0.1:" + api.getAddress().getPort()),
                        "whk_test",
                        "hmac_test",
                        "bob",
                        "apr_bob",
                        "arn:aws:states:us-east-1:000000000000:stateMachine:aegis-pipeline",
                        URI.create("http://127.0.0.1:8081"),
                        ProcessHandle.current().pid(),
                        Instant.parse("2026-12-06T03:00:00Z"))
                .write(stateDir);
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        return AegisLocal.run(args, print, print, Map.of(), started -> {});
    }

    @Test
    void anApprovalBeyondTheApproversClearanceShowsWhoMayDecide() {
        int exit = run("approve", INCIDENT, "--state-dir", stateDir.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("403 " + REFUSAL);
        assertThat(decisions).singleElement().asString().contains("\"decision\":\"APPROVE\"");
    }

    @Test
    void aRejectionIsRefusedAlike() {
        int exit = run("reject", INCIDENT, "--state-dir", stateDir.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("403 " + REFUSAL);
    }
}
