package io.aegisops.buggyapp;

import static io.aegisops.buggyapp.TestHttp.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.buggyapp.AlertRules.Status;
import io.aegisops.buggyapp.AlertRules.Transition;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** HTTP: alert delivery to a real webhook endpoint on loopback, including one that is briefly down. */
class WebhookSenderHttpTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final WebhookReceiver receiver = newReceiver();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final AppLog log =
            new AppLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8), Clock.systemUTC(), "orders", 200);
    private final AlertRules rules =
            new AlertRules(AppConfig.fromEnvironment(Map.of()).thresholds(), "orders");
    private WebhookSender sender;

    private static WebhookReceiver newReceiver() {
        try {
            return new WebhookReceiver();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private WebhookSender sender(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of(
                "AEGIS_WEBHOOK_URL",
                receiver.url().toString(),
                "AEGIS_WEBHOOK_TOKEN",
                WebhookReceiver.TOKEN,
                "AEGIS_WEBHOOK_HMAC_SECRET",
                WebhookReceiver.SECRET,
                "WEBHOOK_FIRST_BACKOFF_MS",
                "50",
                "WEBHOOK_MAX_BACKOFF_MS",
                "200"));
        env.putAll(extra);
        sender = new WebhookSender(AppConfig.fromEnvironment(env).webhook(), log, Clock.systemUTC());
        return sender;
    }

    private GenericAlert alert(AlertType type, Status status) {
        AlertRules.Episode episode = rules.newEpisode(type, Instant.now());
        return GenericAlert.of(
                new Transition(episode, status, type + " " + status, Instant.now()),
                "orders",
                "orders-1",
                "a log line");
    }

    private String logText() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    @AfterEach
    void close() {
        if (sender != null) {
            sender.close();
        }
        receiver.close();
        assertThat(logText())
                .as("logs never carry the token or the secret")
                .doesNotContain(WebhookReceiver.TOKEN, WebhookReceiver.SECRET);
    }

    @Test
    void anAlertArrivesOnceSignedAndWithTheBearerToken() throws Exception {
        GenericAlert alert = alert(AlertType.HighCpuUsage, Status.FIRING);
        sender(Map.of()).submit(alert);

        assertThat(sender.awaitIdle(WAIT)).isTrue();
        assertThat(receiver.deliveries()).singleElement().satisfies(delivery -> {
            assertThat(delivery.failure()).as("token and signature check out").isNull();
            assertThat(delivery.answeredWith()).isEqualTo(202);
            assertThat(delivery.alert().get("incident_id").asText()).isEqualTo(alert.incidentId());
        });
        assertThat(sender.outcomes()).containsEntry("delivered", 1L).containsEntry("retried", 0L);
    }

    @Nested
    class WhenTheWebhookIsBrieflyDown {

        @Test
        void errorsAnswersAreRetriedWithTheSameBodyUntilAccepted() throws Exception {
            receiver.failNext(3, 503);
            GenericAlert alert = alert(AlertType.HighMemoryUsage, Status.FIRING);
            sender(Map.of()).submit(alert);

            assertThat(sender.awaitIdle(WAIT)).isTrue();
            assertThat(receiver.deliveries())
                    .extracting(WebhookReceiver.Delivery::answeredWith)
                    .containsExactly(503, 503, 503, 202);
            assertThat(receiver.deliveries())
                    .extracting(WebhookReceiver.Delivery::alert)
                    .containsOnly(receiver.accepted().getFirst());
            assertThat(sender.outcomes()).containsEntry("delivered", 1L).containsEntry("retried", 3L);
        }

        @Test
        void alertsWaitForAClosedPortToOpenAndArriveInOrder() throws Exception {
            receiver.stop();
            GenericAlert firing = alert(AlertType.HighErrorRate, Status.FIRING);
            GenericAlert resolved = alert(AlertType.HighErrorRate, Status.RESOLVED);
            sender(Map.of()).submit(firing);
            sender.submit(resolved);
            eventually("a failed attempt was logged", WAIT)
                    .until(() -> logText().contains("alert delivery failed, will retry"));

            receiver.restart();

            assertThat(sender.awaitIdle(WAIT)).isTrue();
            assertThat(receiver.accepted())
                    .extracting(alert -> alert.get("incident_id").asText() + "/"
                            + alert.get("status").asText())
                    .containsExactly(firing.incidentId() + "/firing", resolved.incidentId() + "/resolved");
        }

        @Test
        void whenTheQueueIsFullTheOldestWaitingAlertIsDroppedAndLogged() throws Exception {
            receiver.stop();
            GenericAlert inFlight = alert(AlertType.HighCpuUsage, Status.FIRING);
            sender(Map.of("WEBHOOK_QUEUE_CAPACITY", "2")).submit(inFlight);
            eventually("the first alert is being retried", WAIT)
                    .until(() -> logText().contains("will retry"));
            List<GenericAlert> waiting = List.of(
                    alert(AlertType.HighCpuUsage, Status.RESOLVED),
                    alert(AlertType.DependencyLatency, Status.FIRING),
                    alert(AlertType.DependencyLatency, Status.RESOLVED));
            waiting.forEach(sender::submit);

            receiver.restart();

            assertThat(sender.awaitIdle(WAIT)).isTrue();
            assertThat(receiver.accepted())
                    .extracting(alert -> alert.get("incident_id").asText())
                    .containsExactly(
                            inFlight.incidentId(),
                            waiting.get(1).incidentId(),
                            waiting.get(2).incidentId());
            assertThat(logText())
                    .contains("alert dropped: webhook queue full")
                    .contains(waiting.getFirst().incidentId());
            assertThat(sender.outcomes()).containsEntry("dropped", 1L);
        }

        @Test
        void afterGiveUpTimeTheAlertIsDroppedAndLoggedAndTheNextOneStillGoes() throws Exception {
            receiver.stop();
            GenericAlert lost = alert(AlertType.HighCpuUsage, Status.FIRING);
            sender(Map.of("WEBHOOK_GIVE_UP_SECONDS", "1")).submit(lost);

            assertThat(sender.awaitIdle(WAIT)).isTrue();
            assertThat(logText()).contains("alert not delivered, giving up").contains(lost.incidentId());
            assertThat(sender.outcomes()).containsEntry("dropped", 1L);

            receiver.restart();
            GenericAlert next = alert(AlertType.HighCpuUsage, Status.RESOLVED);
            sender.submit(next);
            JsonNode arrived =
                    receiver.await(alert -> alert.get("incident_id").asText().equals(next.incidentId()), WAIT);
            assertThat(arrived.get("status").asText()).isEqualTo("resolved");
        }
    }

    @Test
    void aClientErrorIsNotRetriedAndDoesNotBlockTheNextAlert() throws Exception {
        receiver.failNext(1, 400);
        sender(Map.of()).submit(alert(AlertType.HighCpuUsage, Status.FIRING));
        GenericAlert next = alert(AlertType.DependencyLatency, Status.FIRING);
        sender.submit(next);

        assertThat(sender.awaitIdle(WAIT)).isTrue();
        assertThat(receiver.deliveries())
                .extracting(WebhookReceiver.Delivery::answeredWith)
                .containsExactly(400, 202);
        assertThat(receiver.accepted().getFirst().get("incident_id").asText()).isEqualTo(next.incidentId());
        assertThat(logText()).contains("alert rejected by webhook, not retried");
        assertThat(sender.outcomes()).containsEntry("rejected", 1L).containsEntry("delivered", 1L);
    }
}
