package io.aegisops.statemachine.engine;

import static io.aegisops.statemachine.engine.LocalEngine.fn;
import static io.aegisops.statemachine.engine.LocalEngine.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.statemachine.asl.JsonValues;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Unit: Parallel branches and inline Map iterations — results in order, failures stop the rest, Retry and Catch. */
class ParallelAndMapTest {

    private final LocalEngine local = new LocalEngine();

    @Nested
    class Parallel {

        private static final String TWO_BRANCHES = """
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "ResultPath": "$.both", %s "End": true, "Branches": [
                  {"StartAt": "Slow", "States": {"Slow": {"Type": "Wait", "Seconds": 10, "Next": "Double"},
                    "Double": {"Type": "Pass", "Parameters": {"v.$": "States.MathAdd($.n, $.n)"}, "End": true}}},
                  {"StartAt": "Fast", "States": {"Fast": {"Type": "Pass", "Parameters": {"v.$": "$.n"}, "End": true}}}]}%s}}""";

        @Test
        void eachBranchGetsTheInputAndTheOutputIsAnArrayInBranchOrder() {
            String execution = local.run(TWO_BRANCHES.formatted("", ""), "{\"n\": 21}");
            assertThat(local.info(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
            local.advance(Duration.ofSeconds(10));

            assertThat(local.output(execution)).isEqualTo(json("{\"n\": 21, \"both\": [{\"v\": 42}, {\"v\": 21}]}"));
            assertThat(local.types(execution))
                    .containsSubsequence(
                            HistoryEventType.ParallelStateEntered,
                            HistoryEventType.ParallelStateStarted,
                            HistoryEventType.WaitStateEntered,
                            HistoryEventType.PassStateEntered,
                            HistoryEventType.WaitStateExited,
                            HistoryEventType.ParallelStateSucceeded,
                            HistoryEventType.ParallelStateExited,
                            HistoryEventType.ExecutionSucceeded);
        }

        @Test
        void aFailingBranchStopsTheOthersAndItsErrorCanBeCaught() {
            local.function("boom", input -> {
                throw new LambdaFunctionException("Branch.Broke", "bad");
            });
            String execution = local.run("""
                    {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true,
                      "Catch": [{"ErrorEquals": ["Branch.Broke"], "ResultPath": "$.error", "Next": "Recovered"}], "Branches": [
                      {"StartAt": "Slow", "States": {"Slow": {"Type": "Wait", "Seconds": 10, "Next": "Late"},
                        "Late": {"Type": "Pass", "End": true}}},
                      {"StartAt": "Boom", "States": {"Boom": {"Type": "Task", "Resource": "%s", "End": true}}}]},
                      "Recovered": {"Type": "Pass", "End": true}}}""".formatted(fn("boom")), "{}");

            assertThat(local.output(execution).path("error").path("Error").asText())
                    .isEqualTo("Branch.Broke");
            assertThat(local.types(execution))
                    .contains(HistoryEventType.ParallelStateFailed)
                    .doesNotContain(HistoryEventType.WaitStateExited);
            assertThat(local.timers.pending())
                    .as("the stopped branch's Wait is cancelled")
                    .isEmpty();
        }

        @Test
        void aFailStateInABranchFailsTheExecutionWithItsError() {
            String execution = local.run("""
                    {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
                      {"StartAt": "No", "States": {"No": {"Type": "Fail", "Error": "Aegis.Escalated", "Cause": "unknown target"}}}]}}}""", "{}");

            ExecutionInfo info = local.info(execution);
            assertThat(info.error()).isEqualTo("Aegis.Escalated");
            assertThat(info.cause()).isEqualTo("unknown target");
        }

        @Test
        void retryRunsAllBranchesAgain() {
            local.flaky("flaky", 1, "Transient");
            String execution = local.run("""
                    {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "OutputPath": "$[0]",
                      "Retry": [{"ErrorEquals": ["Transient"], "IntervalSeconds": 2}], "Branches": [
                      {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "End": true}}}]}}}""".formatted(fn("flaky")), "{\"x\": 1}");
            local.advance(Duration.ofSeconds(2));

            assertThat(local.output(execution)).isEqualTo(json("{\"x\": 1}"));
            assertThat(local.calls("flaky")).hasSize(2);
        }

        @Test
        void resultSelectorShapesTheArray() {
            String execution = local.run(
                    TWO_BRANCHES.formatted(
                            "\"ResultSelector\": {\"first.$\": \"$[0].v\", \"count.$\": \"States.ArrayLength($)\"},",
                            ""),
                    "{\"n\": 1}");
            local.advance(Duration.ofSeconds(10));

            assertThat(local.output(execution).path("both")).isEqualTo(json("{\"first\": 2, \"count\": 2}"));
        }
    }

    @Nested
    class MapState {

        @Test
        void itemSelectorSeesTheItemAndItsIndexAndResultsKeepTheOrder() {
            String execution = local.run("""
                    {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.services", "ResultPath": "$.probes",
                      "ItemSelector": {"service.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index", "host.$": "$.host"},
                      "ItemProcessor": {"StartAt": "Probe", "States": {"Probe": {"Type": "Pass",
                        "Parameters": {"probe.$": "States.Format('{}#{}@{}', $.service, $.index, $.host)"}, "OutputPath": "$.probe", "End": true}}},
                      "End": true}}}""", "{\"host\": \"edge-1\", \"services\": [\"api\", \"db\", \"cache\"]}");

            assertThat(local.output(execution).path("probes"))
                    .isEqualTo(json("[\"api#0@edge-1\", \"db#1@edge-1\", \"cache#2@edge-1\"]"));
            assertThat(local.history(execution))
                    .filteredOn(e -> e.type() == HistoryEventType.MapIterationSucceeded)
                    .extracting(e -> e.details().path("index").asInt())
                    .containsExactlyInAnyOrder(0, 1, 2);
            assertThat(local.history(execution))
                    .filteredOn(e -> e.type() == HistoryEventType.MapStateStarted)
                    .singleElement()
                    .satisfies(
                            e -> assertThat(e.details().path("length").asInt()).isEqualTo(3));
        }

        @Test
        void maxConcurrencyLimitsTheIterationsInFlight() {
            local.function("agent", input -> input);
            String execution = local.run("""
                    {"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 1,
                      "Iterator": {"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
                        "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                        "Parameters": {"FunctionName": "%s", "Payload": {"item.$": "$", "token.$": "$$.Task.Token"}}, "End": true}}},
                      "End": true}}}""".formatted(fn("agent")), "[\"a\", \"b\", \"c\"]");

            for (String item : new String[] {"a", "b", "c"}) {
                assertThat(local.calls("agent").getLast().path("item").asText()).isEqualTo(item);
                int asked = local.calls("agent").size();
                local.engine.sendTaskSuccess(
                        local.calls("agent").getLast().path("token").asText(),
                        JsonValues.write(json("\"" + item + "!\"")));
                assertThat(local.calls("agent").size()).isEqualTo(Math.min(3, asked + 1));
            }
            assertThat(local.output(execution)).isEqualTo(json("[\"a!\", \"b!\", \"c!\"]"));
        }

        @Test
        void aFailingIterationAbortsTheOthersAndTheMapCatches() {
            local.function("check", input -> {
                if (input.asText().equals("bad")) {
                    throw new LambdaFunctionException("Item.Invalid", "bad item");
                }
                return input;
            });
            String execution = local.run("""
                    {"StartAt": "M", "States": {"M": {"Type": "Map",
                      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handled"}],
                      "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Hold", "States": {
                        "Hold": {"Type": "Wait", "Seconds": 5, "Next": "Check"},
                        "Check": {"Type": "Task", "Resource": "%s", "End": true}}},
                      "End": true}, "Handled": {"Type": "Pass", "End": true}}}""".formatted(fn("check")), "[\"ok\", \"bad\", \"ok\"]");
            local.advance(Duration.ofSeconds(5));

            assertThat(local.output(execution).path("Error").asText()).isEqualTo("Item.Invalid");
            assertThat(local.types(execution))
                    .contains(HistoryEventType.MapIterationFailed, HistoryEventType.MapStateFailed);
        }

        @Test
        void anEmptyArrayGivesAnEmptyResult() {
            String execution = local.run("""
                    {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
                      "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}""", "[]");

            assertThat(local.output(execution)).isEqualTo(json("[]"));
        }

        @Test
        void itemsThatAreNotAnArrayAreStatesRuntime() {
            String execution = local.run("""
                    {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "End": true,
                      "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}""", "{\"items\": \"abc\"}");

            assertThat(local.info(execution).error()).isEqualTo("States.Runtime");
            assertThat(local.info(execution).cause()).contains("must select an array");
        }
    }
}
