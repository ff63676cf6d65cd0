package io.aegisops.edge.answers;

import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/** {@link TaskAnswers} through the Step Functions API: SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat. */
public final class StepFunctionsTaskAnswers implements TaskAnswers {

    /** API limits: error up to 256 characters, cause up to 32768. */
    static final int MAX_ERROR = 256;

    static final int MAX_CAUSE = 32_768;

    private final SfnClient sfn;

    public StepFunctionsTaskAnswers(SfnClient sfn) {
        this.sfn = sfn;
    }

    @Override
    public AnswerOutcome succeed(String taskToken, String output) {
        return send(() -> sfn.sendTaskSuccess(b -> b.taskToken(taskToken).output(output)));
    }

    @Override
    public AnswerOutcome fail(String taskToken, String error, String cause) {
        return send(() -> sfn.sendTaskFailure(
                b -> b.taskToken(taskToken).error(clip(error, MAX_ERROR)).cause(clip(cause, MAX_CAUSE))));
    }

    @Override
    public AnswerOutcome heartbeat(String taskToken) {
        return send(() -> sfn.sendTaskHeartbeat(b -> b.taskToken(taskToken)));
    }

    private static AnswerOutcome send(Runnable call) {
        try {
            call.run();
            return AnswerOutcome.DELIVERED;
        } catch (TaskTimedOutException | TaskDoesNotExistException closed) {
            return AnswerOutcome.TASK_CLOSED;
        } catch (InvalidTokenException invalid) {
            return AnswerOutcome.INVALID_TOKEN;
        }
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
