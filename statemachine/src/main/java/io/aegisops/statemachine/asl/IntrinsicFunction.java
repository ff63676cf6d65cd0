package io.aegisops.statemachine.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.StringTokenizer;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An intrinsic function call of the States Language, such as
 * {@code States.Format('restart {} on {}', $.service, $$.Execution.Name)}, parsed once when the
 * definition is created and evaluated against a state's input and the context object.
 *
 * <p>Arguments are string literals in single quotes (with backslash escapes for a quote, a brace and
 * a backslash), numbers, {@code true}/{@code false}/{@code null}, paths and nested calls.
 * A bad argument at run time is a {@link StatesError#RUNTIME} error, as in Step Functions.
 */
public record IntrinsicFunction(String text, String name, List<Argument> arguments) implements ValueExpression {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_STRING = 10_000;
    private static final int MAX_RANGE = 1000;

    /** Allowed argument counts: {min, max}; max -1 means any number. */
    private static final Map<String, int[]> ARITY = Map.ofEntries(
            Map.entry("Format", new int[] {1, -1}),
            Map.entry("StringToJson", new int[] {1, 1}),
            Map.entry("JsonToString", new int[] {1, 1}),
            Map.entry("Array", new int[] {0, -1}),
            Map.entry("ArrayPartition", new int[] {2, 2}),
            Map.entry("ArrayContains", new int[] {2, 2}),
            Map.entry("ArrayRange", new int[] {3, 3}),
            Map.entry("ArrayGetItem", new int[] {2, 2}),
            Map.entry("ArrayLength", new int[] {1, 1}),
            Map.entry("ArrayUnique", new int[] {1, 1}),
            Map.entry("Base64Encode", new int[] {1, 1}),
            Map.entry("Base64Decode", new int[] {1, 1}),
            Map.entry("Hash", new int[] {2, 2}),
            Map.entry("JsonMerge", new int[] {3, 3}),
            Map.entry("MathRandom", new int[] {2, 3}),
            Map.entry("MathAdd", new int[] {2, 2}),
            Map.entry("StringSplit", new int[] {2, 2}),
            Map.entry("UUID", new int[] {0, 0}));

    private static final Map<String, String> HASH_ALGORITHMS =
            Map.of("MD5", "MD5", "SHA-1", "SHA-1", "SHA-256", "SHA-256", "SHA-384", "SHA-384", "SHA-512", "SHA-512");

    /** One argument of a call. */
    public sealed interface Argument {}

    /**
     * A literal; for strings, {@code pieces} is the text split at each unescaped {@code {}}, which is
     * what States.Format fills (an escaped {@code \{\}} stays literal).
     */
    public record Literal(JsonNode value, List<String> pieces) implements Argument {}

    public record PathArgument(ValueExpression.PathValue path) implements Argument {}

    public record Call(IntrinsicFunction function) implements Argument {}

    /**
     * @throws IllegalArgumentException naming what is wrong with the call
     */
    public static IntrinsicFunction parse(String text) {
        Parser parser = new Parser(text.strip());
        IntrinsicFunction call = parser.call();
        parser.skipSpaces();
        if (!parser.atEnd()) {
            throw parser.error("unexpected text after the call");
        }
        return call;
    }

    @Override
    public Optional<JsonNode> evaluate(JsonNode input, JsonNode context) {
        List<JsonNode> values = new ArrayList<>(arguments.size());
        for (Argument argument : arguments) {
            values.add(
                    switch (argument) {
                        case Literal literal -> literal.value();
                        case Call call ->
                            call.function().evaluate(input, context).orElseThrow();
                        case PathArgument path ->
                            path.path()
                                    .evaluate(input, context)
                                    .orElseThrow(() -> StatesError.runtime("The JSONPath '"
                                            + path.path().text() + "' in the function '" + text
                                            + "' could not be found in the input '"
                                            + JsonValues.excerpt(path.path().fromContext() ? context : input) + "'"));
                    });
        }
        try {
            return Optional.of(apply(values));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw StatesError.runtime("The function '" + text + "' had the following error: " + e.getMessage());
        }
    }

    private JsonNode apply(List<JsonNode> args) {
        return switch (name) {
            case "Format" -> NODES.textNode(format(args));
            case "StringToJson" -> JsonValues.parse(string(args, 0));
            case "JsonToString" -> NODES.textNode(JsonValues.write(args.getFirst()));
            case "Array" -> array(args);
            case "ArrayPartition" -> partition(array(args, 0), positiveInteger(args, 1));
            case "ArrayContains" -> NODES.booleanNode(contains(array(args, 0), args.get(1)));
            case "ArrayRange" -> range(integer(args, 0), integer(args, 1), integer(args, 2));
            case "ArrayGetItem" -> item(array(args, 0), integer(args, 1));
            case "ArrayLength" -> NODES.numberNode(array(args, 0).size());
            case "ArrayUnique" -> unique(array(args, 0));
            case "Base64Encode" ->
                NODES.textNode(
                        Base64.getEncoder().encodeToString(limited(args, 0).getBytes(StandardCharsets.UTF_8)));
            case "Base64Decode" -> NODES.textNode(base64Decode(limited(args, 0)));
            case "Hash" -> NODES.textNode(hash(args));
            case "JsonMerge" -> merge(args);
            case "MathRandom" -> JsonValues.integer(random(args));
            case "MathAdd" -> JsonValues.integer(Math.addExact(integer(args, 0), integer(args, 1)));
            case "StringSplit" -> split(string(args, 0), string(args, 1));
            case "UUID" -> NODES.textNode(UUID.randomUUID().toString());
            default -> throw new IllegalStateException("unknown function passed parsing: " + name);
        };
    }

    private String format(List<JsonNode> args) {
        List<String> pieces = arguments.getFirst() instanceof Literal literal && literal.pieces() != null
                ? literal.pieces()
                : List.of(string(args, 0).split("\\{}", -1));
        int placeholders = pieces.size() - 1;
        if (placeholders != args.size() - 1) {
            throw new IllegalArgumentException("the format string has " + placeholders + " placeholder(s) but "
                    + (args.size() - 1) + " value(s) were given");
        }
        StringBuilder out = new StringBuilder(pieces.getFirst());
        for (int i = 1; i < pieces.size(); i++) {
            JsonNode value = args.get(i);
            out.append(value.isTextual() ? value.textValue() : JsonValues.write(value))
                    .append(pieces.get(i));
        }
        return out.toString();
    }

    private static ArrayNode array(List<JsonNode> args) {
        ArrayNode out = NODES.arrayNode();
        args.forEach(out::add);
        return out;
    }

    private static ArrayNode partition(ArrayNode array, int size) {
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < array.size(); i += size) {
            ArrayNode chunk = out.addArray();
            for (int j = i; j < Math.min(array.size(), i + size); j++) {
                chunk.add(array.get(j));
            }
        }
        return out;
    }

    private static boolean contains(ArrayNode array, JsonNode value) {
        for (JsonNode element : array) {
            if (JsonValues.same(element, value)) {
                return true;
            }
        }
        return false;
    }

    private static ArrayNode range(long start, long end, long step) {
        if (step == 0) {
            throw new IllegalArgumentException("the step must not be 0");
        }
        ArrayNode out = NODES.arrayNode();
        for (long i = start; step > 0 ? i <= end : i >= end; i += step) {
            if (out.size() == MAX_RANGE) {
                throw new IllegalArgumentException("the range has more than " + MAX_RANGE + " elements");
            }
            out.add(JsonValues.integer(i));
        }
        return out;
    }

    private static JsonNode item(ArrayNode array, long index) {
        if (index < 0 || index >= array.size()) {
            throw new IllegalArgumentException(
                    "the index " + index + " is out of bounds for an array of " + array.size());
        }
        return array.get((int) index);
    }

    private static ArrayNode unique(ArrayNode array) {
        ArrayNode out = NODES.arrayNode();
        for (JsonNode element : array) {
            if (!contains(out, element)) {
                out.add(element);
            }
        }
        return out;
    }

    private static String base64Decode(String text) {
        try {
            return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the value is not Base64: " + e.getMessage());
        }
    }

    private static String hash(List<JsonNode> args) {
        JsonNode data = args.getFirst();
        String text = data.isTextual() ? data.textValue() : JsonValues.write(data);
        if (text.length() > MAX_STRING) {
            throw new IllegalArgumentException("the data is longer than " + MAX_STRING + " characters");
        }
        String algorithm = HASH_ALGORITHMS.get(string(args, 1));
        if (algorithm == null) {
            throw new IllegalArgumentException("the algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512");
        }
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has " + algorithm, e);
        }
    }

    private static ObjectNode merge(List<JsonNode> args) {
        if (!args.get(0).isObject() || !args.get(1).isObject()) {
            throw new IllegalArgumentException("both values to merge must be objects");
        }
        if (!args.get(2).isBoolean() || args.get(2).booleanValue()) {
            throw new IllegalArgumentException("only the shallow merge is supported: the third argument must be false");
        }
        ObjectNode out = NODES.objectNode();
        out.setAll((ObjectNode) args.get(0));
        out.setAll((ObjectNode) args.get(1));
        return out;
    }

    private static long random(List<JsonNode> args) {
        long start = integer(args, 0);
        long end = integer(args, 1);
        if (start >= end) {
            throw new IllegalArgumentException("the start must be less than the end");
        }
        Random random = args.size() == 3 ? new Random(integer(args, 2)) : ThreadLocalRandom.current();
        return start + (long) (random.nextDouble() * (end - start));
    }

    private static ArrayNode split(String text, String delimiters) {
        ArrayNode out = NODES.arrayNode();
        StringTokenizer tokens = new StringTokenizer(text, delimiters);
        while (tokens.hasMoreTokens()) {
            out.add(tokens.nextToken());
        }
        return out;
    }

    private static String string(List<JsonNode> args, int index) {
        JsonNode value = args.get(index);
        if (!value.isTextual()) {
            throw new IllegalArgumentException(
                    "argument " + (index + 1) + " must be a string, not " + JsonValues.excerpt(value));
        }
        return value.textValue();
    }

    private static String limited(List<JsonNode> args, int index) {
        String text = string(args, index);
        if (text.length() > MAX_STRING) {
            throw new IllegalArgumentException(
                    "argument " + (index + 1) + " is longer than " + MAX_STRING + " characters");
        }
        return text;
    }

    private static ArrayNode array(List<JsonNode> args, int index) {
        if (!(args.get(index) instanceof ArrayNode array)) {
            throw new IllegalArgumentException(
                    "argument " + (index + 1) + " must be an array, not " + JsonValues.excerpt(args.get(index)));
        }
        return array;
    }

    private static long integer(List<JsonNode> args, int index) {
        JsonNode value = args.get(index);
        if (!JsonValues.isInteger(value)) {
            throw new IllegalArgumentException(
                    "argument " + (index + 1) + " must be an integer, not " + JsonValues.excerpt(value));
        }
        BigDecimal number = JsonValues.decimal(value);
        try {
            return number.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("argument " + (index + 1) + " is out of range");
        }
    }

    private static int positiveInteger(List<JsonNode> args, int index) {
        long value = integer(args, index);
        if (value <= 0 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("argument " + (index + 1) + " must be a positive integer");
        }
        return (int) value;
    }

    // ---------------------------------------------------------------- parser

    private static final class Parser {
        private final String text;
        private int pos;
        private int depth;

        Parser(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        IllegalArgumentException error(String message) {
            return new IllegalArgumentException(
                    "invalid intrinsic function '" + text + "': " + message + " at position " + pos);
        }

        void skipSpaces() {
            while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        IntrinsicFunction call() {
            int start = pos;
            if (!text.startsWith("States.", pos)) {
                throw error("expected States.<Function>(...)");
            }
            if (++depth > 10) {
                throw error("intrinsic functions nest at most 10 deep");
            }
            pos += "States.".length();
            int nameStart = pos;
            while (!atEnd() && Character.isLetterOrDigit(text.charAt(pos))) {
                pos++;
            }
            String name = text.substring(nameStart, pos);
            int[] arity = ARITY.get(name);
            if (arity == null) {
                throw error("unknown function 'States." + name + "'");
            }
            skipSpaces();
            if (atEnd() || text.charAt(pos) != '(') {
                throw error("expected '(' after States." + name);
            }
            pos++;
            List<Argument> arguments = new ArrayList<>();
            skipSpaces();
            if (!atEnd() && text.charAt(pos) == ')') {
                pos++;
            } else {
                while (true) {
                    skipSpaces();
                    arguments.add(argument());
                    skipSpaces();
                    if (atEnd()) {
                        throw error("unclosed '('");
                    }
                    char c = text.charAt(pos++);
                    if (c == ')') {
                        break;
                    }
                    if (c != ',') {
                        throw error("expected ',' or ')'");
                    }
                }
            }
            if (arguments.size() < arity[0] || (arity[1] >= 0 && arguments.size() > arity[1])) {
                throw error("States." + name + " takes "
                        + (arity[0] == arity[1]
                                ? String.valueOf(arity[0])
                                : arity[1] < 0 ? "at least " + arity[0] : arity[0] + " to " + arity[1])
                        + " argument(s), not " + arguments.size());
            }
            depth--;
            return new IntrinsicFunction(text.substring(start, pos), name, List.copyOf(arguments));
        }

        private Argument argument() {
            if (atEnd()) {
                throw error("expected an argument");
            }
            char c = text.charAt(pos);
            if (c == '\'') {
                return string();
            }
            if (c == '$') {
                return new PathArgument(path());
            }
            if (text.startsWith("States.", pos)) {
                return new Call(call());
            }
            for (var word : List.of("true", "false", "null")) {
                if (text.startsWith(word, pos)) {
                    pos += word.length();
                    JsonNode value = word.equals("null") ? NODES.nullNode() : NODES.booleanNode(word.equals("true"));
                    return new Literal(value, null);
                }
            }
            int start = pos;
            while (!atEnd() && (Character.isDigit(text.charAt(pos)) || "-+.eE".indexOf(text.charAt(pos)) >= 0)) {
                pos++;
            }
            try {
                BigDecimal number = new BigDecimal(text.substring(start, pos));
                JsonNode value =
                        number.scale() <= 0 ? JsonValues.integer(number.longValueExact()) : NODES.numberNode(number);
                return new Literal(value, null);
            } catch (NumberFormatException | ArithmeticException e) {
                pos = start;
                throw error(
                        "expected a string in single quotes, a number, true, false, null, a path or a States.* call");
            }
        }

        private Literal string() {
            pos++;
            StringBuilder value = new StringBuilder();
            List<String> pieces = new ArrayList<>();
            StringBuilder piece = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    throw error("unclosed string");
                }
                char c = text.charAt(pos++);
                if (c == '\'') {
                    break;
                }
                if (c == '\\') {
                    if (atEnd() || "'{}\\".indexOf(text.charAt(pos)) < 0) {
                        throw error("'\\' must escape one of ' { } \\");
                    }
                    char escaped = text.charAt(pos++);
                    value.append(escaped);
                    piece.append(escaped);
                } else if (c == '{' && pos < text.length() && text.charAt(pos) == '}') {
                    pos++;
                    value.append("{}");
                    pieces.add(piece.toString());
                    piece.setLength(0);
                } else if (c == '{' || c == '}') {
                    throw error("'" + c + "' is reserved: write \\" + c);
                } else {
                    value.append(c);
                    piece.append(c);
                }
            }
            pieces.add(piece.toString());
            return new Literal(NODES.textNode(value.toString()), List.copyOf(pieces));
        }

        /** A path runs to the next ',' or ')' outside brackets and quotes. */
        private ValueExpression.PathValue path() {
            int start = pos;
            int brackets = 0;
            char quote = 0;
            while (!atEnd()) {
                char c = text.charAt(pos);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '[' || c == '(') {
                    brackets++;
                } else if (c == ']' || (c == ')' && brackets > 0)) {
                    brackets--;
                } else if ((c == ',' || c == ')') && brackets == 0) {
                    break;
                }
                pos++;
            }
            String path = text.substring(start, pos).strip();
            try {
                return ValueExpression.PathValue.parse(path);
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        }
    }
}
