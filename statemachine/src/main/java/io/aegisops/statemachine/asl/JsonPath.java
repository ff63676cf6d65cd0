package io.aegisops.statemachine.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A JSONPath expression as the States Language uses it: the Jayway syntax Step Functions accepts
 * ({@code $.a.b}, {@code $['a b']}, {@code $.a[0]}, {@code [*]}, {@code ..}, slices, unions,
 * filters {@code [?(@.x > 1)]} and {@code length()}).
 *
 * <p>A <em>definite</em> path (only names and indexes) selects at most one node; any other path
 * selects a list, returned as an array, as Step Functions does. A <em>reference path</em> (names
 * and indexes only) is what ResultPath, Choice variables and the *Path fields accept.
 */
public final class JsonPath {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** {@code $}: the whole document. */
    public static final JsonPath ROOT = parse("$");

    private final String text;
    private final List<Segment> segments;
    private final boolean definite;
    private final boolean endsWithLength;

    private JsonPath(String text, List<Segment> segments) {
        this.text = text;
        this.segments = List.copyOf(segments);
        this.definite = segments.stream().allMatch(s -> s instanceof Field || s instanceof Index);
        this.endsWithLength = !segments.isEmpty()
                && segments.getLast() instanceof Length
                && segments.subList(0, segments.size() - 1).stream()
                        .allMatch(s -> s instanceof Field || s instanceof Index);
    }

    /**
     * Parses a path that starts with {@code $}.
     *
     * @throws IllegalArgumentException saying what is wrong and where
     */
    public static JsonPath parse(String text) {
        Objects.requireNonNull(text, "path");
        Parser parser = new Parser(text);
        parser.expect('$');
        List<Segment> segments = parser.segments();
        if (!parser.atEnd()) {
            throw parser.error("unexpected '" + parser.peek() + "'");
        }
        return new JsonPath(text, segments);
    }

    public String text() {
        return text;
    }

    /** Only names and indexes: selects at most one node. */
    public boolean isDefinite() {
        return definite;
    }

    /** What ResultPath, Choice variables and *Path fields accept: names and non-negative indexes. */
    public boolean isReferencePath() {
        return segments.stream().allMatch(s -> s instanceof Field || (s instanceof Index i && i.index() >= 0));
    }

    /**
     * The node the path selects, or empty when a definite path selects nothing. An indefinite path
     * always yields an array of what it matched (possibly empty).
     */
    public Optional<JsonNode> select(JsonNode root) {
        if (definite) {
            return Optional.ofNullable(selectDefinite(root));
        }
        List<JsonNode> current = List.of(root);
        for (Segment segment : segments) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                segment.apply(node, next, root);
            }
            current = next;
        }
        if (endsWithLength) {
            return current.isEmpty() ? Optional.empty() : Optional.of(current.getFirst());
        }
        ArrayNode matches = NODES.arrayNode();
        current.forEach(matches::add);
        return Optional.of(matches);
    }

    /**
     * Names and indexes walked without the lists an indefinite path needs (the path of nearly every state);
     * null when nothing is there.
     */
    private JsonNode selectDefinite(JsonNode root) {
        JsonNode node = root;
        for (Segment segment : segments) {
            node = switch (segment) {
                case Field field -> node.isObject() ? node.get(field.name()) : null;
                case Index index -> node.isArray() ? element(node, index.index()) : null;
                default -> throw new IllegalStateException("a definite path has only names and indexes");
            };
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /** The element at {@code index} (negative counts from the end), or null. */
    private static JsonNode element(JsonNode array, int index) {
        int i = index < 0 ? array.size() + index : index;
        return i >= 0 && i < array.size() ? array.get(i) : null;
    }

    /**
     * A copy of {@code root} with {@code value} placed where this reference path points, creating
     * missing objects on the way (the input itself is never changed; untouched branches are shared).
     *
     * @throws JsonPathException when the location cannot exist in this document
     */
    public JsonNode set(JsonNode root, JsonNode value) {
        if (!isReferencePath()) {
            throw new JsonPathException("'" + text + "' is not a reference path");
        }
        return segments.isEmpty() ? value : setIn(root, 0, value);
    }

    private JsonNode setIn(JsonNode node, int position, JsonNode value) {
        Segment segment = segments.get(position);
        boolean last = position == segments.size() - 1;
        if (segment instanceof Field field) {
            if (!(node instanceof ObjectNode object)) {
                throw new JsonPathException("cannot set field '" + field.name() + "' of " + describe(node));
            }
            ObjectNode copy = NODES.objectNode();
            copy.setAll(object);
            JsonNode child = object.get(field.name());
            if (last) {
                copy.set(field.name(), value);
            } else {
                JsonNode container = child == null || child.isNull() ? emptyContainerFor(position + 1) : child;
                copy.set(field.name(), setIn(container, position + 1, value));
            }
            return copy;
        }
        int index = ((Index) segment).index();
        if (!(node instanceof ArrayNode array) || index >= array.size()) {
            throw new JsonPathException("cannot set index " + index + " of " + describe(node));
        }
        ArrayNode copy = NODES.arrayNode();
        copy.addAll(array);
        copy.set(index, last ? value : setIn(array.get(index), position + 1, value));
        return copy;
    }

    private JsonNode emptyContainerFor(int position) {
        if (segments.get(position) instanceof Field) {
            return NODES.objectNode();
        }
        throw new JsonPathException("cannot create an array element for '" + text + "'");
    }

    private static String describe(JsonNode node) {
        return node == null
                ? "a missing value"
                : "a " + node.getNodeType().name().toLowerCase(Locale.ROOT) + " value";
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonPath p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    // ---------------------------------------------------------------- segments

    private sealed interface Segment permits Field, Index, Wildcard, Names, Indexes, Slice, DeepScan, Filter, Length {
        void apply(JsonNode node, List<JsonNode> out, JsonNode root);
    }

    private record Field(String name) implements Segment {
        @Override
        public void apply(JsonNode node, List<JsonNode> out, JsonNode root) {
            if (node.isObject() && node.has(name)) {
                out.add(node.get(name));
            }
        }
    }

    private record Index(int index) implements Segment {
        @Override
        public void apply(JsonNode node, List<JsonNode> out, JsonNode root) {
            JsonNode selected = node.isArray() ? element(node, index) : null;
            if (selected != null) {
                out.add(selected);
            }
        }
    }

    private record Wildcard() implements Segment {
        @Override
        public void apply(JsonNode node, List<JsonNode> out, JsonNode root) {
            if (node.isContainerNode()) {
                node.elements().forEachRemaining(out::add);
            }
        }
    }

    private record Names(List<String> names) implements Segment {
        @Override
        public void apply(JsonNode node, List<JsonNode> out, JsonNode root) {
            names.forEach(name -> new Field(name).apply(node, out, root));
        }
    }

    private record Indexes(List<Integer> indexes) implements Segment {
        @Override
        public void apply(JsonNode node, List<JsonNode> out, JsonNode root) {
            indexes.forEach(index -> new Index(index).apply(node, out, root));
        }
    }

    private record Slice(Integer start, Integer end, int step) implements Segment {
        @Override
        public void apply(JsonNode node, List<JsonNode> out, JsonNode root) {
            if (!node.isArray()) {
                return;
            }
            int size = node.size();
            int from = clamp(start == null ? 0 : start, size);
            int to = clamp(end == null ? size : end, size);
            for (int i = from; i < to; i += step) {
                out.add(node.get(i));
            }
        }

        private static int clamp(int bound, int size) {
            return Math.max(0, Math.min(size, bound < 0 ? size + bound : bound));
        }
    }

    /** {@code ..x}: {@code x} applied to the node and to every node below it. */
    private record DeepScan(Segment inner) implements Segment {
        @Override
        public void apply(JsonNode node, List<JsonNode> out, JsonNode root) {
            inner.apply(node, out, root);
            if (node.isContainerNode()) {
                for (JsonNode child : node) {
                    apply(child, out, root);
                }
            }
        }
    }

    private record Filter(Predicate predicate) implements Segment {
        @Override
        public void apply(JsonNode node, List<JsonNode> out, JsonNode root) {
            if (node.isContainerNode()) {
                for (JsonNode child : node) {
                    if (predicate.test(child, root)) {
                        out.add(child);
                    }
                }
            }
        }
    }

    private record Length() implements Segment {
        @Override
        public void apply(JsonNode node, List<JsonNode> out, JsonNode root) {
            if (node.isContainerNode()) {
                out.add(NODES.numberNode(node.size()));
            } else if (node.isTextual()) {
                out.add(NODES.numberNode(node.textValue().length()));
            }
        }
    }

    // ---------------------------------------------------------------- filter expressions

    private interface Predicate {
        boolean test(JsonNode current, JsonNode root);
    }

    /** An operand of a filter comparison: a path from {@code @} (the element) or {@code $} (the document), or a literal. */
    private interface Operand {
        Optional<JsonNode> value(JsonNode current, JsonNode root);
    }

    private static Predicate comparison(Operand left, String operator, Operand right) {
        return (current, root) -> {
            Optional<JsonNode> l = left.value(current, root);
            Optional<JsonNode> r = right.value(current, root);
            if (l.isEmpty() || r.isEmpty()) {
                return operator.equals("!=") && (l.isPresent() || r.isPresent());
            }
            Integer order = compare(l.get(), r.get());
            return switch (operator) {
                case "==" -> order != null && order == 0;
                case "!=" -> order == null || order != 0;
                case "<" -> order != null && order < 0 && !l.get().isBoolean();
                case "<=" -> order != null && order <= 0 && !l.get().isBoolean();
                case ">" -> order != null && order > 0 && !l.get().isBoolean();
                case ">=" -> order != null && order >= 0 && !l.get().isBoolean();
                default -> throw new IllegalStateException(operator);
            };
        };
    }

    /** Order of two values of the same kind, or null when they cannot be compared. */
    private static Integer compare(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return new BigDecimal(a.asText()).compareTo(new BigDecimal(b.asText()));
        }
        if (a.isTextual() && b.isTextual()) {
            return a.textValue().compareTo(b.textValue());
        }
        if ((a.isBoolean() && b.isBoolean())
                || (a.isNull() && b.isNull())
                || (a.isContainerNode() && b.isContainerNode())) {
            return a.equals(b) ? 0 : null;
        }
        return null;
    }

    // ---------------------------------------------------------------- parser

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        char peek() {
            return text.charAt(pos);
        }

        boolean lookingAt(String s) {
            return text.startsWith(s, pos);
        }

        IllegalArgumentException error(String message) {
            return new IllegalArgumentException("invalid JSONPath '" + text + "': " + message + " at position " + pos);
        }

        void expect(char c) {
            if (atEnd() || peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        void skipSpaces() {
            while (!atEnd() && Character.isWhitespace(peek())) {
                pos++;
            }
        }

        List<Segment> segments() {
            List<Segment> segments = new ArrayList<>();
            while (!atEnd()) {
                if (lookingAt("..")) {
                    pos += 2;
                    if (!atEnd() && peek() == '[') {
                        pos++;
                        segments.add(new DeepScan(bracket()));
                    } else {
                        segments.add(new DeepScan(dotted()));
                    }
                } else if (peek() == '.') {
                    pos++;
                    if (lookingAt("length()")) {
                        pos += "length()".length();
                        segments.add(new Length());
                    } else {
                        segments.add(dotted());
                    }
                } else if (peek() == '[') {
                    pos++;
                    segments.add(bracket());
                } else {
                    break;
                }
            }
            return segments;
        }

        private Segment dotted() {
            if (!atEnd() && peek() == '*') {
                pos++;
                return new Wildcard();
            }
            int start = pos;
            while (!atEnd() && isNameChar(peek())) {
                pos++;
            }
            if (pos == start) {
                throw error("expected a field name");
            }
            return new Field(text.substring(start, pos));
        }

        private static boolean isNameChar(char c) {
            return !Character.isWhitespace(c) && ".[]()'\",=<>!&|@*?".indexOf(c) < 0;
        }

        /** After '['. */
        private Segment bracket() {
            skipSpaces();
            if (atEnd()) {
                throw error("unclosed '['");
            }
            Segment segment;
            char c = peek();
            if (c == '*') {
                pos++;
                segment = new Wildcard();
            } else if (c == '?') {
                pos++;
                skipSpaces();
                expect('(');
                Predicate predicate = orExpression();
                skipSpaces();
                expect(')');
                segment = new Filter(predicate);
            } else if (c == '\'' || c == '"') {
                List<String> names = new ArrayList<>();
                do {
                    skipSpaces();
                    names.add(quoted());
                    skipSpaces();
                } while (consume(','));
                segment = names.size() == 1 ? new Field(names.getFirst()) : new Names(names);
            } else {
                segment = indexes();
            }
            skipSpaces();
            expect(']');
            return segment;
        }

        private boolean consume(char c) {
            if (!atEnd() && peek() == c) {
                pos++;
                return true;
            }
            return false;
        }

        private String quoted() {
            char quote = peek();
            pos++;
            StringBuilder name = new StringBuilder();
            while (!atEnd() && peek() != quote) {
                if (peek() == '\\' && pos + 1 < text.length()) {
                    pos++;
                }
                name.append(peek());
                pos++;
            }
            expect(quote);
            return name.toString();
        }

        private Segment indexes() {
            Integer first = optionalInteger();
            skipSpaces();
            if (consume(':')) {
                Integer end = optionalInteger();
                int step = 1;
                skipSpaces();
                if (consume(':')) {
                    Integer s = optionalInteger();
                    step = s == null ? 1 : s;
                    if (step <= 0) {
                        throw error("slice step must be positive");
                    }
                }
                return new Slice(first, end, step);
            }
            if (first == null) {
                throw error("expected an index, a slice, a quoted name, '*' or a filter");
            }
            List<Integer> all = new ArrayList<>(List.of(first));
            while (consume(',')) {
                Integer next = optionalInteger();
                if (next == null) {
                    throw error("expected an index");
                }
                all.add(next);
                skipSpaces();
            }
            return all.size() == 1 ? new Index(first) : new Indexes(all);
        }

        private Integer optionalInteger() {
            skipSpaces();
            int start = pos;
            if (!atEnd() && peek() == '-') {
                pos++;
            }
            while (!atEnd() && Character.isDigit(peek())) {
                pos++;
            }
            if (pos == start || (pos == start + 1 && text.charAt(start) == '-')) {
                pos = start;
                return null;
            }
            try {
                return Integer.parseInt(text.substring(start, pos));
            } catch (NumberFormatException e) {
                throw error("index out of range");
            }
        }

        private Predicate orExpression() {
            Predicate left = andExpression();
            while (true) {
                skipSpaces();
                if (!lookingAt("||")) {
                    return left;
                }
                pos += 2;
                Predicate a = left;
                Predicate b = andExpression();
                left = (current, root) -> a.test(current, root) || b.test(current, root);
            }
        }

        private Predicate andExpression() {
            Predicate left = unary();
            while (true) {
                skipSpaces();
                if (!lookingAt("&&")) {
                    return left;
                }
                pos += 2;
                Predicate a = left;
                Predicate b = unary();
                left = (current, root) -> a.test(current, root) && b.test(current, root);
            }
        }

        private Predicate unary() {
            skipSpaces();
            if (!atEnd() && peek() == '!' && !lookingAt("!=")) {
                pos++;
                Predicate inner = unary();
                return (current, root) -> !inner.test(current, root);
            }
            if (!atEnd() && peek() == '(') {
                pos++;
                Predicate inner = orExpression();
                skipSpaces();
                expect(')');
                return inner;
            }
            Operand left = operand();
            skipSpaces();
            for (String operator : List.of("==", "!=", "<=", ">=", "<", ">")) {
                if (lookingAt(operator)) {
                    pos += operator.length();
                    return comparison(left, operator, operand());
                }
            }
            return (current, root) -> left.value(current, root)
                    .map(v -> !v.isBoolean() || v.booleanValue())
                    .orElse(false);
        }

        private Operand operand() {
            skipSpaces();
            if (atEnd()) {
                throw error("expected an operand");
            }
            char c = peek();
            if (c == '@' || c == '$') {
                pos++;
                JsonPath path = new JsonPath(String.valueOf(c), segments());
                boolean fromElement = c == '@';
                return (current, root) -> path.select(fromElement ? current : root);
            }
            if (c == '\'' || c == '"') {
                JsonNode literal = NODES.textNode(quoted());
                return (current, root) -> Optional.of(literal);
            }
            for (Map.Entry<String, JsonNode> word : Map.of(
                            "true",
                            (JsonNode) NODES.booleanNode(true),
                            "false",
                            NODES.booleanNode(false),
                            "null",
                            NODES.nullNode())
                    .entrySet()) {
                if (lookingAt(word.getKey())) {
                    pos += word.getKey().length();
                    return (current, root) -> Optional.of(word.getValue());
                }
            }
            int start = pos;
            while (!atEnd() && (Character.isDigit(peek()) || "-+.eE".indexOf(peek()) >= 0)) {
                pos++;
            }
            try {
                JsonNode number = NODES.numberNode(new BigDecimal(text.substring(start, pos)));
                return (current, root) -> Optional.of(number);
            } catch (NumberFormatException e) {
                pos = start;
                throw error("expected a path, a string, a number, true, false or null");
            }
        }
    }
}
