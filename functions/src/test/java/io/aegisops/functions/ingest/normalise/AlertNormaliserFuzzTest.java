package io.aegisops.functions.ingest.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.NormalisedAlert;
import java.io.IOException;
import java.util.List;

/**
 * Any bytes are either alerts or a refusal the API turns into a 4xx ({@link InvalidAlertException}); never
 * another exception, which would be a 5xx. Under plain {@code mvn verify} this runs the seeds in
 * {@code AlertNormaliserFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes (see docs/notes/issue-4.md).
 */
class AlertNormaliserFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyBytesAreAlertsOrARefusal(byte[] data) {
        JsonNode payload;
        try {
            payload = Json.mapper().readTree(data);
        } catch (IOException notJson) {
            return; // refused as 400 before normalising
        }
        try {
            List<NormalisedAlert> alerts = AlertNormaliser.normalise(payload);
            assertThat(alerts).isNotEmpty().hasSizeLessThanOrEqualTo(AlertNormaliser.DEFAULT_MAX_ALERTS_PER_REQUEST);
            for (NormalisedAlert alert : alerts) {
                assertThat(alert.alertType()).isNotBlank();
                assertThat(alert.startsAt()).isNotNull();
                assertThat(alert.fingerprint()).isNotNull();
                Json.write(alert); // what is stored and sent must serialise
            }
        } catch (InvalidAlertException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}
