package io.aegisops.edge.answers;

import java.time.Instant;

/** The in-memory fake keeps the {@link TaskAnswersContract} the Step Functions adapter keeps. */
class InMemoryTaskAnswersTest extends TaskAnswersContract {

    private final InMemoryTaskAnswers answers = new InMemoryTaskAnswers(() -> Instant.EPOCH);

    @Override
    TaskAnswers answers() {
        return answers;
    }

    @Override
    String openTask() {
        return answers.openTask();
    }

    @Override
    void timeOut(String token) {
        answers.timeOut(token);
    }
}
