package io.aegisops.edge.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.pipeline.PipelineError;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Unit: the agent sends exactly the errors the pipeline's vocabulary gives it, under their names. */
class AegisErrorTest {

    @Test
    void theAgentsErrorsAreThePipelineErrorsItRaises() {
        assertThat(Arrays.stream(AegisError.values()).map(AegisError::wireName))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(PipelineError.values())
                        .filter(e -> e.isRaisedBy(PipelineError.Raiser.EDGE_AGENT))
                        .map(PipelineError::wireName)
                        .toList());
    }
}
