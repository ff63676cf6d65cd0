package io.aegisops.statemachine.engine;

import static io.aegisops.statemachine.engine.LocalEngine.fn;
import static io.aegisops.statemachine.engine.LocalEngine.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Unit: InputPath → Parameters → task → ResultSelector → ResultPath → OutputPath, and the context
 * object, as the States Language specification describes them.
 */
class InputOutputProcessingTest {

    private final LocalEngine local = new LocalEngine();

    private String pass(String fields, String input) {
        return local.run(
                "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", " + fields + ", \"End\": true}}}",
                input);
    }

    @Nested
    class Paths {

        private static final String INPUT = """
                {"comment": "Example for InputPath.", "dataset1": {"val1": 1, "val2": 2, "val3": 3},
                 "dataset2": {"val1": "a", "val2": "b", "val3": "c"}}""";

        @Test
        void inputPathSelectsWhatTheStateWorksOn() {
            assertThat(local.output(pass("\"InputPath\": \"$.dataset2\"", INPUT)))
                    .isEqualTo(json("{\"val1\": \"a\", \"val2\": \"b\", \"val3\": \"c\"}"));
        }

        @Test
        void outputPathSelectsWhatGoesOn() {
            assertThat(local.output(pass("\"OutputPath\": \"$.dataset1.val2\"", INPUT)))
                    .isEqualTo(json("2"));
        }

        @Test
        void nullPathsGiveAnEmptyObject() {
            assertThat(local.output(pass("\"InputPath\": null", INPUT))).isEqualTo(json("{}"));
            assertThat(local.output(pass("\"OutputPath\": null", INPUT))).isEqualTo(json("{}"));
        }

        @Test
        void aPathThatSelectsNothingFailsTheExecutionWithStatesRuntime() {
            String execution = pass("\"InputPath\": \"$.nothing\"", INPUT);

            ExecutionInfo info = local.info(execution);
            assertThat(info.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(info.error()).isEqualTo("States.Runtime");
            assertThat(info.cause())
                    .startsWith("An error occurred while executing the state 'P' (entered at the event id #2).")
                    .contains("$.nothing");
        }
    }

    @Nested
    class ResultPath {

        private static final String INPUT =
                "{\"comment\": \"This is a test\", \"details\": \"Default example\", \"who\": \"Step Functions\"}";
        private static final String RESULT = "\"Result\": \"Hello, Step Functions!\"";

        @Test
        void dollarReplacesTheInputWithTheResult() {
            assertThat(local.output(pass(RESULT + ", \"ResultPath\": \"$\"", INPUT)))
                    .isEqualTo(json("\"Hello, Step Functions!\""));
            assertThat(local.output(pass(RESULT, INPUT)))
                    .as("the default")
                    .isEqualTo(json("\"Hello, Step Functions!\""));
        }

        @Test
        void nullDiscardsTheResultAndKeepsTheInput() {
            assertThat(local.output(pass(RESULT + ", \"ResultPath\": null", INPUT)))
                    .isEqualTo(json(INPUT));
        }

        @Test
        void aPathAddsTheResultToTheInput() {
            assertThat(local.output(pass(RESULT + ", \"ResultPath\": \"$.taskresult\"", INPUT)))
                    .isEqualTo(json("""
                    {"comment": "This is a test", "details": "Default example", "who": "Step Functions",
                     "taskresult": "Hello, Step Functions!"}"""));
        }

        @Test
        void resultPathAppliesToTheRawInputNotTheInputPathSelection() {
            String execution = pass("\"InputPath\": \"$.who\", \"ResultPath\": \"$.echo\"", INPUT);

            assertThat(local.output(execution).path("echo").asText()).isEqualTo("Step Functions");
            assertThat(local.output(execution).path("comment").asText()).isEqualTo("This is a test");
        }

        @Test
        void aResultThatCannotBePlacedIsACatchableResultPathMatchFailure() {
            local.function("f", input -> json("1"));
            String execution = local.run("""
                    {"StartAt": "T", "States": {
                      "T": {"Type": "Task", "Resource": "%s", "ResultPath": "$.comment.inner",
                            "Catch": [{"ErrorEquals": ["States.ResultPathMatchFailure"], "ResultPath": "$.caught", "Next": "Done"}], "End": true},
                      "Done": {"Type": "Pass", "End": true}}}""".formatted(fn("f")), INPUT);

            assertThat(local.output(execution).path("caught").path("Error").asText())
                    .isEqualTo("States.ResultPathMatchFailure");
        }
    }

    @Nested
    class PayloadTemplates {

        @Test
        void anIntrinsicFunctionReadsTheContextToo() {
            String execution = pass("""
                    "Parameters": {"label.$": "States.Format('{} in {}', $.a, $$.State.Name)"}""", "{\"a\": 41}");

            assertThat(local.output(execution).path("label").asText()).isEqualTo("41 in P");
        }

        @Test
        void parametersBuildTheEffectiveInputFromPathsIntrinsicsAndTheContext() {
            String execution = pass("""
                    "Parameters": {"static": {"nested": [1, {"v.$": "$.a"}]}, "a.$": "$.a", "all.$": "$",
                      "name.$": "$$.Execution.Name", "state.$": "$$.State.Name", "entered.$": "$$.State.EnteredTime",
                      "machine.$": "$$.StateMachine.Name", "input.$": "$$.Execution.Input.a", "sum.$": "States.MathAdd($.a, 1)"}""", "{\"a\": 41}");

            var out = local.output(execution);
            assertThat(out.path("static")).isEqualTo(json("{\"nested\": [1, {\"v\": 41}]}"));
            assertThat(out.path("a").asInt()).isEqualTo(41);
            assertThat(out.path("all")).isEqualTo(json("{\"a\": 41}"));
            assertThat(out.path("name").asText())
                    .isEqualTo(local.info(execution).name());
            assertThat(out.path("state").asText()).isEqualTo("P");
            assertThat(out.path("entered").asText()).isEqualTo("2026-01-01T00:00:00Z");
            assertThat(out.path("machine").asText()).startsWith("machine-");
            assertThat(out.path("input").asInt()).isEqualTo(41);
            assertThat(out.path("sum").asInt()).isEqualTo(42);
        }

        @Test
        void aParameterPathThatSelectsNothingIsStatesRuntimeAndIsNotCaught() {
            local.function("f", input -> input);
            String execution = local.run("""
                    {"StartAt": "T", "States": {
                      "T": {"Type": "Task", "Resource": "%s", "Parameters": {"m.$": "$.nope"},
                            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "End": true},
                      "Caught": {"Type": "Pass", "End": true}}}""".formatted(fn("f")), "{\"x\": \"a\"}");

            ExecutionInfo info = local.info(execution);
            assertThat(info.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(info.error()).isEqualTo("States.Runtime");
            assertThat(info.cause())
                    .contains(
                            "The JSONPath '$.nope' specified for the field 'm.$' could not be found in the input '{\"x\":\"a\"}'");
            assertThat(local.calls("f")).isEmpty();
        }

        @Test
        void resultSelectorReshapesTheTaskResultBeforeResultPath() {
            local.function("f", input -> json("{\"Payload\": {\"diagnosis\": \"oom\"}, \"StatusCode\": 200}"));
            String execution = local.run("""
                    {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s",
                      "ResultSelector": {"diagnosis.$": "$.Payload.diagnosis", "code.$": "$.StatusCode"},
                      "ResultPath": "$.analysis", "End": true}}}""".formatted(fn("f")), "{\"id\": 1}");

            assertThat(local.output(execution))
                    .isEqualTo(json("{\"id\": 1, \"analysis\": {\"diagnosis\": \"oom\", \"code\": 200}}"));
        }
    }
}
