package io.aegisops.statemachine.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Unit: the States.* intrinsic functions, with the examples of the Step Functions documentation. */
class IntrinsicFunctionTest {

    private static final JsonNode CONTEXT = JsonValues.parse("{\"Execution\": {\"Name\": \"inc-1\"}}");

    private static JsonNode eval(String call, String input) {
        return IntrinsicFunction.parse(call)
                .evaluate(JsonValues.parse(input), CONTEXT)
                .orElseThrow();
    }

    private static JsonNode json(String text) {
        return JsonValues.parse(text);
    }

    @Nested
    class Strings {

        @Test
        void formatFillsPlaceholdersInOrder() {
            assertThat(eval("States.Format('Hello, my name is {}.', $.name)", "{\"name\": \"Arnav\"}")
                            .asText())
                    .isEqualTo("Hello, my name is Arnav.");
            assertThat(eval(
                                    "States.Format($.template, $.name)",
                                    "{\"name\": \"Arnav\", \"template\": \"Hello, my name is {}.\"}")
                            .asText())
                    .isEqualTo("Hello, my name is Arnav.");
            assertThat(eval("States.Format('{} #{} of {}', $$.Execution.Name, 3, true)", "{}")
                            .asText())
                    .isEqualTo("inc-1 #3 of true");
        }

        @Test
        void escapedCharactersAreLiteral() {
            assertThat(eval("States.Format('it\\'s \\{literal\\} {}', 'x')", "{}")
                            .asText())
                    .isEqualTo("it's {literal} x");
            assertThat(eval("States.StringToJson('\\{\"a\": 1\\}')", "{}")).isEqualTo(json("{\"a\": 1}"));
            assertThat(eval("States.Format('back\\\\slash')", "{}").asText()).isEqualTo("back\\slash");
        }

        @Test
        void formatNeedsOneValuePerPlaceholder() {
            assertThatThrownBy(() -> eval("States.Format('{} and {}', 'a')", "{}"))
                    .isInstanceOfSatisfying(
                            StatesError.class, e -> assertThat(e.error()).isEqualTo(StatesError.RUNTIME));
        }

        @Test
        void splitUsesEveryDelimiterCharacter() {
            assertThat(eval("States.StringSplit($.s, ',')", "{\"s\": \"1,2,3,4,5\"}"))
                    .isEqualTo(json("[\"1\",\"2\",\"3\",\"4\",\"5\"]"));
            assertThat(eval("States.StringSplit('This.is+a,test=string', '.+,=')", "{}"))
                    .isEqualTo(json("[\"This\",\"is\",\"a\",\"test\",\"string\"]"));
        }
    }

    @Nested
    class Json {

        @Test
        void stringToJsonAndBack() {
            assertThat(eval(
                            "States.StringToJson($.escapedJsonString)",
                            "{\"escapedJsonString\": \"{\\\"foo\\\": \\\"bar\\\"}\"}"))
                    .isEqualTo(json("{\"foo\": \"bar\"}"));
            assertThat(eval("States.JsonToString($.unescapedJson)", "{\"unescapedJson\": {\"foo\": \"bar\"}}")
                            .asText())
                    .isEqualTo("{\"foo\":\"bar\"}");
            assertThat(eval("States.StringToJson('300')", "{}").asInt()).isEqualTo(300);
        }

        @Test
        void jsonMergeIsShallowAndTheSecondWins() {
            String input =
                    "{\"json1\": {\"a\": {\"a1\": 1, \"a2\": 2}, \"b\": 2}, \"json2\": {\"a\": {\"a3\": 1, \"a4\": 2}, \"c\": 3}}";
            assertThat(eval("States.JsonMerge($.json1, $.json2, false)", input))
                    .isEqualTo(json("{\"a\": {\"a3\": 1, \"a4\": 2}, \"b\": 2, \"c\": 3}"));
            assertThatThrownBy(() -> eval("States.JsonMerge($.json1, $.json2, true)", input))
                    .isInstanceOf(StatesError.class);
        }
    }

    @Nested
    class Arrays {

        @Test
        void arrayBuildsFromItsArguments() {
            assertThat(eval("States.Array($.Id, 'x', 1)", "{\"Id\": 123456}")).isEqualTo(json("[123456, \"x\", 1]"));
            assertThat(eval("States.Array()", "{}")).isEqualTo(json("[]"));
        }

        @Test
        void partitionContainsRangeGetItemLengthUnique() {
            assertThat(eval("States.ArrayPartition($.a, 4)", "{\"a\": [1,2,3,4,5,6,7,8,9]}"))
                    .isEqualTo(json("[[1,2,3,4],[5,6,7,8],[9]]"));
            assertThat(eval("States.ArrayContains($.a, $.v)", "{\"a\": [1,2,3,4,5,6,7,8,9], \"v\": 5}")
                            .asBoolean())
                    .isTrue();
            assertThat(eval("States.ArrayContains($.a, 5.0)", "{\"a\": [5]}").asBoolean())
                    .as("numbers compare by value")
                    .isTrue();
            assertThat(eval("States.ArrayRange(1, 9, 2)", "{}")).isEqualTo(json("[1,3,5,7,9]"));
            assertThat(eval("States.ArrayRange(5, 1, -2)", "{}")).isEqualTo(json("[5,3,1]"));
            assertThat(eval("States.ArrayGetItem($.a, $.i)", "{\"a\": [1,2,3,4,5,6,7,8,9], \"i\": 5}")
                            .asInt())
                    .isEqualTo(6);
            assertThat(eval("States.ArrayLength($.a)", "{\"a\": [1,2,3,4,5,6,7,8,9]}")
                            .asInt())
                    .isEqualTo(9);
            assertThat(eval("States.ArrayUnique($.a)", "{\"a\": [1,2,3,3,3,3,3,3,4]}"))
                    .isEqualTo(json("[1,2,3,4]"));
        }

        @Test
        void outOfBoundsAndHugeRangesAreRuntimeErrors() {
            assertThatThrownBy(() -> eval("States.ArrayGetItem($.a, 3)", "{\"a\": [1]}"))
                    .isInstanceOf(StatesError.class)
                    .hasMessageContaining("out of bounds");
            assertThatThrownBy(() -> eval("States.ArrayRange(1, 5000, 1)", "{}"))
                    .isInstanceOf(StatesError.class);
            assertThatThrownBy(() -> eval("States.ArrayLength($.a)", "{\"a\": \"not an array\"}"))
                    .isInstanceOf(StatesError.class)
                    .hasMessageContaining("must be an array");
        }
    }

    @Nested
    class EncodingMathAndIds {

        @Test
        void base64RoundTrips() {
            assertThat(eval("States.Base64Encode($.input)", "{\"input\": \"Data to encode\"}")
                            .asText())
                    .isEqualTo("RGF0YSB0byBlbmNvZGU=");
            assertThat(eval("States.Base64Decode($.base64)", "{\"base64\": \"RGF0YSB0byBlbmNvZGU=\"}")
                            .asText())
                    .isEqualTo("Data to encode");
        }

        @Test
        void hashIsLowercaseHex() {
            assertThat(eval("States.Hash($.Data, $.Algorithm)", "{\"Data\": \"input data\", \"Algorithm\": \"SHA-1\"}")
                            .asText())
                    .isEqualTo("aaff4a450a104cd177d28d18d74485e8cae074b7");
            assertThatThrownBy(() -> eval("States.Hash('x', 'CRC32')", "{}")).isInstanceOf(StatesError.class);
        }

        @Test
        void mathAddAndRandom() {
            assertThat(eval("States.MathAdd($.value1, $.step)", "{\"value1\": 111, \"step\": -1}")
                            .asInt())
                    .isEqualTo(110);
            for (int i = 0; i < 50; i++) {
                assertThat(eval("States.MathRandom($.start, $.end)", "{\"start\": 1, \"end\": 999}")
                                .asInt())
                        .isBetween(1, 998);
            }
            assertThat(eval("States.MathRandom(1, 1000, 7)", "{}"))
                    .isEqualTo(eval("States.MathRandom(1, 1000, 7)", "{}"));
            assertThatThrownBy(() -> eval("States.MathAdd(1.5, 1)", "{}")).isInstanceOf(StatesError.class);
        }

        @Test
        void uuidIsAVersion4Uuid() {
            assertThat(eval("States.UUID()", "{}").asText())
                    .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        }

        @Test
        void callsNest() {
            assertThat(eval(
                                    "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit($.arn, '/'), 1), States.MathAdd(1, 2))",
                                    "{\"arn\": \"role/ops-admin\"}")
                            .asText())
                    .isEqualTo("ops-admin.3");
        }
    }

    @Nested
    class Parsing {

        @Test
        void unknownFunctionsAndWrongArgumentCountsAreRejectedAtParse() {
            assertThatThrownBy(() -> IntrinsicFunction.parse("States.Teleport($.x)"))
                    .hasMessageContaining("unknown function");
            assertThatThrownBy(() -> IntrinsicFunction.parse("States.ArrayLength($.a, $.b)"))
                    .hasMessageContaining("takes 1");
            assertThatThrownBy(() -> IntrinsicFunction.parse("States.Format('{')"))
                    .hasMessageContaining("reserved");
            assertThatThrownBy(() -> IntrinsicFunction.parse("States.Format('x'"))
                    .hasMessageContaining("unclosed");
            assertThatThrownBy(() -> IntrinsicFunction.parse("States.Format('\\n')"))
                    .hasMessageContaining("must escape");
        }

        @Test
        void aPathThatSelectsNothingIsARuntimeError() {
            assertThatThrownBy(() -> eval("States.Format('{}', $.missing)", "{}"))
                    .isInstanceOfSatisfying(
                            StatesError.class, e -> assertThat(e.error()).isEqualTo(StatesError.RUNTIME))
                    .hasMessageContaining("$.missing");
        }
    }
}
