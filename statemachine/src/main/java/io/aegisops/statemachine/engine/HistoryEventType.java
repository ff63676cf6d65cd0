package io.aegisops.statemachine.engine;

import io.aegisops.statemachine.asl.State;
import io.aegisops.statemachine.asl.State.ChoiceState;
import io.aegisops.statemachine.asl.State.FailState;
import io.aegisops.statemachine.asl.State.MapState;
import io.aegisops.statemachine.asl.State.ParallelState;
import io.aegisops.statemachine.asl.State.PassState;
import io.aegisops.statemachine.asl.State.SucceedState;
import io.aegisops.statemachine.asl.State.TaskState;
import io.aegisops.statemachine.asl.State.WaitState;

/**
 * The GetExecutionHistory event types the engine writes, with the name of each one's details field
 * (null when the type carries none), exactly as the Step Functions API spells them.
 */
public enum HistoryEventType {
    ExecutionStarted("executionStartedEventDetails"),
    ExecutionSucceeded("executionSucceededEventDetails"),
    ExecutionFailed("executionFailedEventDetails"),
    ExecutionAborted("executionAbortedEventDetails"),
    ExecutionTimedOut("executionTimedOutEventDetails"),

    PassStateEntered("stateEnteredEventDetails"),
    PassStateExited("stateExitedEventDetails"),
    TaskStateEntered("stateEnteredEventDetails"),
    TaskStateExited("stateExitedEventDetails"),
    ChoiceStateEntered("stateEnteredEventDetails"),
    ChoiceStateExited("stateExitedEventDetails"),
    WaitStateEntered("stateEnteredEventDetails"),
    WaitStateExited("stateExitedEventDetails"),
    SucceedStateEntered("stateEnteredEventDetails"),
    SucceedStateExited("stateExitedEventDetails"),
    FailStateEntered("stateEnteredEventDetails"),
    ParallelStateEntered("stateEnteredEventDetails"),
    ParallelStateExited("stateExitedEventDetails"),
    MapStateEntered("stateEnteredEventDetails"),
    MapStateExited("stateExitedEventDetails"),

    ParallelStateStarted(null),
    ParallelStateSucceeded(null),
    ParallelStateFailed(null),
    MapStateStarted("mapStateStartedEventDetails"),
    MapStateSucceeded(null),
    MapStateFailed(null),
    MapIterationStarted("mapIterationStartedEventDetails"),
    MapIterationSucceeded("mapIterationSucceededEventDetails"),
    MapIterationFailed("mapIterationFailedEventDetails"),
    MapIterationAborted("mapIterationAbortedEventDetails"),

    TaskScheduled("taskScheduledEventDetails"),
    TaskStarted("taskStartedEventDetails"),
    TaskSubmitted("taskSubmittedEventDetails"),
    TaskSucceeded("taskSucceededEventDetails"),
    TaskFailed("taskFailedEventDetails"),
    TaskTimedOut("taskTimedOutEventDetails"),

    LambdaFunctionScheduled("lambdaFunctionScheduledEventDetails"),
    LambdaFunctionStarted(null),
    LambdaFunctionSucceeded("lambdaFunctionSucceededEventDetails"),
    LambdaFunctionFailed("lambdaFunctionFailedEventDetails"),
    LambdaFunctionTimedOut("lambdaFunctionTimedOutEventDetails");

    private final String detailsField;

    HistoryEventType(String detailsField) {
        this.detailsField = detailsField;
    }

    /** The event that enters {@code state}: PassStateEntered, TaskStateEntered, … */
    static HistoryEventType entered(State state) {
        return switch (state) {
            case PassState s -> PassStateEntered;
            case TaskState s -> TaskStateEntered;
            case ChoiceState s -> ChoiceStateEntered;
            case WaitState s -> WaitStateEntered;
            case SucceedState s -> SucceedStateEntered;
            case FailState s -> FailStateEntered;
            case ParallelState s -> ParallelStateEntered;
            case MapState s -> MapStateEntered;
        };
    }

    /** The event that leaves {@code state}; a Fail state is never left. */
    static HistoryEventType exited(State state) {
        return switch (state) {
            case PassState s -> PassStateExited;
            case TaskState s -> TaskStateExited;
            case ChoiceState s -> ChoiceStateExited;
            case WaitState s -> WaitStateExited;
            case SucceedState s -> SucceedStateExited;
            case FailState s -> throw new IllegalArgumentException("a Fail state has no exited event");
            case ParallelState s -> ParallelStateExited;
            case MapState s -> MapStateExited;
        };
    }

    boolean isStateEntered() {
        return detailsField != null && detailsField.equals("stateEnteredEventDetails");
    }

    /** e.g. {@code taskScheduledEventDetails}; null when the event has no details. */
    public String detailsField() {
        return detailsField;
    }
}
