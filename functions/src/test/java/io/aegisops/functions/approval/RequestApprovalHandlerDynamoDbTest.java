package io.aegisops.functions.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Json;
import io.aegisops.functions.notify.Notification;
import io.aegisops.functions.notify.Notifiers;
import io.aegisops.functions.notify.NotifyLinks;
import io.aegisops.functions.notify.WebhookNotifier;
import io.aegisops.functions.pipeline.Events;
import io.aegisops.functions.pipeline.Fixtures;
import io.aegisops.functions.pipeline.Stores;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.LocalDynamoDb;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** the DynamoDB engine + HTTP: the approval token is kept with the incident and the humans are asked. */
@ExtendWith(DynamoDbExtension.class)
class RequestApprovalHandlerDynamoDbTest {

    private final Stores stores;

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
                    stores.incidents(), notifier, new NotifyLinks(null, "https://api.example/prod/"), Fixtures.CLOCK);
            String id = Fixtures.newIncidentId();
            stores.incidents().create(Fixtures.received(id));

            var answer = Events.invoke(handler, Events.load("request-approval.json", Map.of("incidentId", id)));

            assertThat(answer.get("notified").asBoolean()).isTrue();
            assertThat(stores.incidents().get(id).orElseThrow().status()).isEqualTo(IncidentStatus.AWAITING_APPROVAL);
            assertThat(received).hasSize(1);
            Notification sent = Json.read(received.getFirst(), Notification.class);
            assertThat(sent.event()).isEqualTo(Notification.AWAITING_APPROVAL);
            assertThat(sent.approvalUrl()).isEqualTo("https://api.example/prod/incidents/" + id + "/approval");
            assertThat(stores.incidents().takeApprovalToken(id))
                    .contains("AQCEAAAAKgAAAAMAAAAAAAAAAU1vY2tUb2tlbi1hcHByb3Zl");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void noSinkConfiguredStillStoresTheToken() throws Exception {
        var handler = new RequestApprovalHandler(
                stores.incidents(), new Notifiers(List.of()), new NotifyLinks(null, null), Fixtures.CLOCK);
        String id = Fixtures.newIncidentId();
        stores.incidents().create(Fixtures.received(id));

        assertThat(Events.invoke(handler, Events.load("request-approval.json", Map.of("incidentId", id)))
                        .get("notified")
                        .asBoolean())
                .isFalse();
        assertThat(stores.incidents().takeApprovalToken(id)).isPresent();
    }
}
