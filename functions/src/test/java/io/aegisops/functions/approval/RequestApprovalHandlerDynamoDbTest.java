package io.aegisops.functions.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.TimelineEntry;
import io.aegisops.contracts.TimelineStage;
import io.aegisops.functions.ingest.ApprovalWithdrawal;
import io.aegisops.functions.ingest.StepFunctionsPipeline;
import io.aegisops.functions.ingest.TaskCompleter;
import io.aegisops.functions.notify.Notification;
import io.aegisops.functions.notify.Notifiers;
import io.aegisops.functions.notify.NotifyLinks;
import io.aegisops.functions.notify.WebhookNotifier;
import io.aegisops.functions.pipeline.Events;
import io.aegisops.functions.pipeline.Fixtures;
import io.aegisops.functions.pipeline.Stores;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.LocalDynamoDb;
import io.aegisops.testsupport.RecordingStepFunctionsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * the DynamoDB engine + HTTP: the approval token is kept with the incident and the humans are asked, unless the alert
 * resolved before the request: then the handler answers its own task (Step Functions over HTTP).
 */
@ExtendWith(DynamoDbExtension.class)
class RequestApprovalHandlerDynamoDbTest {

    private final Stores stores;
    /** Step Functions over HTTP, where the handler answers its own task when it withdraws. */
    private static final RecordingStepFunctionsServer STEP_FUNCTIONS = RecordingStepFunctionsServer.start();

    private final TaskCompleter tasks = new StepFunctionsPipeline(
            STEP_FUNCTIONS.client(), "arn:aws:states:us-east-1:000000000000:stateMachine:aegis-pipeline");

    @AfterAll
    static void stopStepFunctions() {
        STEP_FUNCTIONS.close();
    }

    RequestApprovalHandlerDynamoDbTest(LocalDynamoDb dynamo) {
        this.stores = Fixtures.stores(dynamo);
    }

    @Test
    void theTokenIsStoredTheIncidentAwaitsAndTheRequestCarriesTheApprovalRoute() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try {
            URI hook = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
            var notifier = new Notifiers(
                    List.of(WebhookNotifier.json(hook, HttpClient.newHttpClient(), Duration.ofSeconds(2))));
            var handler = new RequestApprovalHandler(
                    stores.incidents(),
                    tasks,
                    notifier,
                    new NotifyLinks(null, "https://api.example/prod/"),
                    Fixtures.CLOCK);
            String id = Fixtures.newIncidentId();
            stores.incidents().create(Fixtures.received(id));

            var answer = Events.invoke(handler, Events.load("request-approval.json", Map.of("incidentId", id)));

            assertThat(answer.get("notified").asBoolean()).isTrue();
            assertThat(stores.incidents().get(id).orElseThrow().status()).isEqualTo(IncidentStatus.AWAITING_APPROVAL);
            assertThat(received).hasSize(1);
            Notification sent = Json.read(received.getFirst(), Notification.class);
            assertThat(sent.event()).isEqualTo(Notification.AWAITING_APPROVAL);
            assertThat(sent.approvalUrl()).isEqualTo("https://api.example/prod/incidents/" + id + "/approval");
            assertThat(stores.incidents().takeApprovalToken(id)).contains(TOKEN);
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void noSinkConfiguredStillStoresTheToken() throws Exception {
        var handler = new RequestApprovalHandler(
                stores.incidents(), tasks, new Notifiers(List.of()), new NotifyLinks(null, null), Fixtures.CLOCK);
        String id = Fixtures.newIncidentId();
        stores.incidents().create(Fixtures.received(id));

        assertThat(Events.invoke(handler, Events.load("request-approval.json", Map.of("incidentId", id)))
                        .get("notified")
                        .asBoolean())
                .isFalse();
        assertThat(stores.incidents().takeApprovalToken(id)).isPresent();
    }

    /**
     * The alert resolved while the incident was being diagnosed: ingest found no approval pending to withdraw (no
     * token yet), so RequestApproval withdraws its own.
     */
    @Nested
    class WhenTheAlertResolvedBeforeTheRequest {

        private final List<Notification> sent = new CopyOnWriteArrayList<>();
        private final RequestApprovalHandler handler = new RequestApprovalHandler(
                stores.incidents(),
                tasks,
                notification -> sent.add(notification),
                new NotifyLinks(null, null),
                Fixtures.CLOCK);
        private final String id = Fixtures.newIncidentId();

        @BeforeEach
        void theExecutionWaitsOnTheToken() {
            STEP_FUNCTIONS.reset();
            STEP_FUNCTIONS.openTask(TOKEN);
        }

        @Test
        void nobodyIsAskedAndTheExecutionIsAnsweredWithdrawn() throws Exception {
            stores.incidents().create(Fixtures.received(id));
            stores.incidents().appendTimeline(id, resolvedAlert());

            JsonNode answer = Events.invoke(handler, request());

            assertThat(answer.get("withdrawn").asBoolean()).isTrue();
            assertThat(answer.get("notified").asBoolean()).isFalse();
            assertThat(sent).as("notifications").isEmpty();
            JsonNode output = Json.mapper()
                    .readTree(STEP_FUNCTIONS.taskAnswers().getFirst().output());
            assertThat(output.get("approved").asBoolean()).isFalse();
            assertThat(output.get("withdrawn").asBoolean()).isTrue();
            assertThat(output.get("comment").asText()).isEqualTo(ApprovalWithdrawal.RESOLVED_BEFORE_APPROVAL);
            assertThat(stores.incidents().takeApprovalToken(id))
                    .as("the token, taken once")
                    .isEmpty();
            assertThat(stores.incidents().get(id).orElseThrow().timeline())
                    .anyMatch(entry -> entry.is(TimelineStage.APPROVAL_WITHDRAWN));
        }

        @Test
        void anAlertThatFiredAgainAfterItsResolveStillAsksPeople() throws Exception {
            stores.incidents().create(Fixtures.received(id));
            stores.incidents().appendTimeline(id, resolvedAlert());
            stores.incidents()
                    .appendTimeline(
                            id, TimelineEntry.of(Fixtures.CLOCK.instant(), TimelineStage.DUPLICATE, "firing again"));

            JsonNode answer = Events.invoke(handler, request());

            assertThat(answer.get("withdrawn").asBoolean()).isFalse();
            assertThat(sent).hasSize(1);
            assertThat(STEP_FUNCTIONS.taskAnswers()).as("task answers").isEmpty();
            assertThat(stores.incidents().takeApprovalToken(id)).contains(TOKEN);
        }

        private String request() {
            return Events.load("request-approval.json", Map.of("incidentId", id));
        }

        private TimelineEntry resolvedAlert() {
            return TimelineEntry.of(
                    Fixtures.CLOCK.instant(),
                    TimelineStage.ALERT_RESOLVED,
                    "ALERTMANAGER reports HighMemoryUsage resolved");
        }
    }

    /** The task token in {@code request-approval.json}. */
    static final String TOKEN = "AQCEAAAAKgAAAAMAAAAAAAAAAU1vY2tUb2tlbi1hcHByb3Zl";
}
