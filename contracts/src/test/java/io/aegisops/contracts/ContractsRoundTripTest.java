package io.aegisops.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Unit: each fixture reads into its record and writes back to the same JSON, field for field. */
class ContractsRoundTripTest {

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("normalised-alert.json", NormalisedAlert.class),
                Arguments.of("incident.json", Incident.class),
                Arguments.of("diagnosis.json", Diagnosis.class),
                Arguments.of("decision.json", Decision.class),
                Arguments.of("command.json", Command.class),
                Arguments.of("runbook-entry.json", RunbookEntry.class),
                Arguments.of("targets.json", TargetsConfig.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixtureSurvivesARoundTrip(String fixture, Class<?> type) throws IOException {
        JsonNode original = readFixture(fixture);

        Object record = Json.mapper().treeToValue(original, type);
        // re-read the written text so numbers compare by value, not by the node class Jackson picked
        JsonNode written = Json.mapper().readTree(Json.write(record));

        assertThat(written).isEqualTo(original);
    }

    static JsonNode readFixture(String name) throws IOException {
        try (InputStream in = ContractsRoundTripTest.class.getResourceAsStream("/contracts/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return Json.mapper().readTree(in);
        }
    }
}
