package io.aegisops.local.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.aegisops.contracts.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP: the inbox answers like a Slack incoming webhook and keeps what it was sent. */
class NotificationInboxHttpTest {

    private final List<NotificationInbox.Notification> printed = new ArrayList<>();
    private final NotificationInbox inbox = new NotificationInbox(printed::add);
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer server;
    private URI url;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/_aegis/slack", inbox);
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/_aegis/slack");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void keepsEachMessageAndListsThemBack() throws Exception {
        HttpResponse<String> posted = http.send(
                HttpRequest.newBuilder(url)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"RESOLVED inc-1\",\"blocks\":[]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(posted.body()).isEqualTo("ok");
        assertThat(printed)
                .singleElement()
                .satisfies(n -> assertThat(n.body().get("text").asText()).isEqualTo("RESOLVED inc-1"));

        HttpResponse<String> listed =
                http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(Json.mapper().readTree(listed.body()).get(0).at("/body/text").asText())
                .isEqualTo("RESOLVED inc-1");
    }

    @Test
    void malformedJsonIsRefusedAndNotKept() throws Exception {
        HttpResponse<String> posted = http.send(
                HttpRequest.newBuilder(url)
                        .POST(HttpRequest.BodyPublishers.ofString("{not json"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(posted.statusCode()).isEqualTo(400);
        assertThat(inbox.received()).isEmpty();
    }
}
