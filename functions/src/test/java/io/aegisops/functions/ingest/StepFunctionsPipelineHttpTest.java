package io.aegisops.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.testsupport.RecordingStepFunctionsServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;

/** The SDK adapter against the Step Functions wire protocol (the recording server, real SfnClient). */
class StepFunctionsPipelineHttpTest {

    private static final String STATE_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:aegis-pipeline";
    private static final RecordingStepFunctionsServer SFN = RecordingStepFunctionsServer.start();
    private static final SfnClient CLIENT = SFN.client();

    private final StepFunctionsPipeline pipeline = new StepFunctionsPipeline(CLIENT, STATE_MACHINE);

    @BeforeEach
    void forget() {
        SFN.reset();
    }

    @AfterAll
    static void stop() {
        CLIENT.close();
        SFN.close();
    }

    @Nested
    class Starting {
        @Test
        void theSameNameAndInputGiveTheSameExecution() {
            pipeline.start("inc-generic-1", "{\"a\":1}");
            pipeline.start("inc-generic-1", "{\"a\":1}");

            assertThat(SFN.executions())
                    .extracting(RecordingStepFunctionsServer.Execution::executionArn)
                    .containsExactly("arn:aws:states:us-east-1:123456789012:execution:aegis-pipeline:inc-generic-1");
            assertThat(SFN.startCalls()).hasSize(2);
        }

        @Test
        void theDerivedArnIsTheOneStepFunctionsGives() {
            pipeline.start("inc-generic-4", "{}");

            assertThat(pipeline.executionArn("inc-generic-4"))
                    .isEqualTo("arn:aws:states:us-east-1:123456789012:execution:aegis-pipeline:inc-generic-4")
                    .isEqualTo(SFN.executions().get(0).executionArn());
        }

        @Test
        void anExistingExecutionUnderTheNameIsADuplicateNotAFailure() {
            pipeline.start("inc-generic-2", "{\"a\":1}");
            pipeline.start("inc-generic-2", "{\"a\":2}");

            assertThat(SFN.executions())
                    .extracting(RecordingStepFunctionsServer.Execution::input)
                    .containsExactly("{\"a\":1}");
        }

        @Test
        void anUnavailableServiceIsAnSdkError() {
            SFN.failStartExecutions(10);

            assertThatThrownBy(() -> pipeline.start("inc-generic-3", "{}")).isInstanceOf(SdkException.class);
            assertThat(SFN.executions()).isEmpty();
        }
    }

    @Nested
    class AnsweringTasks {
        @Test
        void theOutputReachesTheTask() {
            SFN.openTask("token-1");

            pipeline.succeed("token-1", "{\"approved\":true}");

            assertThat(SFN.taskAnswers())
                    .containsExactly(
                            new RecordingStepFunctionsServer.TaskAnswer("token-1", true, "{\"approved\":true}", null));
        }

        @Test
        void aTimedOutOrInvalidTokenIsRejected() {
            SFN.timeOut("late");
            // "forged" was never issued: InvalidToken
            pipeline.succeed(SFN.openTask("once"), "{}");

            assertThatThrownBy(() -> pipeline.succeed("late", "{}"))
                    .isInstanceOf(TaskTokenRejectedException.class)
                    .hasMessageContaining("timed out");
            assertThatThrownBy(() -> pipeline.succeed("forged", "{}"))
                    .isInstanceOf(TaskTokenRejectedException.class)
                    .hasMessageContaining("not valid");
            assertThatThrownBy(() -> pipeline.succeed("once", "{}")).isInstanceOf(TaskTokenRejectedException.class);
        }
    }

    @Test
    void aStateMachineArnIsRequired() {
        assertThatThrownBy(() -> new StepFunctionsPipeline(CLIENT, "aegis-pipeline"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StepFunctionsPipeline.fromEnvironment(Map.of()))
                .as("a function deployed without it (RequestApproval) fails its cold start naming the variable")
                .hasMessage("AEGIS_STATE_MACHINE_ARN is not set");
    }
}
