package io.aegisops.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.pipeline.PipelineError;
import io.aegisops.contracts.pipeline.PipelineError.Handling;
import io.aegisops.contracts.pipeline.PipelineState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Unit: {@code aegis-pipeline.asl.json}, as CDK deploys it, and contracts' vocabulary name the same states and
 * {@code Aegis.*} errors, with nothing left over on either side.
 */
class DefinitionVocabularyTest {

    private static final JsonNode DEFINITION = read();
    private static final JsonNode STATES = DEFINITION.get("States");

    private static JsonNode read() {
        try {
            return Json.mapper().readTree(AegisStack.pipelineDefinition());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theDefinitionHasExactlyTheVocabularysStates() {
        List<String> names = new ArrayList<>();
        STATES.fieldNames().forEachRemaining(names::add);
        assertThat(names)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(PipelineState.values())
                        .map(PipelineState::stateName)
                        .toList());
        assertThat(DEFINITION.get("StartAt").asText()).isEqualTo(PipelineState.CONFIGURE.stateName());
    }

    @Test
    void eachStateHasTheVocabularysTypeTaskFailureAndOutcome() {
        for (PipelineState state : PipelineState.values()) {
            JsonNode asl = STATES.get(state.stateName());
            assertThat(asl.get("Type").asText())
                    .as(state.stateName())
                    .isEqualTo(state.type().aslName());
            assertThat(asl.at("/Parameters/FunctionName").asText(null))
                    .as(state.stateName())
                    .isEqualTo(state.task()
                            .map(f -> "${" + f.arnPlaceholder().orElseThrow() + "}")
                            .orElse(null));
            assertThat(asl.path("Error").asText(null))
                    .as(state.stateName())
                    .isEqualTo(state.failure().map(PipelineError::wireName).orElse(null));
            boolean setsOutcome = asl.path("ResultPath").asText("").equals("$.outcome");
            assertThat(setsOutcome ? asl.at("/Result/status").asText() : null)
                    .as(state.stateName())
                    .isEqualTo(state.outcome().map(Enum::name).orElse(null));
        }
    }

    @Test
    void everyAegisErrorACatchOrRetryNamesIsOneTheVocabularyCatchesByName() {
        assertThat(namedIn("ErrorEquals")).containsExactlyInAnyOrderElementsOf(wireNames(Handling.CAUGHT_BY_NAME));
    }

    @Test
    void everyAegisErrorAFailStateEndsWithIsOneTheVocabularyEndsExecutionsWith() {
        assertThat(namedIn("Error")).containsExactlyInAnyOrderElementsOf(wireNames(Handling.ENDS_EXECUTION));
    }

    @Test
    void theErrorsOnlyStatesAllCatchesAreNamedNowhere() {
        assertThat(wireNames(Handling.CAUGHT_BY_STATES_ALL))
                .isNotEmpty()
                .doesNotContainAnyElementsOf(namedIn("ErrorEquals"))
                .doesNotContainAnyElementsOf(namedIn("Error"));
    }

    private static List<String> wireNames(Handling handling) {
        return Arrays.stream(PipelineError.values())
                .filter(e -> e.handling() == handling)
                .map(PipelineError::wireName)
                .toList();
    }

    /** The {@code Aegis.*} names under {@code field} anywhere in the definition. */
    private static Set<String> namedIn(String field) {
        Set<String> names = new TreeSet<>();
        for (JsonNode holder : DEFINITION.findParents(field)) {
            JsonNode value = holder.get(field);
            (value.isArray() ? value : List.of(value)).forEach(name -> {
                if (name.asText().startsWith("Aegis.")) {
                    names.add(name.asText());
                }
            });
        }
        return names;
    }
}
