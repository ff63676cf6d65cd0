package io.aegisops.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.redact.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Unit: what the console may see of a state's input or output. */
class StateDocumentsTest {

    @Test
    void keepsTheDocumentsShapeNumbersAndFlags() {
        JsonNode shown = StateDocuments.shown(
                "{\"incidentId\":\"inc-1\",\"config\":{\"verifyMaxAttempts\":3},\"remediation\":{\"success\":true},"
                        + "\"visits\":[1,2,null]}");

        assertThat(shown)
                .isEqualTo(Json.read(
                        "{\"incidentId\":\"inc-1\",\"config\":{\"verifyMaxAttempts\":3},"
                                + "\"remediation\":{\"success\":true},\"visits\":[1,2,null]}",
                        JsonNode.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"taskToken", "TaskToken", "task_token", "approvalTaskToken"})
    void aTaskTokenIsMaskedAtAnyDepth(String name) {
        JsonNode shown = StateDocuments.shown(
                "{\"" + name + "\":\"AAAAKgAAAAIAAAAAAAAAAQ\",\"approval\":{\"" + name + "\":\"secret-token\"}}");

        assertThat(shown.get(name).asText()).isEqualTo(Redactor.MASK);
        assertThat(shown.at("/approval/" + name).asText()).isEqualTo(Redactor.MASK);
        assertThat(shown.toString()).doesNotContain("AAAAKgAAAAIAAAAAAAAAAQ", "secret-token");
    }

    @Test
    void secretsInAnyTextAreRedacted() {
        JsonNode shown =
                StateDocuments.shown("{\"alert\":{\"labels\":{\"dsn\":\"postgres://app:hunter22@db:5432/orders\"}},"
                        + "\"evidence\":{\"logs\":[\"boot\",\"DB_PASS=letmein9 rejected\"]}}");

        assertThat(shown.toString()).doesNotContain("hunter22", "letmein9").contains(Redactor.MASK);
        assertThat(shown.at("/evidence/logs/0").asText()).isEqualTo("boot");
    }

    @Test
    void aLongTextKeepsItsTail() {
        String logs = "x".repeat(10_000) + "\nOutOfMemoryError: Java heap space";

        String shown = StateDocuments.shown("{\"logs\":" + Json.write(logs) + "}")
                .get("logs")
                .asText();

        assertThat(shown).hasSizeLessThanOrEqualTo(StateDocuments.MAX_TEXT + 64).endsWith("Java heap space");
    }

    @Test
    void textThatIsNotJsonIsShownAsRedactedText() {
        assertThat(StateDocuments.shown("not json, password=hunter22").asText())
                .doesNotContain("hunter22")
                .startsWith("not json");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void noDocumentIsNull(String document) {
        assertThat(StateDocuments.shown(document)).isNull();
    }
}
