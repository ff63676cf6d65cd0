package io.aegisops.edge.answers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * How every {@link TaskAnswers} reports what Step Functions made of an answer or a heartbeat. Run against the real
 * adapter (through the SDK, on a server speaking the Step Functions protocol) and the in-memory fake.
 */
abstract class TaskAnswersContract {

    abstract TaskAnswers answers();

    /** Issues a token, as a waitForTaskToken state does. */
    abstract String openTask();

    /** The task's timeout fires. */
    abstract void timeOut(String token);

    @Nested
    class AnOpenTask {

        @Test
        void takesASuccess() {
            assertThat(answers().succeed(openTask(), "{\"success\":true}")).isEqualTo(AnswerOutcome.DELIVERED);
        }

        @Test
        void takesAFailure() {
            assertThat(answers().fail(openTask(), "Aegis.NotAllowed", "RESTART is not allowed"))
                    .isEqualTo(AnswerOutcome.DELIVERED);
        }

        @Test
        void staysOpenThroughHeartbeats() {
            String token = openTask();

            assertThat(answers().heartbeat(token)).isEqualTo(AnswerOutcome.DELIVERED);
            assertThat(answers().heartbeat(token)).isEqualTo(AnswerOutcome.DELIVERED);
            assertThat(answers().succeed(token, "{}")).isEqualTo(AnswerOutcome.DELIVERED);
        }
    }

    @Nested
    class AClosedTask {

        @Test
        void thatTimedOutIsReportedClosedNotThrown() {
            String token = openTask();
            timeOut(token);

            assertThat(answers().succeed(token, "{}")).isEqualTo(AnswerOutcome.TASK_CLOSED);
            assertThat(answers().heartbeat(token)).isEqualTo(AnswerOutcome.TASK_CLOSED);
        }

        @Test
        void thatWasAnsweredTakesNoSecondAnswerNorHeartbeat() {
            String token = openTask();
            answers().succeed(token, "{}");

            assertThat(answers().fail(token, "Aegis.RuntimeError", "late")).isEqualTo(AnswerOutcome.TASK_CLOSED);
            assertThat(answers().heartbeat(token)).isEqualTo(AnswerOutcome.TASK_CLOSED);
        }
    }

    @Test
    void aTokenNeverIssuedIsInvalid() {
        assertThat(answers().heartbeat("forged-token")).isEqualTo(AnswerOutcome.INVALID_TOKEN);
        assertThat(answers().succeed("forged-token", "{}")).isEqualTo(AnswerOutcome.INVALID_TOKEN);
    }
}
