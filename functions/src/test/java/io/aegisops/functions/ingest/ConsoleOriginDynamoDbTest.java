package io.aegisops.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.functions.ingest.IngestStack.Response;
import io.aegisops.testsupport.DynamoDbExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console on AWS reads the API from its CloudFront origin: answers to that origin, refusals included, allow it
 * ({@code Access-Control-Allow-Origin}); answers to any other origin or to no origin allow none.
 */
@ExtendWith({DynamoDbExtension.class, IngestStack.PerTestClass.class})
class ConsoleOriginDynamoDbTest {

    private final IngestStack stack;

    ConsoleOriginDynamoDbTest(IngestStack stack) {
        this.stack = stack;
    }

    private Response agentsFrom(String origin, String token) {
        return stack.call(
                "GET", "/agents", Map.of("Authorization", "Bearer " + token, "Origin", origin), null, Map.of());
    }

    @Test
    void anAnswerToTheConsolesOriginAllowsItAndARefusalToo() {
        Response ok = agentsFrom(IngestStack.CONSOLE_ORIGIN, IngestStack.ALICE_TOKEN);
        Response refused = agentsFrom(IngestStack.CONSOLE_ORIGIN, "not-a-token-of-anyone");

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.headers().path("Access-Control-Allow-Origin").asText()).isEqualTo(IngestStack.CONSOLE_ORIGIN);
        assertThat(ok.headers().path("Vary").asText()).isEqualTo("Origin");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.headers().path("Access-Control-Allow-Origin").asText())
                .as("the console can show why")
                .isEqualTo(IngestStack.CONSOLE_ORIGIN);
    }

    @Test
    void anAnswerToAnotherOriginOrToNoneAllowsNoOrigin() {
        Response foreign = agentsFrom("https://evil.example", IngestStack.ALICE_TOKEN);
        Response sameOrigin = stack.get("/agents", Map.of(), IngestStack.ALICE_TOKEN);

        assertThat(foreign.status()).isEqualTo(200);
        assertThat(foreign.headers().has("Access-Control-Allow-Origin")).isFalse();
        assertThat(sameOrigin.headers().has("Access-Control-Allow-Origin")).isFalse();
    }
}
