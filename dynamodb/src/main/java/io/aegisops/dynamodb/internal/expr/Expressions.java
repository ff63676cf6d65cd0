package io.aegisops.dynamodb.internal.expr;

import io.aegisops.dynamodb.internal.ApiException;
import io.aegisops.dynamodb.internal.expr.Ast.Condition;
import io.aegisops.dynamodb.internal.expr.Ast.Operand;
import io.aegisops.dynamodb.internal.expr.Ast.Path;
import io.aegisops.dynamodb.internal.value.Value;
import io.aegisops.dynamodb.internal.value.Values;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/**
 * Parses DynamoDB expressions with the ANTLR grammar {@code DynamoDbExpression.g4} and turns the parse tree
 * into {@link Ast} nodes, resolving placeholders and checking what the grammar cannot: function names and
 * arity, where each function may stand, reserved words, and operand types known before evaluation.
 */
public final class Expressions {

    /** The kind of expression, as DynamoDB names it in its messages. */
    public enum Kind {
        CONDITION("ConditionExpression"),
        FILTER("FilterExpression"),
        KEY_CONDITION("KeyConditionExpression"),
        PROJECTION("ProjectionExpression"),
        UPDATE("UpdateExpression");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private static final Set<String> RESERVED = loadReservedWords();
    private static final int CACHE_LIMIT = 2_048;
    private static final int MAX_EXPRESSION_BYTES = 4 * 1024;
    private static final Map<String, ParserRuleContext> TREES = new ConcurrentHashMap<>();

    private final Placeholders placeholders;
    private final Kind kind;

    private Expressions(Placeholders placeholders, Kind kind) {
        this.placeholders = placeholders;
        this.kind = kind;
    }

    public static Condition condition(String text, Kind kind, Placeholders placeholders) {
        var tree = (DynamoDbExpressionParser.ConditionExpressionContext) tree(text, kind, p -> p.conditionExpression());
        return new Expressions(placeholders, kind).condition(tree.condition());
    }

    public static List<Path> projection(String text, Placeholders placeholders) {
        var tree = (DynamoDbExpressionParser.ProjectionExpressionContext)
                tree(text, Kind.PROJECTION, p -> p.projectionExpression());
        Expressions builder = new Expressions(placeholders, Kind.PROJECTION);
        List<Path> paths = new ArrayList<>();
        for (var path : tree.path()) {
            paths.add(builder.path(path));
        }
        requireNoOverlap(paths, Kind.PROJECTION);
        return paths;
    }

    public static Ast.Update update(String text, Placeholders placeholders) {
        var tree =
                (DynamoDbExpressionParser.UpdateExpressionContext) tree(text, Kind.UPDATE, p -> p.updateExpression());
        return new Expressions(placeholders, Kind.UPDATE).update(tree);
    }

    // ---- parsing -------------------------------------------------------------------------------------

    private static ParserRuleContext tree(
            String text, Kind kind, Function<DynamoDbExpressionParser, ParserRuleContext> rule) {
        if (text.isBlank()) {
            throw invalid(kind, "The expression can not be empty;");
        }
        int size = text.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_EXPRESSION_BYTES) {
            throw invalid(kind, "Expression size has exceeded the maximum allowed size; expression size: " + size);
        }
        String cacheKey = kind.name() + ":" + text;
        ParserRuleContext cached = TREES.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        var lexer = new DynamoDbExpressionLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        var parser = new DynamoDbExpressionParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(new BaseErrorListener() {
            @Override
            public void syntaxError(
                    Recognizer<?, ?> recognizer,
                    Object offending,
                    int line,
                    int column,
                    String msg,
                    RecognitionException e) {
                String token = offending instanceof Token t ? (t.getType() == Token.EOF ? "<EOF>" : t.getText()) : "?";
                throw invalid(kind, "Syntax error; token: \"" + token + "\", near: \"" + near(text, column) + "\"");
            }
        });
        ParserRuleContext tree = rule.apply(parser);
        if (TREES.size() >= CACHE_LIMIT) {
            TREES.clear();
        }
        TREES.put(cacheKey, tree);
        return tree;
    }

    private static String near(String text, int column) {
        int from = Math.max(0, text.lastIndexOf(' ', Math.max(0, column - 2)));
        int to = text.indexOf(' ', Math.min(text.length(), column + 1));
        return text.substring(from, to < 0 ? text.length() : to).strip();
    }

    static ApiException invalid(Kind kind, String detail) {
        return ApiException.validation("Invalid " + kind.label + ": " + detail);
    }

    // ---- conditions ----------------------------------------------------------------------------------

    private Condition condition(DynamoDbExpressionParser.ConditionContext c) {
        return switch (c) {
            case DynamoDbExpressionParser.CompareContext cmp -> {
                Ast.Comparator comparator = Ast.Comparator.of(cmp.comparator().getText());
                Operand left = operand(cmp.operand(0));
                Operand right = operand(cmp.operand(1));
                if (comparator != Ast.Comparator.EQ && comparator != Ast.Comparator.NE) {
                    requireOrderedConstant(left, comparator.symbol);
                    requireOrderedConstant(right, comparator.symbol);
                }
                yield new Ast.Compare(comparator, left, right);
            }
            case DynamoDbExpressionParser.BetweenContext b -> {
                Operand value = operand(b.operand(0));
                Operand lower = operand(b.operand(1));
                Operand upper = operand(b.operand(2));
                requireOrderedConstant(value, "BETWEEN");
                requireOrderedConstant(lower, "BETWEEN");
                requireOrderedConstant(upper, "BETWEEN");
                if (lower instanceof Ast.Constant lo && upper instanceof Ast.Constant hi) {
                    if (!Values.comparable(lo.value(), hi.value())) {
                        throw invalid(
                                kind,
                                "The BETWEEN operator requires same data type for lower and upper bounds; "
                                        + "lower bound operand: AttributeValue: {"
                                        + lo.value().type() + "}, upper bound operand: "
                                        + "AttributeValue: {" + hi.value().type() + "}");
                    }
                    if (Values.compareKeys(lo.value(), hi.value()) > 0) {
                        throw invalid(
                                kind,
                                "The BETWEEN operator requires upper bound to be greater than or equal to lower"
                                        + " bound; lower operand: AttributeValue: {" + describe(lo.value())
                                        + "}, upper operand: "
                                        + "AttributeValue: {" + describe(hi.value()) + "}");
                    }
                }
                yield new Ast.Between(value, lower, upper);
            }
            case DynamoDbExpressionParser.InContext in -> {
                Operand value = operand(in.operand(0));
                List<Operand> candidates = new ArrayList<>();
                for (int i = 1; i < in.operand().size(); i++) {
                    candidates.add(operand(in.operand(i)));
                }
                if (candidates.size() > 100) {
                    throw invalid(
                            kind,
                            "The IN operator is provided with too many operands; number of operands: "
                                    + candidates.size());
                }
                yield new Ast.In(value, candidates);
            }
            case DynamoDbExpressionParser.FunctionConditionContext f -> functionCondition(f.function());
            case DynamoDbExpressionParser.ParenthesisedContext p -> {
                if (p.condition() instanceof DynamoDbExpressionParser.ParenthesisedContext) {
                    throw invalid(kind, "The expression has redundant parentheses;");
                }
                yield condition(p.condition());
            }
            case DynamoDbExpressionParser.NotContext n -> new Ast.Not(condition(n.condition()));
            case DynamoDbExpressionParser.AndContext a ->
                new Ast.And(condition(a.condition(0)), condition(a.condition(1)));
            case DynamoDbExpressionParser.OrContext o ->
                new Ast.Or(condition(o.condition(0)), condition(o.condition(1)));
            default -> throw new IllegalStateException("unknown condition " + c.getClass());
        };
    }

    private Condition functionCondition(DynamoDbExpressionParser.FunctionContext f) {
        String name = f.IDENTIFIER().getText();
        List<DynamoDbExpressionParser.OperandContext> args = f.operand();
        return switch (name) {
            case "attribute_exists" -> new Ast.Exists(pathArgument(name, args, 1));
            case "attribute_not_exists" -> new Ast.NotExists(pathArgument(name, args, 1));
            case "attribute_type" -> {
                Path path = pathArgument(name, args, 2);
                Operand type = operand(args.get(1));
                if (type instanceof Ast.Constant constant) {
                    AttributeTypes.require(constant.value(), kind);
                }
                yield new Ast.AttributeType(path, type);
            }
            case "begins_with" -> {
                arity(name, args, 2);
                Operand value = operand(args.get(0));
                Operand prefix = operand(args.get(1));
                for (Operand o : List.of(value, prefix)) {
                    if (o instanceof Ast.Constant c
                            && !(c.value() instanceof Value.S || c.value() instanceof Value.B)) {
                        throw invalid(
                                kind,
                                "Incorrect operand type for operator or function; operator or function: "
                                        + "begins_with, operand type: " + typeName(c.value()));
                    }
                }
                yield new Ast.BeginsWith(value, prefix);
            }
            case "contains" -> {
                arity(name, args, 2);
                yield new Ast.Contains(operand(args.get(0)), operand(args.get(1)));
            }
            case "size", "if_not_exists", "list_append" ->
                throw invalid(
                        kind, "The function is not allowed to be used this way in an expression; function: " + name);
            default -> throw invalid(kind, "Invalid function name; function: " + name);
        };
    }

    private void requireOrderedConstant(Operand operand, String operator) {
        if (operand instanceof Ast.Constant c
                && !(c.value() instanceof Value.S || c.value() instanceof Value.N || c.value() instanceof Value.B)) {
            throw invalid(
                    kind,
                    "Incorrect operand type for operator or function; operator or function: " + operator
                            + ", operand type: " + typeName(c.value()));
        }
    }

    // ---- operands and paths --------------------------------------------------------------------------

    private Operand operand(DynamoDbExpressionParser.OperandContext o) {
        return switch (o) {
            case DynamoDbExpressionParser.PathOperandContext p -> new Ast.PathOperand(path(p.path()));
            case DynamoDbExpressionParser.ValueOperandContext v -> {
                String placeholder = v.VALUE_REF().getText();
                yield new Ast.Constant(placeholder, placeholders.value(placeholder, kind.label));
            }
            case DynamoDbExpressionParser.FunctionOperandContext f -> functionOperand(f.function());
            default -> throw new IllegalStateException("unknown operand " + o.getClass());
        };
    }

    private Operand functionOperand(DynamoDbExpressionParser.FunctionContext f) {
        String name = f.IDENTIFIER().getText();
        List<DynamoDbExpressionParser.OperandContext> args = f.operand();
        return switch (name) {
            case "size" -> {
                if (kind == Kind.UPDATE) {
                    throw invalid(kind, "The function is not allowed in an update expression; function: size");
                }
                yield new Ast.Size(pathArgument(name, args, 1));
            }
            case "if_not_exists" -> {
                requireUpdate(name);
                yield new Ast.IfNotExists(pathArgument(name, args, 2), operand(args.get(1)));
            }
            case "list_append" -> {
                requireUpdate(name);
                arity(name, args, 2);
                yield new Ast.ListAppend(operand(args.get(0)), operand(args.get(1)));
            }
            case "attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains" ->
                throw invalid(
                        kind, "The function is not allowed to be used this way in an expression; function: " + name);
            default -> throw invalid(kind, "Invalid function name; function: " + name);
        };
    }

    private void requireUpdate(String function) {
        if (kind != Kind.UPDATE) {
            throw invalid(
                    kind, "The function is not allowed to be used this way in an expression; function: " + function);
        }
    }

    private void arity(String function, List<DynamoDbExpressionParser.OperandContext> args, int expected) {
        if (args.size() != expected) {
            throw invalid(
                    kind,
                    "Incorrect number of operands for operator or function; operator or function: " + function
                            + ", number of operands: " + args.size());
        }
    }

    private Path pathArgument(String function, List<DynamoDbExpressionParser.OperandContext> args, int arity) {
        arity(function, args, arity);
        if (!(args.get(0) instanceof DynamoDbExpressionParser.PathOperandContext p)) {
            throw invalid(kind, "Operator or function requires a document path; operator or function: " + function);
        }
        return path(p.path());
    }

    Path path(DynamoDbExpressionParser.PathContext p) {
        List<Object> elements = new ArrayList<>();
        for (int i = 0; i < p.getChildCount(); i++) {
            var child = p.getChild(i);
            if (child instanceof DynamoDbExpressionParser.NameContext name) {
                elements.add(name(name));
            } else if ("[".equals(child.getText())) {
                String index = p.getChild(i + 1).getText();
                try {
                    elements.add(Integer.parseInt(index));
                } catch (NumberFormatException e) {
                    throw invalid(kind, "List index is too large; index: " + index);
                }
                i += 2;
            }
        }
        return new Path(List.copyOf(elements));
    }

    private String name(DynamoDbExpressionParser.NameContext n) {
        if (n.NAME_REF() != null) {
            return placeholders.name(n.NAME_REF().getText(), kind.label);
        }
        String word = n.IDENTIFIER().getText();
        if (RESERVED.contains(word.toUpperCase(Locale.ROOT))) {
            throw invalid(kind, "Attribute name is a reserved keyword; reserved keyword: " + word);
        }
        return word;
    }

    // ---- updates -------------------------------------------------------------------------------------

    private Ast.Update update(DynamoDbExpressionParser.UpdateExpressionContext tree) {
        List<Ast.SetAction> sets = new ArrayList<>();
        List<Path> removes = new ArrayList<>();
        List<Ast.AddAction> adds = new ArrayList<>();
        List<Ast.DeleteAction> deletes = new ArrayList<>();
        Set<String> clauses = new HashSet<>();
        for (var clause : tree.updateClause()) {
            String keyword = clause.getStart().getText().toUpperCase(Locale.ROOT);
            if (!clauses.add(keyword)) {
                throw invalid(kind, "The \"" + keyword + "\" section can only be used once in an update expression;");
            }
            switch (clause) {
                case DynamoDbExpressionParser.SetClauseContext set -> {
                    for (var action : set.setAction()) {
                        sets.add(new Ast.SetAction(path(action.path()), setValue(action.setValue())));
                    }
                }
                case DynamoDbExpressionParser.RemoveClauseContext remove ->
                    remove.path().forEach(p -> removes.add(path(p)));
                case DynamoDbExpressionParser.AddClauseContext add -> {
                    for (int i = 0; i < add.path().size(); i++) {
                        Ast.Constant value = constantFor("ADD", add.operand(i));
                        if (!(value.value() instanceof Value.N || isSet(value.value()))) {
                            throw invalid(
                                    kind,
                                    "Incorrect operand type for operator or function; operator: ADD, operand type: "
                                            + typeName(value.value()));
                        }
                        adds.add(new Ast.AddAction(path(add.path(i)), value));
                    }
                }
                case DynamoDbExpressionParser.DeleteClauseContext delete -> {
                    for (int i = 0; i < delete.path().size(); i++) {
                        Ast.Constant value = constantFor("DELETE", delete.operand(i));
                        if (!isSet(value.value())) {
                            throw invalid(
                                    kind,
                                    "Incorrect operand type for operator or function; operator: DELETE, operand type: "
                                            + typeName(value.value()));
                        }
                        deletes.add(new Ast.DeleteAction(path(delete.path(i)), value));
                    }
                }
                default -> throw new IllegalStateException("unknown clause " + clause.getClass());
            }
        }
        Ast.Update update = new Ast.Update(sets, removes, adds, deletes);
        requireNoOverlap(update.paths(), kind);
        return update;
    }

    private Ast.Constant constantFor(String action, DynamoDbExpressionParser.OperandContext operand) {
        if (!(operand instanceof DynamoDbExpressionParser.ValueOperandContext)) {
            throw invalid(kind, "Syntax error; token: \"" + operand.getText() + "\", near: \"" + action + "\"");
        }
        return (Ast.Constant) operand(operand);
    }

    private Ast.SetValue setValue(DynamoDbExpressionParser.SetValueContext v) {
        return switch (v) {
            case DynamoDbExpressionParser.PlusContext p ->
                new Ast.SetValue(operand(p.operand(0)), '+', operand(p.operand(1)));
            case DynamoDbExpressionParser.MinusContext m ->
                new Ast.SetValue(operand(m.operand(0)), '-', operand(m.operand(1)));
            case DynamoDbExpressionParser.PlainContext p -> Ast.SetValue.of(operand(p.operand()));
            default -> throw new IllegalStateException("unknown set value " + v.getClass());
        };
    }

    private static void requireNoOverlap(List<Path> paths, Kind kind) {
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                Path a = paths.get(i);
                Path b = paths.get(j);
                if (a.equals(b)) {
                    throw invalid(
                            kind,
                            "Two document paths conflict with each other; must remove or rewrite one of these "
                                    + "paths; path one: " + a + ", path two: " + b);
                }
                if (a.startsWith(b) || b.startsWith(a)) {
                    throw invalid(
                            kind,
                            "Two document paths overlap with each other; must remove or rewrite one of these "
                                    + "paths; path one: " + a + ", path two: " + b);
                }
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------

    static boolean isSet(Value v) {
        return v instanceof Value.SS || v instanceof Value.NS || v instanceof Value.BS;
    }

    /** The type names DynamoDB's messages use for operands. */
    static String typeName(Value v) {
        return switch (v) {
            case Value.S ignored -> "STRING";
            case Value.N ignored -> "NUMBER";
            case Value.B ignored -> "BINARY";
            case Value.Bool ignored -> "BOOLEAN";
            case Value.Null ignored -> "NULL";
            case Value.SS ignored -> "SS";
            case Value.NS ignored -> "NS";
            case Value.BS ignored -> "BS";
            case Value.L ignored -> "LIST";
            case Value.M ignored -> "MAP";
        };
    }

    private static String describe(Value v) {
        return v.type() + ":" + Values.json(v).elements().next().asText();
    }

    private static Set<String> loadReservedWords() {
        var in = Expressions.class.getResourceAsStream("reserved-words.txt");
        if (in == null) {
            throw new IllegalStateException("reserved-words.txt missing from the class path");
        }
        try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            Set<String> words = new HashSet<>();
            reader.lines().map(String::strip).filter(w -> !w.isEmpty()).forEach(words::add);
            return Set.copyOf(words);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
