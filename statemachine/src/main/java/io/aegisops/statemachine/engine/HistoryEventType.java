package io.aegisops.statemachine.engine;

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

    /** e.g. {@code taskScheduledEventDetails}; null when the event has no details. */
    public String detailsField() {
        return detailsField;
    }
}
