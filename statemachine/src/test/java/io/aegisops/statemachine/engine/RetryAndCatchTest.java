package io.aegisops.statemachine.engine;

import static io.aegisops.statemachine.engine.LocalEngine.fn;
import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.statemachine.asl.State.Catcher;
import io.aegisops.statemachine.asl.State.Retrier;
import io.aegisops.statemachine.asl.StatesError;
import io.aegisops.statemachine.engine.RetryAndCatch.Catch;
import io.aegisops.statemachine.engine.RetryAndCatch.Decision;
import io.aegisops.statemachine.engine.RetryAndCatch.Retry;
import io.aegisops.statemachine.engine.RetryAndCatch.Uncaught;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Unit: Retry (interval, attempts, backoff, max delay, jitter) and Catch, as the specification describes them: through
 * the engine, and {@link RetryAndCatch}'s arithmetic and decisions on their own.
 */
class RetryAndCatchTest {

    private final LocalEngine local = new LocalEngine();

    @Nested
    class Retriers {

        /**
         * The Step Functions developer guide's "complex retry scenario": ErrorA, ErrorB, ErrorC, ErrorB, ErrorB wait
         * 1, 2, 5 and 4 s; the fifth error has used up the first retrier's two retries of ErrorB and is caught.
         */
        @Test
        void theDeveloperGuidesComplexRetryScenario() {
            List<String> errors = List.of("ErrorA", "ErrorB", "ErrorC", "ErrorB", "ErrorB");
            local.function("X", input -> {
                throw new LambdaFunctionException(errors.get(local.calls("X").size() - 1), "failed");
            });
            String execution = local.run("""
                    {"StartAt": "X", "States": {
                      "X": {"Type": "Task", "Resource": "%s", "Next": "Y",
                        "Retry": [{"ErrorEquals": ["ErrorA", "ErrorB"], "IntervalSeconds": 1, "BackoffRate": 2.0, "MaxAttempts": 2},
                                  {"ErrorEquals": ["ErrorC"], "IntervalSeconds": 5}],
                        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Z"}]},
                      "Y": {"Type": "Pass", "End": true},
                      "Z": {"Type": "Pass", "End": true}}}""".formatted(fn("X")), "{}");

            for (long wait : new long[] {1, 2, 5, 4}) {
                int before = local.calls("X").size();
                local.advance(Duration.ofMillis(wait * 1000 - 1));
                assertThat(local.calls("X")).hasSize(before);
                local.advance(Duration.ofMillis(1));
                assertThat(local.calls("X")).hasSize(before + 1);
            }
            assertThat(local.output(execution).path("Error").asText()).isEqualTo("ErrorB");
            assertThat(local.history(execution))
                    .filteredOn(e -> e.type() == HistoryEventType.LambdaFunctionFailed)
                    .hasSize(5);
            assertThat(local.history(execution).getLast().type()).isEqualTo(HistoryEventType.ExecutionSucceeded);
            assertThat(local.history(execution)).anySatisfy(e -> {
                assertThat(e.type()).isEqualTo(HistoryEventType.PassStateEntered);
                assertThat(e.detail("name")).isEqualTo("Z");
            });
        }

        @Test
        void maxAttemptsZeroNeverRetriesAndRetryCountIsInTheContext() {
            local.flaky("f", 2, "Transient");
            String execution = local.run("""
                    {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s",
                      "Parameters": {"retry.$": "$$.State.RetryCount"},
                      "Retry": [{"ErrorEquals": ["Fatal"], "MaxAttempts": 0}, {"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1}],
                      "End": true}}}""".formatted(fn("f")), "{}");
            local.advance(Duration.ofSeconds(3));

            assertThat(local.calls("f"))
                    .extracting(c -> c.path("retry").asInt())
                    .containsExactly(0, 1, 2);
            assertThat(local.output(execution).path("retry").asInt()).isEqualTo(2);

            local.flaky("g", 5, "Fatal");
            String fatal = local.run("""
                    {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s",
                      "Retry": [{"ErrorEquals": ["Fatal"], "MaxAttempts": 0}, {"ErrorEquals": ["States.ALL"]}], "End": true}}}""".formatted(fn("g")), "{}");
            assertThat(local.info(fatal).error()).isEqualTo("Fatal");
            assertThat(local.calls("g")).hasSize(1);
        }

        @Test
        void aSucceedingRetryCarriesOnWithTheResult() {
            local.flaky("f", 1, "Lambda.ServiceException");
            String execution = local.run("""
                    {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "ResultPath": "$.r",
                      "Retry": [{"ErrorEquals": ["Lambda.ServiceException"]}], "End": true}}}""".formatted(fn("f")), "{\"v\": 1}");
            local.advance(Duration.ofSeconds(1));

            assertThat(local.output(execution).path("r").path("v").asInt()).isEqualTo(1);
            assertThat(local.types(execution))
                    .containsSubsequence(
                            HistoryEventType.LambdaFunctionScheduled,
                            HistoryEventType.LambdaFunctionFailed,
                            HistoryEventType.LambdaFunctionScheduled,
                            HistoryEventType.LambdaFunctionSucceeded,
                            HistoryEventType.TaskStateExited);
        }
    }

    @Nested
    class Catchers {

        /** A task that always fails with {@code error}, and the catch targets A and B the catchers name. */
        private String failing(String error, String catchers) {
            local.function("f", input -> {
                throw new LambdaFunctionException(error, "it broke");
            });
            StringBuilder targets = new StringBuilder();
            for (String target : List.of("A", "B")) {
                if (catchers.contains("\"" + target + "\"")) {
                    targets.append(
                            ", \"%s\": {\"Type\": \"Pass\", \"Result\": \"%s\", \"ResultPath\": \"$.route\", \"End\": true}"
                                    .formatted(target, target));
                }
            }
            return local.run("""
                    {"StartAt": "T", "States": {
                      "T": {"Type": "Task", "Resource": "%s", "Catch": %s, "End": true}%s}}""".formatted(fn("f"), catchers, targets), "{\"keep\": true}");
        }

        @Test
        void theFirstMatchingCatcherWinsAndItsResultPathKeepsTheInput() {
            String execution = failing("java.lang.Exception", """
                    [{"ErrorEquals": ["java.lang.Exception"], "ResultPath": "$.error-info", "Next": "A"},
                     {"ErrorEquals": ["States.ALL"], "Next": "B"}]""");

            var out = local.output(execution);
            assertThat(out.path("route").asText()).isEqualTo("A");
            assertThat(out.path("keep").asBoolean()).isTrue();
            assertThat(out.path("error-info").path("Error").asText()).isEqualTo("java.lang.Exception");
            assertThat(out.path("error-info").path("Cause").asText()).contains("\"errorMessage\":\"it broke\"");
        }

        @Test
        void withoutResultPathTheErrorOutputReplacesTheInput() {
            String execution = failing("Other", """
                    [{"ErrorEquals": ["java.lang.Exception"], "Next": "A"}, {"ErrorEquals": ["States.ALL"], "Next": "B"}]""");

            var out = local.output(execution);
            assertThat(out.path("route").asText()).isEqualTo("B");
            assertThat(out.has("keep")).isFalse();
            assertThat(out.path("Error").asText()).isEqualTo("Other");
        }

        @Test
        void statesTaskFailedMatchesTaskErrorsButNotTimeouts() {
            String execution = failing("Anything", "[{\"ErrorEquals\": [\"States.TaskFailed\"], \"Next\": \"A\"}]");
            assertThat(local.output(execution).path("route").asText()).isEqualTo("A");

            String timedOut = local.run("""
                    {"StartAt": "T", "States": {
                      "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                            "Parameters": {"FunctionName": "%s"}, "TimeoutSeconds": 5,
                            "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "A"}, {"ErrorEquals": ["States.Timeout"], "Next": "B"}], "End": true},
                      "A": {"Type": "Pass", "Result": "A", "ResultPath": "$.route", "End": true},
                      "B": {"Type": "Pass", "Result": "B", "ResultPath": "$.route", "End": true}}}""".formatted(fn("f")), "{}");
            assertThat(local.info(timedOut).status())
                    .as("the function failed at once: TaskFailed")
                    .isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(local.output(timedOut).path("route").asText()).isEqualTo("A");
        }

        @Test
        void anUncaughtErrorFailsTheExecutionWithItsNameAndCause() {
            String execution = failing("Aegis.NotAllowed", "[{\"ErrorEquals\": [\"Other\"], \"Next\": \"A\"}]");

            ExecutionInfo info = local.info(execution);
            assertThat(info.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(info.error()).isEqualTo("Aegis.NotAllowed");
            assertThat(info.cause()).contains("it broke");
            assertThat(local.types(execution))
                    .endsWith(HistoryEventType.LambdaFunctionFailed, HistoryEventType.ExecutionFailed);
        }
    }

    @Nested
    class Backoff {

        private static Retrier retrier(long interval, double rate, Long maxDelay, boolean fullJitter) {
            return new Retrier(List.of("E"), interval, 10, rate, maxDelay, fullJitter);
        }

        private static List<Long> millis(Retrier retrier, int retries) {
            return IntStream.range(0, retries)
                    .mapToObj(n -> RetryAndCatch.backoff(retrier, n).toMillis())
                    .toList();
        }

        @Test
        void intervalSecondsTimesBackoffRateToTheRetriesSoFar() {
            assertThat(millis(retrier(3, 2.0, null, false), 5))
                    .containsExactly(3_000L, 6_000L, 12_000L, 24_000L, 48_000L);
        }

        @Test
        void aFractionalRateIsRoundedToTheMillisecond() {
            // 1.5^4 = 5.0625 s: 5062.5 ms rounds half up.
            assertThat(millis(retrier(1, 1.5, null, false), 5)).containsExactly(1_000L, 1_500L, 2_250L, 3_375L, 5_063L);
        }

        @Test
        void backoffRateOneKeepsTheInterval() {
            assertThat(millis(retrier(7, 1.0, null, false), 4)).containsOnly(7_000L);
        }

        @Test
        void maxDelaySecondsCapsTheBackoff() {
            Retrier retrier = new Retrier(List.of("E"), 2, 10, 3.0, 10L, false);

            assertThat(IntStream.range(0, 5)
                            .mapToObj(n -> RetryAndCatch.backoff(retrier, n).toSeconds())
                            .toList())
                    .containsExactly(2L, 6L, 10L, 10L, 10L);
        }

        @Test
        void fullJitterDrawsEachDelayBelowItsBackoff() {
            Retrier retrier = new Retrier(List.of("E"), 4, 10, 2.0, null, true);

            List<Duration> delays = IntStream.range(0, 500)
                    .mapToObj(n -> RetryAndCatch.backoff(retrier, 1))
                    .toList();
            assertThat(delays).allSatisfy(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofSeconds(8)));
            assertThat(delays.stream().distinct().count())
                    .as("random, not fixed")
                    .isGreaterThan(100);
        }

        @Test
        void fullJitterDrawsBelowTheCappedDelay() {
            Retrier capped = retrier(4, 2.0, 5L, true);

            List<Long> delays = IntStream.range(0, 500)
                    .mapToObj(n -> RetryAndCatch.backoff(capped, 3).toMillis())
                    .toList();
            assertThat(delays).allSatisfy(d -> assertThat(d).isBetween(0L, 5_000L));
            assertThat(delays)
                    .as("drawn from the whole range up to the cap")
                    .anySatisfy(d -> assertThat(d).isGreaterThan(4_000L));
        }
    }

    @Nested
    class Decisions {

        private static Retrier retry(List<String> errors, long interval, int maxAttempts, double rate) {
            return new Retrier(errors, interval, maxAttempts, rate, null, false);
        }

        private static Catcher catcher(String error, String next) {
            return new Catcher(List.of(error), next, null);
        }

        private static Decision retryAfter(long seconds) {
            return new Retry(Duration.ofSeconds(seconds));
        }

        private static String caughtBy(Decision decision) {
            return decision instanceof Catch c ? c.catcher().next() : String.valueOf(decision);
        }

        @Test
        void theBackoffGrowsPerRetrierWhileMaxAttemptsCountsEachErrorName() {
            RetryAndCatch visit = new RetryAndCatch(
                    List.of(retry(List.of("ErrorA", "ErrorB"), 1, 2, 2.0), retry(List.of("ErrorC"), 5, 3, 2.0)),
                    List.of(catcher(StatesError.ALL, "Z")));

            assertThat(visit.onError("ErrorA")).isEqualTo(retryAfter(1));
            assertThat(visit.onError("ErrorB")).isEqualTo(retryAfter(2));
            assertThat(visit.onError("ErrorC")).isEqualTo(retryAfter(5));
            assertThat(visit.onError("ErrorB")).isEqualTo(retryAfter(4));
            assertThat(caughtBy(visit.onError("ErrorB")))
                    .as("ErrorB has used its two retries")
                    .isEqualTo("Z");
            assertThat(visit.onError("ErrorA"))
                    .as("ErrorA has one left, at the retrier's fourth backoff")
                    .isEqualTo(retryAfter(8));
            assertThat(visit.retryCount()).isEqualTo(5);
        }

        @Test
        void theFirstMatchingRetrierDecidesAndWhenSpentLaterRetriersAreNotAsked() {
            RetryAndCatch visit = new RetryAndCatch(
                    List.of(retry(List.of("E1"), 1, 1, 2.0), retry(List.of("E1", "E2"), 7, 5, 2.0)), List.of());

            assertThat(visit.onError("E1")).isEqualTo(retryAfter(1));
            assertThat(visit.onError("E1")).isInstanceOf(Uncaught.class);
            assertThat(visit.onError("E2")).as("E2 reaches the second retrier").isEqualTo(retryAfter(7));
        }

        @Test
        void maxAttemptsZeroGoesStraightToCatch() {
            RetryAndCatch visit = new RetryAndCatch(
                    List.of(retry(List.of("Fatal"), 1, 0, 2.0), retry(List.of(StatesError.ALL), 1, 3, 2.0)),
                    List.of(catcher("Fatal", "Handled")));

            assertThat(caughtBy(visit.onError("Fatal"))).isEqualTo("Handled");
            assertThat(visit.retryCount()).isZero();
        }

        @Test
        void catchersAreTriedInOrderWithStatesTaskFailedMatchingAllButTimeouts() {
            RetryAndCatch visit = new RetryAndCatch(
                    List.of(),
                    List.of(
                            catcher("E1", "first"),
                            catcher(StatesError.TASK_FAILED, "taskFailed"),
                            catcher(StatesError.TIMEOUT, "timeout"),
                            catcher(StatesError.ALL, "all")));

            assertThat(caughtBy(visit.onError("E1"))).isEqualTo("first");
            assertThat(caughtBy(visit.onError("E2"))).isEqualTo("taskFailed");
            assertThat(caughtBy(visit.onError("Lambda.ServiceException"))).isEqualTo("taskFailed");
            assertThat(caughtBy(visit.onError(StatesError.TIMEOUT))).isEqualTo("timeout");
            assertThat(caughtBy(visit.onError(StatesError.HEARTBEAT_TIMEOUT)))
                    .as("States.Timeout covers heartbeats")
                    .isEqualTo("timeout");
        }

        @Test
        void statesAllFirstCatchesEverythingItCan() {
            RetryAndCatch visit =
                    new RetryAndCatch(List.of(), List.of(catcher(StatesError.ALL, "all"), catcher("E1", "never")));

            assertThat(caughtBy(visit.onError("E1"))).isEqualTo("all");
            assertThat(caughtBy(visit.onError(StatesError.HEARTBEAT_TIMEOUT))).isEqualTo("all");
            assertThat(caughtBy(visit.onError(StatesError.RESULT_PATH_MATCH_FAILURE)))
                    .isEqualTo("all");
        }

        @Test
        void statesRuntimeAndDataLimitExceededAreNeitherRetriedNorCaught() {
            RetryAndCatch visit = new RetryAndCatch(
                    List.of(retry(List.of(StatesError.ALL), 1, 3, 2.0)), List.of(catcher(StatesError.ALL, "all")));

            assertThat(visit.onError(StatesError.RUNTIME)).isInstanceOf(Uncaught.class);
            assertThat(visit.onError(StatesError.DATA_LIMIT_EXCEEDED)).isInstanceOf(Uncaught.class);
            assertThat(visit.retryCount()).isZero();
            assertThat(visit.onError("E1"))
                    .as("the retrier's backoff has not moved")
                    .isEqualTo(retryAfter(1));
        }

        @Test
        void theErrorOutputHasCauseOnlyWhenThereIsOne() {
            assertThat(RetryAndCatch.errorOutput("E1", "why"))
                    .isEqualTo(LocalEngine.json("{\"Error\": \"E1\", \"Cause\": \"why\"}"));
            assertThat(RetryAndCatch.errorOutput("E1", null)).isEqualTo(LocalEngine.json("{\"Error\": \"E1\"}"));
        }
    }
}
