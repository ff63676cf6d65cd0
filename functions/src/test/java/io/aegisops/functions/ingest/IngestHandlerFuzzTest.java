package io.aegisops.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.functions.ingest.IngestStack.Response;
import io.aegisops.testsupport.LocalDynamoDb;
import io.aegisops.testsupport.DynamoDbExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The property of {@code POST /alerts}: any body from an authenticated sender is accepted (202) or refused
 * with a 4xx, never a 5xx; and a refused body stores and starts nothing. Against the DynamoDB engine and the
 * Step Functions wire protocol. Plain {@code mvn verify} runs the seeds in {@code IngestHandlerFuzzTestInputs/};
 * {@code JAZZER_FUZZ=1} fuzzes (see docs/notes/issue-4.md).
 */
@ExtendWith(DynamoDbExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestHandlerFuzzTest {

    private static final Map<String, String> SENDER = Map.of("Authorization", "Bearer " + IngestStack.WEBHOOK_TOKEN,
            "Content-Type", "application/json");

    private final IngestStack stack;

    IngestHandlerFuzzTest(LocalDynamoDb dynamo) {
        this.stack = new IngestStack(dynamo);
    }

    @AfterAll
    void stop() {
        stack.close();
    }

    @FuzzTest(maxDuration = "60s")
    void anyBodyIsAcceptedOrRefusedNeverAnError(byte[] body) {
        SilentCloseable loopbackOnly = BugDetectors.allowNetworkConnections((host, port) -> host.equals("127.0.0.1") || host.equals("localhost"));
        try {
            postAndCheck(body);
        } finally {
            loopbackOnly.close();
        }
    }

    private void postAndCheck(byte[] body) {
        int incidentsBefore = stack.count(Tables.INCIDENTS);
        int markersBefore = stack.count(Tables.CONTROL);
        int startsBefore = stack.sfn.startCalls().size();

        Response response = stack.callRaw("POST", "/alerts", SENDER, body);

        assertThat(response.status()).isBetween(200, 499);
        if (response.status() != 202) {
            assertThat(response.status()).isBetween(400, 499);
            assertThat(response.body().get("error").asText()).isNotBlank();
            assertThat(response.body().get("message").asText()).isNotBlank();
            assertThat(stack.count(Tables.INCIDENTS)).isEqualTo(incidentsBefore);
            assertThat(stack.count(Tables.CONTROL)).isEqualTo(markersBefore);
            assertThat(stack.sfn.startCalls()).hasSize(startsBefore);
        }
    }
}
