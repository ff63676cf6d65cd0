package io.aegisops.statemachine.engine;

import static io.aegisops.statemachine.engine.LocalEngine.fn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.aegisops.statemachine.asl.JsonValues;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Unit: TimeoutSeconds, HeartbeatSeconds (and their *Path forms), task tokens, and the execution's own TimeoutSeconds. */
class TimeoutsAndTokensTest {

    private final LocalEngine local = new LocalEngine();

    private CallbackTask callback(String timing) {
        local.function("agent", input -> JsonValues.parse("{\"submitted\": true}"));
        String execution = local.run("""
                {"StartAt": "Ask", "States": {
                  "Ask": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                          "Parameters": {"FunctionName": "%s", "Payload": {"token.$": "$$.Task.Token"}}, %s
                          "ResultPath": "$.answer", "Catch": [{"ErrorEquals": ["States.Timeout"], "ResultPath": "$.error", "Next": "TimedOut"}],
                          "End": true},
                  "TimedOut": {"Type": "Pass", "End": true}}}""".formatted(fn("agent"), timing), "{\"timeout\": 40, \"heartbeat\": 10}");
        return new CallbackTask(
                execution, local.calls("agent").getLast().path("token").asText());
    }

    private record CallbackTask(String execution, String token) {}

    @Nested
    class Tokens {

        @Test
        void theTaskWaitsForItsTokenAndTakesTheAnswerAsResult() {
            CallbackTask task = callback("\"TimeoutSeconds\": 60,");
            assertThat(local.info(task.execution()).status()).isEqualTo(ExecutionStatus.RUNNING);

            local.engine.sendTaskSuccess(task.token(), "{\"healthy\": true}");

            assertThat(local.output(task.execution())
                            .path("answer")
                            .path("healthy")
                            .asBoolean())
                    .isTrue();
            assertThat(local.types(task.execution()))
                    .containsSubsequence(
                            HistoryEventType.TaskScheduled,
                            HistoryEventType.TaskStarted,
                            HistoryEventType.TaskSubmitted,
                            HistoryEventType.TaskSucceeded,
                            HistoryEventType.TaskStateExited);
            HistoryEvent submitted = local.history(task.execution()).stream()
                    .filter(e -> e.type() == HistoryEventType.TaskSubmitted)
                    .findFirst()
                    .orElseThrow();
            assertThat(JsonValues.parse(submitted.detail("output"))
                            .path("Payload")
                            .path("submitted")
                            .asBoolean())
                    .as("TaskSubmitted carries the Lambda Invoke response")
                    .isTrue();
        }

        /** RequestApproval does this when the alert resolved before it asked anyone: it withdraws its own request. */
        @Test
        void theInvokedFunctionMayAnswerItsOwnTokenBeforeItReturns() {
            local.function("self", input -> {
                local.engine.sendTaskSuccess(input.path("token").asText(), "{\"withdrawn\": true}");
                return JsonValues.parse("{\"submitted\": true}");
            });

            String execution = local.run("""
                    {"StartAt": "Ask", "States": {
                      "Ask": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                              "Parameters": {"FunctionName": "%s", "Payload": {"token.$": "$$.Task.Token"}},
                              "TimeoutSeconds": 60, "ResultPath": "$.answer", "End": true}}}""".formatted(fn("self")), "{}");

            assertThat(local.info(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(local.output(execution).path("answer").path("withdrawn").asBoolean())
                    .isTrue();
        }

        @Test
        void aClosedTaskAnswersTaskTimedOutToLateCalls() {
            CallbackTask task = callback("\"TimeoutSeconds\": 60,");
            local.engine.sendTaskSuccess(task.token(), "{}");

            for (Runnable late : List.<Runnable>of(
                    () -> local.engine.sendTaskSuccess(task.token(), "{}"),
                    () -> local.engine.sendTaskFailure(task.token(), "E", "c"),
                    () -> local.engine.sendTaskHeartbeat(task.token()))) {
                assertThatThrownBy(late::run)
                        .isInstanceOfSatisfying(
                                StepFunctionsException.class,
                                e -> assertThat(e.errorType()).isEqualTo("TaskTimedOut"));
            }
        }

        @Test
        void badOutputIsRefusedAndChangesNothing() {
            CallbackTask task = callback("\"TimeoutSeconds\": 60,");

            assertThatThrownBy(() -> local.engine.sendTaskSuccess(task.token(), "{not json"))
                    .isInstanceOfSatisfying(
                            StepFunctionsException.class,
                            e -> assertThat(e.errorType()).isEqualTo("InvalidOutput"));
            local.engine.sendTaskSuccess(task.token(), "{\"ok\": 1}");
            assertThat(local.output(task.execution()).path("answer").path("ok").asInt())
                    .isEqualTo(1);
        }

        @Test
        void sendTaskFailureFailsTheTaskWithItsError() {
            CallbackTask task = callback("\"TimeoutSeconds\": 60,");

            local.engine.sendTaskFailure(task.token(), "Aegis.CommandFailed", "no such container");

            ExecutionInfo info = local.info(task.execution());
            assertThat(info.error()).isEqualTo("Aegis.CommandFailed");
            assertThat(info.cause()).isEqualTo("no such container");
        }

        @Test
        void stoppingTheExecutionClosesItsTokens() {
            CallbackTask task = callback("\"TimeoutSeconds\": 60,");

            local.engine.stopExecution(task.execution(), "Stopped", "by test");

            assertThat(local.info(task.execution()).status()).isEqualTo(ExecutionStatus.ABORTED);
            assertThatThrownBy(() -> local.engine.sendTaskSuccess(task.token(), "{}"))
                    .isInstanceOf(StepFunctionsException.class)
                    .hasMessageContaining("Task Timed Out");
            assertThat(local.types(task.execution()).getLast()).isEqualTo(HistoryEventType.ExecutionAborted);
        }
    }

    @Nested
    class Timeouts {

        @Test
        void timeoutSecondsEndsTheTaskWithStatesTimeout() {
            CallbackTask task = callback("\"TimeoutSeconds\": 60,");
            local.advance(Duration.ofSeconds(59));
            assertThat(local.info(task.execution()).status()).isEqualTo(ExecutionStatus.RUNNING);
            local.advance(Duration.ofSeconds(1));

            assertThat(local.output(task.execution())
                            .path("error")
                            .path("Error")
                            .asText())
                    .isEqualTo("States.Timeout");
            assertThat(local.types(task.execution())).contains(HistoryEventType.TaskTimedOut);
        }

        @Test
        void heartbeatsMustArriveWithinHeartbeatSeconds() {
            CallbackTask task = callback("\"TimeoutSeconds\": 60, \"HeartbeatSeconds\": 10,");
            for (int i = 0; i < 5; i++) {
                local.advance(Duration.ofSeconds(9));
                local.engine.sendTaskHeartbeat(task.token());
            }
            assertThat(local.info(task.execution()).status()).isEqualTo(ExecutionStatus.RUNNING);
            local.advance(Duration.ofSeconds(10));

            assertThat(local.output(task.execution())
                            .path("error")
                            .path("Error")
                            .asText())
                    .as("caught by a States.Timeout catcher")
                    .isEqualTo("States.HeartbeatTimeout");
        }

        @Test
        void theSecondsCanComeFromTheInput() {
            CallbackTask task =
                    callback("\"TimeoutSecondsPath\": \"$.timeout\", \"HeartbeatSecondsPath\": \"$.heartbeat\",");
            HistoryEvent scheduled = local.history(task.execution()).stream()
                    .filter(e -> e.type() == HistoryEventType.TaskScheduled)
                    .findFirst()
                    .orElseThrow();
            assertThat(scheduled.details().path("timeoutInSeconds").asInt()).isEqualTo(40);
            assertThat(scheduled.details().path("heartbeatInSeconds").asInt()).isEqualTo(10);

            local.advance(Duration.ofSeconds(10));
            assertThat(local.output(task.execution())
                            .path("error")
                            .path("Error")
                            .asText())
                    .isEqualTo("States.HeartbeatTimeout");
        }

        @Test
        void aSecondsPathThatIsNotAPositiveIntegerIsStatesRuntime() {
            local.function("agent", input -> input);
            String execution = local.run("""
                    {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "TimeoutSecondsPath": "$.t", "End": true}}}""".formatted(fn("agent")), "{\"t\": \"soon\"}");

            assertThat(local.info(execution).error()).isEqualTo("States.Runtime");
            assertThat(local.calls("agent")).isEmpty();
        }

        @Test
        void aRetriedCallbackTaskIssuesANewToken() {
            local.function("agent", input -> input);
            String execution = local.run("""
                    {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                      "Parameters": {"FunctionName": "%s", "Payload": {"token.$": "$$.Task.Token"}}, "TimeoutSeconds": 5,
                      "Retry": [{"ErrorEquals": ["States.Timeout"], "IntervalSeconds": 1, "MaxAttempts": 1}], "End": true}}}""".formatted(fn("agent")), "{}");
            String first = local.calls("agent").getFirst().path("token").asText();
            local.advance(Duration.ofSeconds(6));
            String second = local.calls("agent").getLast().path("token").asText();

            assertThat(second).isNotEqualTo(first);
            assertThatThrownBy(() -> local.engine.sendTaskSuccess(first, "{}"))
                    .isInstanceOf(StepFunctionsException.class);
            local.engine.sendTaskSuccess(second, "{\"done\": true}");
            assertThat(local.output(execution).path("done").asBoolean()).isTrue();
        }

        @Test
        void theExecutionsTimeoutSecondsEndsItTimedOut() {
            String execution = local.run("""
                    {"TimeoutSeconds": 30, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": true}}}""", "{}");
            local.advance(Duration.ofSeconds(30));

            ExecutionInfo info = local.info(execution);
            assertThat(info.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
            assertThat(info.error()).isEqualTo("States.Timeout");
            assertThat(local.types(execution).getLast()).isEqualTo(HistoryEventType.ExecutionTimedOut);
            assertThat(local.timers.pending())
                    .as("the Wait's timer is cancelled")
                    .isEmpty();
        }
    }

    /** A synchronous task holds a worker while it runs: the engine's steps on virtual threads, its time manual. */
    @Nested
    class OnWorkerThreads {

        private final ManualTimers timers = new ManualTimers(LocalEngine.T0);
        /** Steps handed to the workers and not yet finished: none once the engine is idle. */
        private final AtomicInteger running = new AtomicInteger();

        @Test
        void aSynchronousTaskThatRunsTooLongTimesOutAndItsLateResultIsIgnored() throws Exception {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            LambdaFunctions functions = new LambdaFunctions().register("slow", payload -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return payload;
            });
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
                    StepFunctionsEngine engine = new StepFunctionsEngine(
                            EngineConfig.defaults().withTimers(timers).withWorkers(counted(threads)),
                            new LambdaTaskInvoker(functions))) {
                String machine = engine.createStateMachine("slow", """
                        {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:000000000000:function:slow",
                          "TimeoutSeconds": 1, "End": true}}}""", null).stateMachineArn();
                String execution = engine.startExecution(machine, null, "{}").executionArn();
                assertThat(started.await(10, TimeUnit.SECONDS))
                        .as("the task runs")
                        .isTrue();

                timers.advance(Duration.ofSeconds(1));
                ExecutionInfo info = engine.awaitCompletion(execution, Duration.ofSeconds(10));
                List<HistoryEvent> atTimeout = engine.getExecutionHistory(execution);
                release.countDown();
                await("the late result to be handled")
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> running.get() == 0);

                assertThat(info.status()).isEqualTo(ExecutionStatus.FAILED);
                assertThat(info.error()).isEqualTo("States.Timeout");
                assertThat(info.stopDate())
                        .as("its TimeoutSeconds after the start, on the engine's clock")
                        .isEqualTo(info.startDate().plusSeconds(1));
                assertThat(engine.getExecutionHistory(execution))
                        .as("the late result changes nothing")
                        .isEqualTo(atTimeout)
                        .extracting(HistoryEvent::type)
                        .contains(HistoryEventType.LambdaFunctionTimedOut);
            }
        }

        private Executor counted(Executor threads) {
            return step -> {
                running.incrementAndGet();
                threads.execute(() -> {
                    try {
                        step.run();
                    } finally {
                        running.decrementAndGet();
                    }
                });
            };
        }
    }
}
