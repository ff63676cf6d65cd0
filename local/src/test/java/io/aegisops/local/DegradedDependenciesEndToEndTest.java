package io.aegisops.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.aegisops.contracts.DecisionMode;
import io.aegisops.contracts.DiagnosisSource;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Json;
import io.aegisops.local.client.AegisClient;
import io.aegisops.local.stack.EmbeddedStack;
import io.aegisops.local.stack.StackOptions;
import io.aegisops.local.stack.StackSettings;
import io.aegisops.local.trace.ExecutionTrace;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * The service leaks memory while both outside helpers are broken: the model endpoint accepts the request and
 * never answers, and nothing listens where Slack should be. The rules take over within the model's timeout,
 * the notifications fail quietly, and the service is healed all the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DegradedDependenciesEndToEndTest {

    private static final int MODEL_TIMEOUT_MS = 1500;

    private final List<String> modelRequests = new CopyOnWriteArrayList<>();
    private final CountDownLatch releaseModel = new CountDownLatch(1);
    private HttpServer hangingModel;
    private EmbeddedStack stack;
    private AegisClient client;
    private Incident incident;
    private ExecutionTrace trace;

    @BeforeAll
    void start() throws Exception {
        hangingModel = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hangingModel.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        hangingModel.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            // the leak's GC can also trip the service's CPU alert under load: that incident's call is not this one's
            if (body.contains("HighMemoryUsage")) {
                modelRequests.add(exchange.getRequestMethod() + " "
                        + exchange.getRequestURI().getPath());
            }
            try {
                releaseModel.await(); // accepted, read, never answered
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        hangingModel.start();
        int slackPort;
        try (ServerSocket nothingListens = new ServerSocket(0)) {
            slackPort = nothingListens.getLocalPort();
        }
        stack = TestStack.start(
                "degraded",
                StackOptions.AppRuntime.PROCESS,
                Map.of(
                        "OPENAI_BASE_URL",
                        "http://127.0.0.1:" + hangingModel.getAddress().getPort() + "/v1",
                        "OPENAI_API_KEY",
                        "sk-test-hanging",
                        "OPENAI_MODEL",
                        "gpt-4o-mini",
                        "AEGIS_LLM_TIMEOUT_MS",
                        Integer.toString(MODEL_TIMEOUT_MS),
                        StackSettings.SLACK_WEBHOOK_URL,
                        "http://127.0.0.1:" + slackPort + "/services/T000/B000/XXXX"));
        client = stack.client();

        AegisClient.Answer fault =
                client.post(stack.settings().appUrl().resolve("/faults/memory?mbPerSecond=16&holdSeconds=86400"));
        assertThat(fault.status()).isEqualTo(202);
        Incident opened = TestStack.awaitIncident(
                client,
                "the service's memory alert",
                Duration.ofSeconds(60),
                i -> i.alert().alertType().equals("HighMemoryUsage"));
        incident = TestStack.awaitClosed(client, opened.incidentId(), Duration.ofSeconds(90));
        trace = client.trace(incident.executionArn());
    }

    @AfterAll
    void stop() {
        releaseModel.countDown();
        client.close();
        stack.close();
        hangingModel.stop(0);
    }

    @Test
    void theServiceIsHealedAllTheSame() {
        assertThat(incident.status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(incident.decision().mode()).isEqualTo(DecisionMode.AUTO);
        assertThat(client.get(stack.settings().healthUrl()).status()).isEqualTo(200);
    }

    @Nested
    class WhenTheModelNeverAnswers {
        @Test
        void theRulesDiagnoseWithinTheModelsTimeout() {
            assertThat(modelRequests)
                    .as("for the memory incident, one call to the one endpoint, cut at its timeout, neither retried"
                            + " nor asked again")
                    .containsExactly("POST /v1/chat/completions");
            assertThat(incident.diagnosis().source()).isEqualTo(DiagnosisSource.RULES);
            assertThat(trace.visits())
                    .as("Diagnose ran once, within its own timeout")
                    .filteredOn(v -> v.name().equals("Diagnose"))
                    .singleElement()
                    .satisfies(diagnose -> assertThat(diagnose.failed()).isNull());
        }
    }

    @Nested
    class WhenSlackIsDown {
        @Test
        void bothNotificationsAreTriedReportedUndeliveredAndNothingFails() throws Exception {
            List<HistoryEvent> events = client.stepFunctions()
                    .getExecutionHistory(
                            b -> b.executionArn(incident.executionArn()).maxResults(1000))
                    .events();
            List<JsonNode> notifyAnswers = events.stream()
                    .filter(e -> e.typeAsString().equals("TaskSucceeded"))
                    .map(e -> parse(e.taskSucceededEventDetails().output()).path("Payload"))
                    .filter(payload -> payload.has("delivered"))
                    .toList();
            assertThat(notifyAnswers)
                    .hasSize(2)
                    .allSatisfy(payload ->
                            assertThat(payload.get("delivered").asBoolean()).isFalse());
            assertThat(trace.visits())
                    .filteredOn(v -> v.name().startsWith("Notify"))
                    .hasSize(2)
                    .allMatch(v -> v.failed() == null);
            assertThat(stack.notifications()).isEmpty();
        }
    }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
