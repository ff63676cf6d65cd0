package io.aegisops.functions.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.TimelineEntry;
import io.aegisops.functions.pipeline.Events;
import io.aegisops.functions.pipeline.Fixtures;
import io.aegisops.functions.pipeline.Stores;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.LocalDynamoDb;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** HTTP + the DynamoDB engine: Notify posts to Slack and a JSON webhook, and a failed post never fails it. */
@ExtendWith(DynamoDbExtension.class)
class NotifyHandlerHttpTest {

    /** A local webhook receiver that records bodies and answers with a scripted status. */
    static final class Receiver implements AutoCloseable {
        final HttpServer server;
        final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
        final AtomicInteger status = new AtomicInteger(200);

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                bodies.add(Json.mapper()
                        .readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                byte[] answer = "ok".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status.get(), answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
        }

        URI url(String path) {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private final Stores stores;
    private final Receiver slack;
    private final Receiver webhook;
    private final HttpClient http = HttpClient.newHttpClient();

    NotifyHandlerHttpTest(LocalDynamoDb dynamo) throws IOException {
        this.stores = Fixtures.stores(dynamo);
        this.slack = new Receiver();
        this.webhook = new Receiver();
    }

    @AfterEach
    void stop() {
        slack.close();
        webhook.close();
    }

    NotifyHandler handler(List<Notifier> sinks) {
        return new NotifyHandler(
                stores.incidents(), new Notifiers(sinks), new NotifyLinks(null, "https://api.example/prod"));
    }

    List<Notifier> bothSinks() {
        return List.of(
                WebhookNotifier.slack(slack.url("/services/T000/B000/XXXX"), false, null, http, Duration.ofSeconds(2)),
                WebhookNotifier.json(webhook.url("/aegis"), http, Duration.ofSeconds(2)));
    }

    String incident() {
        String id = Fixtures.newIncidentId();
        stores.incidents().create(Fixtures.received(id));
        return id;
    }

    @Nested
    class Delivery {
        @Test
        void slackGetsBlockKitAndTheWebhookGetsTheNotificationJson() throws Exception {
            String id = incident();
            JsonNode answer = Events.invoke(
                    handler(bothSinks()), Events.load("notify.json", Map.of("event", "ESCALATED", "incidentId", id)));

            assertThat(answer.get("delivered").asBoolean()).isTrue();
            assertThat(slack.bodies).hasSize(1);
            assertThat(slack.bodies.getFirst().path("blocks").isArray()).isTrue();
            assertThat(slack.bodies.getFirst().path("text").asText()).contains("Escalated", "buggy-app");
            assertThat(webhook.bodies).hasSize(1);
            JsonNode generic = webhook.bodies.getFirst();
            assertThat(generic.path("event").asText()).isEqualTo("ESCALATED");
            assertThat(generic.path("incidentId").asText()).isEqualTo(id);
            assertThat(generic.path("incidentUrl").asText()).isEqualTo("https://api.example/prod/incidents/" + id);
            assertThat(stores.incidents().get(id).orElseThrow().timeline().getLast())
                    .extracting(TimelineEntry::stage, TimelineEntry::detail)
                    .containsExactly("notified", "ESCALATED sent");
        }

        @Test
        void aConfiguredSigningSecretPutsDecisionButtonsOnTheApprovalRequest() {
            String id = incident();
            Notification request = Notification.of(
                    Notification.AWAITING_APPROVAL,
                    stores.incidents().get(id).orElseThrow(),
                    new NotifyLinks(null, "https://api.example/prod"));
            String url = slack.url("/services/T000/B000/XXXX").toString();

            Notifiers.fromEnv(Map.of(Notifiers.SLACK_WEBHOOK_URL, url)).send(request);
            Notifiers.fromEnv(Map.of(
                            Notifiers.SLACK_WEBHOOK_URL,
                            url,
                            Notifiers.SLACK_SIGNING_SECRET,
                            "signing-secret-000000001"))
                    .send(request);

            assertThat(slack.bodies).hasSize(2);
            assertThat(Json.write(slack.bodies.get(0))).doesNotContain(SlackMessage.APPROVE_ACTION);
            assertThat(Json.write(slack.bodies.get(1)))
                    .contains(SlackMessage.APPROVE_ACTION, SlackMessage.REJECT_ACTION)
                    .doesNotContain("signing-secret");
        }

        @Test
        void oneSinkAcceptingIsEnough() throws Exception {
            slack.status.set(500);
            JsonNode answer = Events.invoke(
                    handler(bothSinks()),
                    Events.load("notify.json", Map.of("event", "RESOLVED", "incidentId", incident())));
            assertThat(answer.get("delivered").asBoolean()).isTrue();
        }
    }

    @Nested
    class Failures {
        @Test
        void aRefusingSinkAnswersNotDeliveredAndDoesNotThrow() throws Exception {
            String id = incident();
            slack.status.set(404);
            webhook.status.set(503);
            JsonNode answer = Events.invoke(
                    handler(bothSinks()), Events.load("notify.json", Map.of("event", "FAILED", "incidentId", id)));
            assertThat(answer.get("delivered").asBoolean()).isFalse();
            assertThat(stores.incidents()
                            .get(id)
                            .orElseThrow()
                            .timeline()
                            .getLast()
                            .detail())
                    .isEqualTo("FAILED not delivered (the sinks are in the log)");
        }

        @Test
        void anUnreachableSinkAnswersNotDelivered() throws Exception {
            int closedPort;
            try (ServerSocket s = new ServerSocket(0)) {
                closedPort = s.getLocalPort();
            }
            Notifier down = WebhookNotifier.slack(
                    URI.create("http://127.0.0.1:" + closedPort + "/hook"), false, null, http, Duration.ofSeconds(1));
            JsonNode answer = Events.invoke(
                    handler(List.of(down)),
                    Events.load("notify.json", Map.of("event", "NOOP", "incidentId", incident())));
            assertThat(answer.get("delivered").asBoolean()).isFalse();
        }

        @Test
        void noSinkConfiguredOnlyLogs() throws Exception {
            JsonNode answer = Events.invoke(
                    handler(List.of()),
                    Events.load("notify.json", Map.of("event", "DIAGNOSED", "incidentId", incident())));
            assertThat(answer.get("delivered").asBoolean()).isFalse();
        }

        @Test
        void aMissingIncidentIsNotAFailure() throws Exception {
            JsonNode answer = Events.invoke(
                    handler(bothSinks()),
                    Events.load("notify.json", Map.of("event", "RESOLVED", "incidentId", "inc-missing")));
            assertThat(answer.get("delivered").asBoolean()).isFalse();
            assertThat(slack.bodies).isEmpty();
        }
    }
}
