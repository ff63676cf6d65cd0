package io.aegisops.statemachine.engine;

import static io.aegisops.statemachine.engine.LocalEngine.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Unit: execution names, status, history shape, retention, and how executions wait. */
class ExecutionsTest {

    private static final String SLEEPER =
            "{\"StartAt\": \"W\", \"States\": {\"W\": {\"Type\": \"Wait\", \"Seconds\": 60, \"End\": true}}}";

    private final LocalEngine local = new LocalEngine();

    private static void assertErrorType(Runnable call, String type) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        StepFunctionsException.class,
                        e -> assertThat(e.errorType()).isEqualTo(type));
    }

    @Nested
    class Names {

        @Test
        void sameNameAndInputWhileRunningIsTheSameExecution() {
            String machine = local.createMachine(SLEEPER);
            ExecutionInfo first = local.engine.startExecution(machine, "inc-1", "{\"a\": 1, \"b\": [1, 2]}");

            ExecutionInfo again = local.engine.startExecution(machine, "inc-1", "{\"b\": [1, 2.0], \"a\": 1}");

            assertThat(again.executionArn()).isEqualTo(first.executionArn());
            assertThat(local.engine.listExecutions(machine, null)).hasSize(1);
            assertThat(local.types(first.executionArn())).containsOnlyOnce(HistoryEventType.ExecutionStarted);
        }

        @Test
        void aTakenNameIsRefusedWithADifferentInputOrOnceFinished() {
            String machine = local.createMachine(SLEEPER);
            local.engine.startExecution(machine, "inc-1", "{\"a\": 1}");

            assertErrorType(
                    () -> local.engine.startExecution(machine, "inc-1", "{\"a\": 2}"), "ExecutionAlreadyExists");
            local.advance(Duration.ofSeconds(60));
            assertErrorType(
                    () -> local.engine.startExecution(machine, "inc-1", "{\"a\": 1}"), "ExecutionAlreadyExists");
        }

        @Test
        void namesFollowTheApiRules() {
            String machine = local.createMachine(SLEEPER);

            for (String bad : List.of("", "a b", "a/b", "x".repeat(81), "tab\there", "{x}")) {
                assertErrorType(() -> local.engine.startExecution(machine, bad, "{}"), "InvalidName");
            }
            assertThat(local.engine
                            .startExecution(machine, "inc-alertmanager-0123456789abcdef0123456789abcdef", "{}")
                            .executionArn())
                    .endsWith(":execution:"
                            + local.engine.describeStateMachine(machine).name()
                            + ":inc-alertmanager-0123456789abcdef0123456789abcdef");
        }

        @Test
        void unknownThingsAreReportedByType() {
            assertErrorType(
                    () -> local.engine.startExecution(
                            "arn:aws:states:us-east-1:000000000000:stateMachine:none", null, "{}"),
                    "StateMachineDoesNotExist");
            assertErrorType(
                    () -> local.engine.describeExecution("arn:aws:states:us-east-1:000000000000:execution:none:x"),
                    "ExecutionDoesNotExist");
            assertErrorType(() -> local.engine.describeExecution("not-an-arn"), "InvalidArn");
            assertErrorType(
                    () -> local.engine.startExecution(local.createMachine(SLEEPER), null, "[1,"),
                    "InvalidExecutionInput");
        }
    }

    @Nested
    class History {

        @Test
        void eventsChainWithIdsAndCarryTheirDetails() {
            String execution = local.run("""
                    {"StartAt": "Route", "States": {
                      "Route": {"Type": "Choice", "Choices": [{"Variable": "$.go", "BooleanEquals": true, "Next": "Go"}], "Default": "Stop"},
                      "Go": {"Type": "Succeed"},
                      "Stop": {"Type": "Fail", "Error": "E", "Cause": "stopped"}}}""", "{\"go\": true}");

            List<HistoryEvent> events = local.history(execution);
            assertThat(events)
                    .extracting(HistoryEvent::type)
                    .containsExactly(
                            HistoryEventType.ExecutionStarted,
                            HistoryEventType.ChoiceStateEntered,
                            HistoryEventType.ChoiceStateExited,
                            HistoryEventType.SucceedStateEntered,
                            HistoryEventType.SucceedStateExited,
                            HistoryEventType.ExecutionSucceeded);
            for (int i = 0; i < events.size(); i++) {
                assertThat(events.get(i).id()).isEqualTo(i + 1);
                assertThat(events.get(i).previousEventId()).isEqualTo(i);
            }
            assertThat(events.getFirst().detail("input")).isEqualTo("{\"go\": true}");
            assertThat(events.get(1).detail("name")).isEqualTo("Route");
            assertThat(events.get(2).detail("output")).isEqualTo("{\"go\":true}");
            assertThat(events.getLast().detail("output")).isEqualTo("{\"go\":true}");
        }

        @Test
        void aStatesEventsCarryTheValueItReceivedAndTheValueItProduced() {
            String execution = local.run("""
                    {"StartAt": "Tag", "States": {
                      "Tag": {"Type": "Pass", "Parameters": {"seen.$": "$.n"}, "ResultPath": "$.tag", "Next": "Last"},
                      "Last": {"Type": "Pass", "Result": 2, "ResultPath": "$.n", "End": true}}}""", "{\"n\": 1}");

            List<HistoryEvent> events = local.history(execution);
            assertThat(events.get(1).details()).isEqualTo(json("""
                    {"name": "Tag", "input": "{\\"n\\":1}", "inputDetails": {"truncated": false}}"""));
            assertThat(events.get(2).details()).isEqualTo(json("""
                    {"name": "Tag", "output": "{\\"n\\":1,\\"tag\\":{\\"seen\\":1}}", "outputDetails": {"truncated": false}}"""));
            // The next state's result replaced n in its own output, not in what Tag produced.
            assertThat(events.get(3).detail("input")).isEqualTo("{\"n\":1,\"tag\":{\"seen\":1}}");
            assertThat(events.get(4).detail("output")).isEqualTo("{\"n\":2,\"tag\":{\"seen\":1}}");
            assertThat(events.get(1).details()).isSameAs(events.get(1).details());
        }

        @Test
        void aFailStateEndsTheHistoryWithExecutionFailed() {
            String execution = local.run("""
                    {"StartAt": "Stop", "States": {"Stop": {"Type": "Fail", "ErrorPath": "$.e", "CausePath": "States.Format('because {}', $.why)"}}}""", "{\"e\": \"Aegis.Rejected\", \"why\": \"bob said no\"}");

            assertThat(local.types(execution))
                    .containsExactly(
                            HistoryEventType.ExecutionStarted,
                            HistoryEventType.FailStateEntered,
                            HistoryEventType.ExecutionFailed);
            ExecutionInfo info = local.info(execution);
            assertThat(info.error()).isEqualTo("Aegis.Rejected");
            assertThat(info.cause()).isEqualTo("because bob said no");
            assertThat(local.history(execution).getLast().detail("error")).isEqualTo("Aegis.Rejected");
        }

        @Test
        void aChoiceWithoutMatchOrDefaultFailsWithStatesRuntime() {
            String execution = local.run("""
                    {"StartAt": "Route", "States": {"Route": {"Type": "Choice",
                      "Choices": [{"Variable": "$.go", "BooleanEquals": true, "Next": "Go"}]}, "Go": {"Type": "Succeed"}}}""", "{\"go\": false}");

            assertThat(local.info(execution).error()).isEqualTo("States.Runtime");
        }

        @Test
        void aRunawayLoopIsStoppedAtTheHistoryLimit() {
            String execution = local.run(
                    "{\"StartAt\": \"Again\", \"States\": {\"Again\": {\"Type\": \"Pass\", \"Next\": \"Again\"}}}",
                    "{}");

            ExecutionInfo info = local.info(execution);
            assertThat(info.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(info.error()).isEqualTo("States.Runtime");
            assertThat(local.history(execution)).hasSize(Execution.MAX_HISTORY_EVENTS);
        }
    }

    @Nested
    class Lifecycle {

        @Test
        void stoppingAFinishedExecutionChangesNothing() {
            String execution =
                    local.run("{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}", "{}");

            local.engine.stopExecution(execution, "Late", "too late");

            assertThat(local.info(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(local.info(execution).error()).isNull();
        }

        @Test
        void listsByStatusNewestFirst() {
            String machine = local.createMachine(SLEEPER);
            String first = local.engine.startExecution(machine, "first", "{}").executionArn();
            local.advance(Duration.ofSeconds(60));
            String second = local.engine.startExecution(machine, "second", "{}").executionArn();

            assertThat(local.engine.listExecutions(machine, null))
                    .extracting(ExecutionInfo::executionArn)
                    .containsExactly(second, first);
            assertThat(local.engine.listExecutions(machine, ExecutionStatus.SUCCEEDED))
                    .extracting(ExecutionInfo::executionArn)
                    .containsExactly(first);
        }

        @Test
        void onlyTheNewestFinishedExecutionsAreKept() {
            try (StepFunctionsEngine engine = new StepFunctionsEngine(
                    EngineConfig.defaults()
                            .withTimers(local.timers)
                            .withWorkers(Runnable::run)
                            .withRetainedClosedExecutions(2),
                    request -> request.parameters())) {
                String machine = engine.createStateMachine(
                                "quick",
                                "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}",
                                null)
                        .stateMachineArn();
                List<String> executions = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    executions.add(
                            engine.startExecution(machine, "run-" + i, "{}").executionArn());
                }

                assertErrorType(() -> engine.describeExecution(executions.getFirst()), "ExecutionDoesNotExist");
                assertThat(engine.describeExecution(executions.get(2)).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            }
        }

        @Test
        void waitingExecutionsHoldNoThreads() throws Exception {
            var threads = ManagementFactory.getThreadMXBean();
            try (StepFunctionsEngine engine = new StepFunctionsEngine(request -> request.parameters())) {
                String machine = engine.createStateMachine("sleeper", SLEEPER.replace("60", "3600"), null)
                        .stateMachineArn();
                int before = threads.getThreadCount();
                List<String> executions = new ArrayList<>();
                for (int i = 0; i < 2000; i++) {
                    executions.add(engine.startExecution(machine, null, "{}").executionArn());
                }
                await("every execution parked on its Wait")
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> executions.stream()
                                .allMatch(arn -> engine.getExecutionHistory(arn).size() >= 2));

                assertThat(engine.listExecutions(machine, ExecutionStatus.RUNNING))
                        .hasSize(2000);
                assertThat(threads.getThreadCount())
                        .as("2000 parked executions")
                        .isLessThan(before + 16);
                assertThat(executions)
                        .allSatisfy(arn -> assertThat(
                                        engine.stopExecution(arn, null, null).status())
                                .isEqualTo(ExecutionStatus.ABORTED));
            }
        }
    }
}
