package io.aegisops.statemachine.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Unit: JSONPath as the States Language uses it (paths, reference paths, ResultPath placement). */
class JsonPathTest {

    private static final JsonNode STORE = JsonValues.parse("""
            {"store": {"book": [
               {"title": "A", "price": 8.95, "tags": ["x"]},
               {"title": "B", "price": 12.99, "isbn": "0-553"},
               {"title": "C", "price": 22.99, "isbn": "0-395"}],
             "name with space": "corner", "error-info": {"code": 7}},
             "limit": 10}""");

    private static JsonNode select(String path) {
        return JsonPath.parse(path).select(STORE).orElse(null);
    }

    @Nested
    class Selecting {

        @Test
        void dollarIsTheWholeInput() {
            assertThat(select("$")).isEqualTo(STORE);
        }

        @Test
        void dotsBracketsAndIndexesSelectOneNode() {
            assertThat(select("$.store.book[1].title").asText()).isEqualTo("B");
            assertThat(select("$['store']['name with space']").asText()).isEqualTo("corner");
            assertThat(select("$.store.error-info.code").asInt()).isEqualTo(7);
            assertThat(select("$.store.book[-1].title").asText()).isEqualTo("C");
        }

        @Test
        void aMissingFieldSelectsNothingButANullFieldSelectsNull() {
            assertThat(JsonPath.parse("$.nope").select(STORE)).isEmpty();
            assertThat(JsonPath.parse("$.store.book[7]").select(STORE)).isEmpty();
            assertThat(JsonPath.parse("$.a").select(JsonValues.parse("{\"a\": null}")))
                    .hasValueSatisfying(v -> assertThat(v.isNull()).isTrue());
        }

        @Test
        void indefinitePathsSelectAnArray() {
            assertThat(select("$.store.book[*].title")).isEqualTo(JsonValues.parse("[\"A\", \"B\", \"C\"]"));
            assertThat(select("$..isbn")).isEqualTo(JsonValues.parse("[\"0-553\", \"0-395\"]"));
            assertThat(select("$.store.book[0:2].title")).isEqualTo(JsonValues.parse("[\"A\", \"B\"]"));
            assertThat(select("$.store.book[0,2].title")).isEqualTo(JsonValues.parse("[\"A\", \"C\"]"));
            assertThat(select("$.nothing[*]")).isEqualTo(JsonValues.parse("[]"));
        }

        @Test
        void filtersCompareWithTheElementAndTheDocument() {
            assertThat(select("$.store.book[?(@.price < 10)].title")).isEqualTo(JsonValues.parse("[\"A\"]"));
            assertThat(select("$.store.book[?(@.isbn)].title")).isEqualTo(JsonValues.parse("[\"B\", \"C\"]"));
            assertThat(select("$.store.book[?(@.price > $.limit && @.title != 'C')].title"))
                    .isEqualTo(JsonValues.parse("[\"B\"]"));
        }

        @Test
        void lengthCountsAnArray() {
            assertThat(select("$.store.book.length()").asInt()).isEqualTo(3);
        }
    }

    @Nested
    class Kinds {

        @Test
        void referencePathsAreNamesAndIndexesOnly() {
            assertThat(JsonPath.parse("$.a.b[0]['c d']").isReferencePath()).isTrue();
            assertThat(JsonPath.parse("$.a[*]").isReferencePath()).isFalse();
            assertThat(JsonPath.parse("$..a").isReferencePath()).isFalse();
            assertThat(JsonPath.parse("$.a[?(@.x)]").isReferencePath()).isFalse();
        }

        @Test
        void malformedPathsSayWhere() {
            assertThatThrownBy(() -> JsonPath.parse("a.b")).hasMessageContaining("expected '$'");
            assertThatThrownBy(() -> JsonPath.parse("$.a[")).hasMessageContaining("position");
            assertThatThrownBy(() -> JsonPath.parse("$.a b")).hasMessageContaining("unexpected");
        }
    }

    @Nested
    class Placing {

        private final JsonNode input =
                JsonValues.parse("{\"comment\": \"x\", \"details\": {\"a\": 1}, \"list\": [1, 2]}");

        @Test
        void replacesOrAddsAFieldLeavingTheInputUntouched() {
            JsonNode out = JsonPath.parse("$.details.b").set(input, JsonValues.parse("2"));

            assertThat(out)
                    .isEqualTo(JsonValues.parse(
                            "{\"comment\": \"x\", \"details\": {\"a\": 1, \"b\": 2}, \"list\": [1, 2]}"));
            assertThat(input.path("details").has("b")).isFalse();
        }

        @Test
        void createsIntermediateObjects() {
            JsonNode out = JsonPath.parse("$.result.deep.value").set(input, JsonValues.parse("true"));

            assertThat(out.path("result").path("deep").path("value").asBoolean())
                    .isTrue();
        }

        @Test
        void dollarReplacesEverythingAndIndexesReplaceElements() {
            assertThat(JsonPath.parse("$").set(input, JsonValues.parse("\"r\"")))
                    .isEqualTo(JsonValues.parse("\"r\""));
            assertThat(JsonPath.parse("$.list[1]")
                            .set(input, JsonValues.parse("9"))
                            .path("list"))
                    .isEqualTo(JsonValues.parse("[1, 9]"));
        }

        @Test
        void aPlaceThatCannotExistIsRefused() {
            assertThatThrownBy(() -> JsonPath.parse("$.comment.inner").set(input, JsonValues.parse("1")))
                    .isInstanceOf(JsonPathException.class);
            assertThatThrownBy(() -> JsonPath.parse("$.x").set(JsonValues.parse("[1]"), JsonValues.parse("1")))
                    .isInstanceOf(JsonPathException.class);
            assertThatThrownBy(() -> JsonPath.parse("$.list[5]").set(input, JsonValues.parse("1")))
                    .isInstanceOf(JsonPathException.class);
        }
    }
}
