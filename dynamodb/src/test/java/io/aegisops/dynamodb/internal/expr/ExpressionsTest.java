package io.aegisops.dynamodb.internal.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.dynamodb.internal.ApiException;
import io.aegisops.dynamodb.internal.value.Value;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Unit: the expression grammar, its checks, and evaluation against items, without any I/O. */
class ExpressionsTest {

    static Value s(String v) {
        return new Value.S(v);
    }

    static Value n(long v) {
        return new Value.N(BigDecimal.valueOf(v));
    }

    static Value list(Value... values) {
        return new Value.L(List.of(values));
    }

    static Value map(String k, Value v) {
        return new Value.M(Map.of(k, v));
    }

    static final Map<String, Value> ITEM = Map.of(
            "id", s("a-1"),
            "count", n(5),
            "tags", new Value.SS(new LinkedHashSet<>(List.of("red", "blue"))),
            "doc", map("parts", list(n(1), map("deep", s("x")), n(3))),
            "name", s("buggy-app"));

    static boolean test(String condition, Map<String, String> names, Map<String, Value> values) {
        Placeholders placeholders = new Placeholders(names, values);
        Ast.Condition parsed = Expressions.condition(condition, Expressions.Kind.CONDITION, placeholders);
        placeholders.requireAllUsed();
        return new Evaluator(Expressions.Kind.CONDITION).test(parsed, ITEM);
    }

    static boolean test(String condition, Map<String, Value> values) {
        return test(condition, Map.of(), values);
    }

    @Nested
    class Conditions {
        @Test
        void compareNumbersStringsAndMissingAttributes() {
            assertThat(test("#c > :four", Map.of("#c", "count"), Map.of(":four", n(4)))).isTrue();
            assertThat(test("#c <= :four", Map.of("#c", "count"), Map.of(":four", n(4)))).isFalse();
            assertThat(test("id = :v", Map.of(":v", s("a-1")))).isTrue();
            assertThat(test("nope = :v", Map.of(":v", s("a-1")))).isFalse();
            assertThat(test("nope <> :v", Map.of(":v", s("a-1")))).isTrue();
            // A comparison across types is false, not an error.
            assertThat(test("id < :n", Map.of(":n", n(1)))).isFalse();
        }

        @Test
        void notBindsTighterThanAndWhichBindsTighterThanOr() {
            Map<String, Value> v = Map.of(":yes", s("a-1"), ":no", s("zzz"));
            assertThat(test("id = :no AND id = :no OR id = :yes", v)).isTrue();
            assertThat(test("id = :no AND (id = :no OR id = :yes)", v)).isFalse();
            assertThat(test("NOT id = :no AND id = :yes", v)).isTrue();
            assertThat(test("not id = :yes or id = :yes", Map.of(":yes", s("a-1")))).isTrue();
        }

        @Test
        void betweenInAndFunctions() {
            assertThat(test("#c BETWEEN :lo AND :hi", Map.of("#c", "count"), Map.of(":lo", n(5), ":hi", n(6)))).isTrue();
            assertThat(test("#c IN (:a, :b)", Map.of("#c", "count"), Map.of(":a", n(1), ":b", n(5)))).isTrue();
            assertThat(test("begins_with(#n, :p)", Map.of("#n", "name"), Map.of(":p", s("buggy")))).isTrue();
            assertThat(test("contains(tags, :t)", Map.of(":t", s("red")))).isTrue();
            assertThat(test("contains(#n, :t)", Map.of("#n", "name"), Map.of(":t", s("gy-a")))).isTrue();
            assertThat(test("attribute_exists(doc.parts[1].deep)", Map.of())).isTrue();
            assertThat(test("attribute_not_exists(doc.parts[7])", Map.of())).isTrue();
            assertThat(test("attribute_type(tags, :t)", Map.of(":t", s("SS")))).isTrue();
            assertThat(test("size(doc.parts) = :three", Map.of(":three", n(3)))).isTrue();
            assertThat(test("size(tags) > :one", Map.of(":one", n(1)))).isTrue();
        }

        @Test
        void keywordsAreCaseInsensitive() {
            assertThat(test("#c between :lo and :hi", Map.of("#c", "count"), Map.of(":lo", n(1), ":hi", n(9)))).isTrue();
        }
    }

    @Nested
    class Refusals {
        @Test
        void reservedWordsMustBeEscaped() {
            assertThatThrownBy(() -> test("count > :v", Map.of(":v", n(1))))
                    .isInstanceOf(ApiException.class)
                    .hasMessage("Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: count");
        }

        @Test
        void undefinedAndUnusedPlaceholders() {
            assertThatThrownBy(() -> test("id = :v", Map.of()))
                    .hasMessageContaining("An expression attribute value used in expression is not defined; attribute value: :v");
            assertThatThrownBy(() -> test("#x = :v", Map.of(":v", n(1))))
                    .hasMessageContaining("An expression attribute name used in the document path is not defined; attribute name: #x");
            assertThatThrownBy(() -> test("id = :v", Map.of(":v", n(1), ":w", n(2))))
                    .hasMessage("Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}");
        }

        @Test
        void syntaxErrorsNameTheToken() {
            assertThatThrownBy(() -> test("id = = :v", Map.of(":v", n(1))))
                    .hasMessageStartingWith("Invalid ConditionExpression: Syntax error; token: \"=\"");
            assertThatThrownBy(() -> test("id = :v AND", Map.of(":v", n(1))))
                    .hasMessageStartingWith("Invalid ConditionExpression: Syntax error; token: \"<EOF>\"");
        }

        @Test
        void functionsOnlyWhereTheyBelong() {
            assertThatThrownBy(() -> test("frobnicate(id)", Map.of())).hasMessageContaining("Invalid function name; function: frobnicate");
            assertThatThrownBy(() -> test("size(id)", Map.of())).hasMessageContaining("not allowed to be used this way");
            assertThatThrownBy(() -> test("begins_with(id)", Map.of()))
                    .hasMessageContaining("Incorrect number of operands for operator or function; operator or function: begins_with");
        }

        @Test
        void betweenBoundsMustBeOrdered() {
            assertThatThrownBy(() -> test("id BETWEEN :hi AND :lo", Map.of(":hi", s("b"), ":lo", s("a"))))
                    .hasMessageContaining("The BETWEEN operator requires upper bound to be greater than or equal to lower bound");
        }
    }

    @Nested
    class Updates {
        static Map<String, Value> apply(String expression, Map<String, String> names, Map<String, Value> values,
                                        Map<String, Value> item) {
            Placeholders placeholders = new Placeholders(names, values);
            Ast.Update update = Expressions.update(expression, placeholders);
            placeholders.requireAllUsed();
            return Updater.apply(update, item);
        }

        @Test
        void everySetValueComesFromTheItemBeforeTheUpdate() {
            Map<String, Value> item = Map.of("a", n(1), "b", n(2));
            Map<String, Value> after = apply("SET a = b, b = a", Map.of(), Map.of(), item);
            assertThat(after).containsEntry("a", n(2)).containsEntry("b", n(1));
        }

        @Test
        void arithmeticIfNotExistsAndListAppend() {
            Map<String, Value> after = apply("SET #c = #c + :one, fresh = if_not_exists(fresh, :zero), l = list_append(l, :more)",
                    Map.of("#c", "count"), Map.of(":one", n(1), ":zero", n(0), ":more", list(n(9))),
                    Map.of("count", n(5), "l", list(n(1))));
            assertThat(after).containsEntry("count", n(6)).containsEntry("fresh", n(0)).containsEntry("l", list(n(1), n(9)));
        }

        @Test
        void nestedPathsAndListIndexes() {
            Map<String, Value> item = new LinkedHashMap<>(ITEM);
            Map<String, Value> after = apply("SET doc.parts[1].deep = :y, doc.parts[10] = :end REMOVE doc.parts[0]",
                    Map.of(), Map.of(":y", s("y"), ":end", n(4)), item);
            assertThat(after.get("doc")).isEqualTo(map("parts", list(map("deep", s("y")), n(3), n(4))));
        }

        @Test
        void removingListElementsUsesTheirOriginalIndexes() {
            Map<String, Value> after = apply("REMOVE l[0], l[2]", Map.of(), Map.of(), Map.of("l", list(n(0), n(1), n(2), n(3))));
            assertThat(after.get("l")).isEqualTo(list(n(1), n(3)));
        }

        @Test
        void addAndDeleteOnSetsAndNumbers() {
            Map<String, Value> item = Map.of("tags", new Value.SS(Set.of("red", "blue")), "n", n(1));
            Map<String, Value> after = apply("ADD n :two, tags :green DELETE nope :x", Map.of(),
                    Map.of(":two", n(2), ":green", new Value.SS(Set.of("green")), ":x", new Value.SS(Set.of("x"))), item);
            assertThat(after).containsEntry("n", n(3)).containsEntry("tags", new Value.SS(Set.of("red", "blue", "green")));
            Map<String, Value> emptied = apply("DELETE tags :all", Map.of(), Map.of(":all", new Value.SS(Set.of("red", "blue"))), item);
            assertThat(emptied).doesNotContainKey("tags");
        }

        @Test
        void refusesOverlapsWrongTypesAndMissingOperands() {
            assertThatThrownBy(() -> apply("SET a = :v, a.b = :v", Map.of(), Map.of(":v", n(1)), Map.of()))
                    .hasMessageContaining("Two document paths overlap with each other");
            assertThatThrownBy(() -> apply("SET a = :v REMOVE a", Map.of(), Map.of(":v", n(1)), Map.of()))
                    .hasMessageContaining("Two document paths conflict with each other");
            assertThatThrownBy(() -> apply("SET a = b + :v", Map.of(), Map.of(":v", n(1)), Map.of("b", s("x"))))
                    .hasMessage("An operand in the update expression has an incorrect data type");
            assertThatThrownBy(() -> apply("SET a = b + :v", Map.of(), Map.of(":v", n(1)), Map.of()))
                    .hasMessage("The provided expression refers to an attribute that does not exist in the item");
            assertThatThrownBy(() -> apply("SET a.b = :v", Map.of(), Map.of(":v", n(1)), Map.of()))
                    .hasMessage("The document path provided in the update expression is invalid for update");
            assertThatThrownBy(() -> apply("SET a = :v SET b = :v", Map.of(), Map.of(":v", n(1)), Map.of()))
                    .hasMessageContaining("The \"SET\" section can only be used once");
            assertThatThrownBy(() -> apply("ADD a :s", Map.of(), Map.of(":s", s("x")), Map.of()))
                    .hasMessageContaining("Incorrect operand type for operator or function; operator: ADD, operand type: STRING");
        }
    }

    @Test
    void projectionKeepsNestedPartsInTheirPlaces() {
        Placeholders placeholders = new Placeholders(Map.of(), Map.of());
        List<Ast.Path> paths = Expressions.projection("id, doc.parts[2], doc.parts[0]", placeholders);
        assertThat(Documents.project(ITEM, paths))
                .isEqualTo(Map.of("id", s("a-1"), "doc", map("parts", list(n(1), n(3)))));
    }
}
