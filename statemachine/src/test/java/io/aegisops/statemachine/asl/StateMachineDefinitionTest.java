package io.aegisops.statemachine.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.aegisops.statemachine.asl.State.MapState;
import io.aegisops.statemachine.asl.State.TaskState;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Unit: definitions are checked at creation; each problem names the state and the field. */
class StateMachineDefinitionTest {

    private static List<String> problems(String definition) {
        InvalidDefinitionException e =
                catchThrowableOfType(InvalidDefinitionException.class, () -> StateMachineDefinition.parse(definition));
        assertThat(e).as("the definition is refused").isNotNull();
        assertThat(e.getMessage()).startsWith("Invalid State Machine Definition: '");
        return e.problems();
    }

    /** One Task state with extra fields spliced in. */
    private static String task(String fields) {
        return """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", %s "End": true}}}""".formatted(fields.isEmpty() ? "" : fields + ",");
    }

    @Test
    void aValidDefinitionParsesIntoStates() {
        StateMachineDefinition definition = StateMachineDefinition.parse("""
                {"Comment": "demo", "TimeoutSeconds": 300, "StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSecondsPath": "$.t",
                        "Retry": [{"ErrorEquals": ["States.ALL"], "MaxDelaySeconds": 5, "JitterStrategy": "FULL"}], "Next": "M"},
                  "M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2,
                        "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
                        "End": true}}}""");

        assertThat(definition.timeoutSeconds()).isEqualTo(300);
        TaskState task = (TaskState) definition.graph().state("T");
        assertThat(task.timeout().path().text()).isEqualTo("$.t");
        assertThat(task.retry().getFirst().maxAttempts()).as("default").isEqualTo(3);
        assertThat(task.retry().getFirst().intervalSeconds()).as("default").isEqualTo(1);
        assertThat(task.retry().getFirst().backoffRate()).as("default").isEqualTo(2.0);
        assertThat(task.retry().getFirst().fullJitter()).isTrue();
        assertThat(((MapState) definition.graph().state("M")).maxConcurrency()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "\"Resource\": 3 | 'Resource' is required and must be an ARN STRING at /States/T/Resource",
                "\"TimeoutSeconds\": 0 | 'TimeoutSeconds' must be an INTEGER from 1 to 99999999 at /States/T/TimeoutSeconds",
                "\"TimeoutSeconds\": 5, \"HeartbeatSeconds\": 5 | 'HeartbeatSeconds' must be smaller than 'TimeoutSeconds' at /States/T/HeartbeatSeconds",
                "\"TimeoutSeconds\": 5, \"TimeoutSecondsPath\": \"$.t\" | cannot both be given at /States/T",
                "\"InputPath\": \"$.a[\" | INVALID_JSON_PATH: The value for the field 'InputPath' must be a valid JSONPath",
                "\"ResultPath\": \"$.a[*]\" | 'ResultPath' must be a reference path (names and indexes only) at /States/T/ResultPath",
                "\"Parameters\": {\"x.$\": \"nope\"} | The value for the field 'x.$' must be a valid JSONPath or intrinsic function",
                "\"Parameters\": {\"x.$\": \"States.Nope()\"} | unknown function 'States.Nope'",
                "\"Retry\": [{\"ErrorEquals\": [\"States.ALL\", \"X\"]}] | 'States.ALL' must appear alone, in the last retrier or catcher at /States/T/Retry/0/ErrorEquals",
                "\"Retry\": [{\"ErrorEquals\": [\"X\"], \"BackoffRate\": 0.5}] | 'BackoffRate' must be a NUMBER of at least 1.0 at /States/T/Retry/0/BackoffRate",
                "\"Retry\": [{\"ErrorEquals\": [\"X\"], \"JitterStrategy\": \"HALF\"}] | 'JitterStrategy' must be FULL or NONE",
                "\"Catch\": [{\"ErrorEquals\": [\"X\"], \"Next\": \"Elsewhere\"}] | MISSING_TRANSITION_TARGET: Missing 'Catch/0/Next' target: Elsewhere at /States/T/Catch/0/Next",
                "\"Catch\": [{\"ErrorEquals\": []}] | 'ErrorEquals' is required and must be a non-empty ARRAY at /States/T/Catch/0",
                "\"Seconds\": 5 | The field 'Seconds' is not supported by states of type 'Task' at /States/T/Seconds",
                "\"Assign\": {\"x\": 1} | UNSUPPORTED_FEATURE: The field 'Assign' is not supported by the local engine at /States/T/Assign",
                "\"QueryLanguage\": \"JSONata\" | UNSUPPORTED_FEATURE: Only the JSONPath query language runs on the local engine",
            })
    void taskProblemsNameStateAndField(String fields, String expected) {
        assertThat(problems(task(fields)))
                .anySatisfy(problem -> assertThat(problem).contains(expected));
    }

    @Test
    void structuralProblemsAreAllReported() {
        List<String> problems = problems("""
                {"StartAt": "Missing", "States": {
                  "A": {"Type": "Pass", "Next": "B", "End": true},
                  "B": {"Type": "Wait", "End": true},
                  "C": {"Type": "Choice", "Choices": [], "Default": "Z"},
                  "D": {"Type": "Teleport"}}}""");

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("Missing 'StartAt' target: 'Missing' at /StartAt"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("either 'Next' or \"End\": true at /States/A"));
        assertThat(problems)
                .anySatisfy(
                        p -> assertThat(p).contains("exactly one of Seconds, Timestamp, SecondsPath, TimestampPath"));
        assertThat(problems)
                .anySatisfy(p -> assertThat(p)
                        .contains("'Choices' is required and must be a non-empty ARRAY at /States/C/Choices"));
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("Missing 'Default' target: Z at /States/C/Default"));
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("'Type' must be one of").contains("/States/D/Type"));
    }

    @Test
    void unreachableStatesAndDuplicateNamesAcrossBranchesAreRefused() {
        List<String> problems = problems("""
                {"StartAt": "P", "States": {
                  "P": {"Type": "Parallel", "End": true, "Branches": [
                    {"StartAt": "X", "States": {"X": {"Type": "Pass", "End": true}}},
                    {"StartAt": "X", "States": {"X": {"Type": "Pass", "Next": "Out"}}}]},
                  "Out": {"Type": "Succeed"}}}""");

        assertThat(problems)
                .anySatisfy(p -> assertThat(p)
                        .contains("DUPLICATE_STATE_NAME: Duplicate State name: 'X' at /States/P/Branches/1/States/X"));
        assertThat(problems)
                .anySatisfy(
                        p -> assertThat(p)
                                .contains(
                                        "MISSING_TRANSITION_TARGET: Missing 'Next' target: Out at /States/P/Branches/1/States/X/Next"));
        assertThat(problems)
                .anySatisfy(
                        p -> assertThat(p).contains("UNREACHABLE_STATE: State 'Out' is not reachable at /States/Out"));
    }

    @Test
    void distributedMapIsRefusedByName() {
        assertThat(problems("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemReader": {},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}"""))
                .anySatisfy(p -> assertThat(p).contains("UNSUPPORTED_FEATURE: The field 'ItemReader'"))
                .anySatisfy(p -> assertThat(p).contains("Only the INLINE Map mode"));
    }

    @Test
    void textThatIsNotJsonIsRefused() {
        assertThat(problems("{\"StartAt\": ")).singleElement().asString().startsWith("INVALID_JSON_DESCRIPTION");
    }
}
