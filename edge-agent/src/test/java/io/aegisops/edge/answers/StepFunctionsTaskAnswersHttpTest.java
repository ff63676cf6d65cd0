package io.aegisops.edge.answers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.testsupport.LocalAws;
import io.aegisops.testsupport.RecordingStepFunctionsServer;
import io.aegisops.testsupport.RecordingStepFunctionsServer.Call;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The real SfnClient against a server speaking the Step Functions wire protocol: the {@link TaskAnswersContract},
 * and what goes over the wire.
 */
class StepFunctionsTaskAnswersHttpTest extends TaskAnswersContract {

    private final RecordingStepFunctionsServer stepFunctions = RecordingStepFunctionsServer.start();
    private final SfnClient client = stepFunctions.client();
    private final StepFunctionsTaskAnswers answers = new StepFunctionsTaskAnswers(client);

    @AfterEach
    void stop() {
        client.close();
        stepFunctions.close();
    }

    @Override
    TaskAnswers answers() {
        return answers;
    }

    @Override
    String openTask() {
        return stepFunctions.openTask();
    }

    @Override
    void timeOut(String token) {
        stepFunctions.timeOut(token);
    }

    @Nested
    class OnTheWire {

        @Test
        void takesASuccessWithTheResultAsOutput() {
            String token = stepFunctions.openTask();

            assertThat(answers.succeed(token, "{\"success\":true}")).isEqualTo(AnswerOutcome.DELIVERED);

            Call call = stepFunctions.answers(token).getFirst();
            assertThat(call.operation()).isEqualTo(RecordingStepFunctionsServer.SUCCESS);
            assertThat(call.output()).isEqualTo("{\"success\":true}");
        }

        @Test
        void takesAFailureWithItsErrorAndCause() {
            String token = stepFunctions.openTask();

            assertThat(answers.fail(token, "Aegis.NotAllowed", "RESTART is not allowed"))
                    .isEqualTo(AnswerOutcome.DELIVERED);

            Call call = stepFunctions.answers(token).getFirst();
            assertThat(call.error()).isEqualTo("Aegis.NotAllowed");
            assertThat(call.cause()).isEqualTo("RESTART is not allowed");
        }

        @Test
        void takesHeartbeats() {
            String token = stepFunctions.openTask();

            assertThat(answers.heartbeat(token)).isEqualTo(AnswerOutcome.DELIVERED);
            assertThat(answers.heartbeat(token)).isEqualTo(AnswerOutcome.DELIVERED);
            assertThat(stepFunctions.calls(token)).hasSize(2).allMatch(Call::accepted);
        }

        @Test
        void getsACauseClippedToTheApiLimit() {
            String token = stepFunctions.openTask();

            answers.fail(token, "Aegis.RuntimeError", "x".repeat(40_000));

            assertThat(stepFunctions.answers(token).getFirst().cause()).hasSize(StepFunctionsTaskAnswers.MAX_CAUSE);
        }
    }

    @Test
    void aTimedOutTaskIsRejectedAsTaskTimedOut() {
        String token = stepFunctions.openTask();
        stepFunctions.timeOut(token);

        answers.succeed(token, "{}");
        answers.heartbeat(token);

        assertThat(stepFunctions.calls(token)).extracting(Call::rejectedWith).containsOnly("TaskTimedOut");
    }

    @Test
    void anUnreachableControlPlaneIsThrownForTheCallerToRetry() {
        SfnClient nowhere = LocalAws.sfn(URI.create("http://127.0.0.1:1"));
        try (nowhere) {
            assertThatThrownBy(() -> new StepFunctionsTaskAnswers(nowhere).heartbeat("token"))
                    .isInstanceOf(SdkClientException.class);
        }
    }
}
