package io.aegisops.statemachine.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Unit: Choice rules — every comparison operator, the …Path forms, type tests, And/Or/Not. */
class ChoiceRulesTest {

    private static final JsonNode INPUT = JsonValues.parse("""
            {"type": "Private", "value": 20, "rating": 53.5, "flag": true, "none": null,
             "when": "2026-11-21T03:12:45Z", "later": "2026-11-21T04:00:00+01:00", "max": 30,
             "name": "log-2026.txt", "other": "Private"}""");
    private static final JsonNode CONTEXT = JsonValues.parse("{\"State\": {\"Name\": \"Route\"}}");

    private static Condition rule(String json) {
        List<String> problems = new ArrayList<>();
        Condition condition = ConditionParser.parse(JsonValues.parse(json), "/States/Route/Choices/0", false, problems);
        assertThat(problems).isEmpty();
        return condition;
    }

    private static boolean test(String json) {
        return rule(json).test(INPUT, CONTEXT);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "$.type | StringEquals | \"Private\" | true",
                "$.type | StringEquals | \"Public\" | false",
                "$.type | StringLessThan | \"Q\" | true",
                "$.type | StringGreaterThan | \"Q\" | false",
                "$.type | StringLessThanEquals | \"Private\" | true",
                "$.type | StringGreaterThanEquals | \"Privatf\" | false",
                "$.name | StringMatches | \"log-*.txt\" | true",
                "$.name | StringMatches | \"log-\\\\*.txt\" | false",
                "$.value | NumericEquals | 20 | true",
                "$.value | NumericEquals | 20.0 | true",
                "$.rating | NumericLessThan | 60 | true",
                "$.rating | NumericGreaterThan | 53.5 | false",
                "$.rating | NumericLessThanEquals | 53.5 | true",
                "$.value | NumericGreaterThanEquals | 21 | false",
                "$.flag | BooleanEquals | true | true",
                "$.when | TimestampEquals | \"2026-11-21T03:12:45Z\" | true",
                "$.when | TimestampLessThan | \"2026-11-21T03:12:46Z\" | true",
                "$.later | TimestampGreaterThan | \"2026-11-21T02:59:59Z\" | true",
                "$.later | TimestampLessThanEquals | \"2026-11-21T03:00:00Z\" | true",
                "$.when | TimestampGreaterThanEquals | \"2027-01-01T00:00:00Z\" | false",
                "$.type | StringEqualsPath | \"$.other\" | true",
                "$.value | NumericLessThanPath | \"$.max\" | true",
                "$.value | NumericGreaterThanPath | \"$.max\" | false",
                "$.flag | BooleanEqualsPath | \"$.flag\" | true",
                "$.when | TimestampLessThanPath | \"$.later\" | false",
            })
    void comparisons(String variable, String operator, String operand, boolean expected) {
        assertThat(test("{\"Variable\": \"" + variable + "\", \"" + operator + "\": " + operand + "}"))
                .isEqualTo(expected);
    }

    @Test
    void theContextObjectCanBeCompared() {
        assertThat(test("{\"Variable\": \"$$.State.Name\", \"StringEquals\": \"Route\"}"))
                .isTrue();
        assertThat(test("{\"Variable\": \"$.State\", \"IsPresent\": true}"))
                .as("$ is the input, not the context")
                .isFalse();
    }

    @Test
    void aValueOfAnotherTypeDoesNotMatch() {
        assertThat(test("{\"Variable\": \"$.type\", \"NumericEquals\": 1}")).isFalse();
        assertThat(test("{\"Variable\": \"$.value\", \"StringEquals\": \"20\"}"))
                .isFalse();
        assertThat(test("{\"Variable\": \"$.type\", \"TimestampEquals\": \"2026-11-21T03:12:45Z\"}"))
                .isFalse();
    }

    @Nested
    class TypeTests {

        @ParameterizedTest(name = "{0} {1} -> {2}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "$.none | IsNull | true",
                    "$.value | IsNull | false",
                    "$.missing | IsPresent | false",
                    "$.none | IsPresent | true",
                    "$.rating | IsNumeric | true",
                    "$.type | IsString | true",
                    "$.flag | IsBoolean | true",
                    "$.when | IsTimestamp | true",
                    "$.type | IsTimestamp | false",
                })
        void typeTestsHold(String variable, String test, boolean holds) {
            assertThat(ChoiceRulesTest.test("{\"Variable\": \"" + variable + "\", \"" + test + "\": true}"))
                    .isEqualTo(holds);
            assertThat(ChoiceRulesTest.test("{\"Variable\": \"" + variable + "\", \"" + test + "\": false}"))
                    .isEqualTo(!holds);
        }

        @Test
        void aMissingVariableIsARuntimeErrorExceptForIsPresent() {
            assertThatThrownBy(() -> test("{\"Variable\": \"$.missing\", \"StringEquals\": \"x\"}"))
                    .isInstanceOfSatisfying(
                            StatesError.class, e -> assertThat(e.error()).isEqualTo(StatesError.RUNTIME))
                    .hasMessageContaining("Invalid path '$.missing'");
            assertThatThrownBy(() -> test("{\"Variable\": \"$.value\", \"NumericEqualsPath\": \"$.missing\"}"))
                    .isInstanceOf(StatesError.class);
        }
    }

    @Nested
    class BooleanLogic {

        @Test
        void andOrNotCombineNestedRules() {
            assertThat(test("""
                    {"And": [{"Variable": "$.value", "NumericGreaterThanEquals": 20},
                             {"Variable": "$.value", "NumericLessThan": 30}]}""")).isTrue();
            assertThat(test("""
                    {"Or": [{"Variable": "$.type", "StringEquals": "Public"},
                            {"Not": {"Variable": "$.flag", "BooleanEquals": false}}]}""")).isTrue();
            assertThat(test("{\"Not\": {\"Variable\": \"$.type\", \"StringEquals\": \"Private\"}}"))
                    .isFalse();
        }

        @Test
        void andStopsAtTheFirstFalseRule() {
            assertThat(test("""
                    {"And": [{"Variable": "$.missing", "IsPresent": true},
                             {"Variable": "$.missing", "StringEquals": "x"}]}""")).isFalse();
        }
    }

    @Nested
    class Checks {

        private List<String> problems(String json, boolean topLevel) {
            List<String> problems = new ArrayList<>();
            ConditionParser.parse(JsonValues.parse(json), "/States/Route/Choices/0", topLevel, problems);
            return problems;
        }

        @Test
        void malformedRulesAreReportedWithTheirLocation() {
            assertThat(problems("{\"Variable\": \"$.a\", \"StringEquals\": 1, \"Next\": \"X\"}", true))
                    .singleElement()
                    .asString()
                    .contains("'StringEquals' must be a STRING")
                    .contains("/States/Route/Choices/0/StringEquals");
            assertThat(problems("{\"Variable\": \"$.a\", \"Next\": \"X\"}", true))
                    .singleElement()
                    .asString()
                    .contains("exactly one");
            assertThat(problems("{\"Variable\": \"$.a\", \"StringEquals\": \"x\"}", true))
                    .singleElement()
                    .asString()
                    .contains("'Next'");
            assertThat(problems("{\"Variable\": \"$.a\", \"StringEquals\": \"x\", \"Next\": \"X\"}", false))
                    .singleElement()
                    .asString()
                    .contains("'Next' is not supported in a nested");
            assertThat(problems("{\"Variable\": \"$.a[*]\", \"IsPresent\": true}", false))
                    .singleElement()
                    .asString()
                    .contains("reference path");
            assertThat(problems("{\"Variable\": \"$.a\", \"TimestampEquals\": \"yesterday\"}", false))
                    .singleElement()
                    .asString()
                    .contains("RFC 3339");
            assertThat(problems("{\"Variable\": \"$.a\", \"StringEqualz\": \"x\"}", false))
                    .hasSize(2);
        }
    }
}
