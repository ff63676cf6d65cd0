package io.aegisops.statemachine.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The eight state types of the States Language, as parsed and checked by
 * {@link StateMachineDefinition#parse(String)}. {@code next} is null for a state that ends its
 * scope ({@code "End": true}).
 */
public sealed interface State {

    String name();

    /** The {@code Type} field: Pass, Task, Choice, … (also the prefix of its history events). */
    default String type() {
        return getClass().getSimpleName().replace("State", "");
    }

    record PassState(String name, DataFlow flow, JsonNode result, String next) implements State {}

    /**
     * @param timeout   TimeoutSeconds or TimeoutSecondsPath (null: no limit)
     * @param heartbeat HeartbeatSeconds or HeartbeatSecondsPath (null: none)
     */
    record TaskState(
            String name,
            String resource,
            DataFlow flow,
            Seconds timeout,
            Seconds heartbeat,
            List<Retrier> retry,
            List<Catcher> catchers,
            String next)
            implements State {}

    record ChoiceState(String name, DataFlow flow, List<ChoiceRule> choices, String defaultNext) implements State {}

    /** Exactly one of seconds, timestamp, secondsPath, timestampPath is set. */
    record WaitState(
            String name,
            DataFlow flow,
            Long seconds,
            String timestamp,
            ValueExpression.PathValue secondsPath,
            ValueExpression.PathValue timestampPath,
            String next)
            implements State {}

    record SucceedState(String name, DataFlow flow) implements State {}

    /** ErrorPath and CausePath may be paths or intrinsic functions. */
    record FailState(String name, String error, ValueExpression errorPath, String cause, ValueExpression causePath)
            implements State {}

    record ParallelState(
            String name,
            DataFlow flow,
            List<StateGraph> branches,
            List<Retrier> retry,
            List<Catcher> catchers,
            String next)
            implements State {}

    /** An inline Map: {@code maxConcurrency} 0 means no limit. */
    record MapState(
            String name,
            DataFlow flow,
            ValueExpression.PathValue itemsPath,
            PayloadTemplate itemSelector,
            StateGraph processor,
            int maxConcurrency,
            ValueExpression.PathValue maxConcurrencyPath,
            List<Retrier> retry,
            List<Catcher> catchers,
            String next)
            implements State {}

    /** A fixed number of seconds or a reference path to one in the state's input. */
    record Seconds(Long fixed, ValueExpression.PathValue path) {}

    /**
     * @param maxDelaySeconds null when unbounded
     * @param fullJitter      JitterStrategy FULL: each delay is drawn uniformly below its backoff value
     */
    record Retrier(
            List<String> errorEquals,
            long intervalSeconds,
            int maxAttempts,
            double backoffRate,
            Long maxDelaySeconds,
            boolean fullJitter) {}

    /** {@code resultPath} null means {@code "ResultPath": null}: the error output is dropped. */
    record Catcher(List<String> errorEquals, String next, JsonPath resultPath) {}
}
