package io.aegisops.dynamodb.internal.expr;

import io.aegisops.dynamodb.internal.ApiException;
import io.aegisops.dynamodb.internal.expr.Ast.Condition;
import io.aegisops.dynamodb.internal.expr.Ast.Operand;
import io.aegisops.dynamodb.internal.value.Value;
import io.aegisops.dynamodb.internal.value.Values;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Evaluates conditions and operands against an item as DynamoDB does: a missing attribute or a value of
 * another type makes a comparison false rather than an error.
 */
public final class Evaluator {

    private final Expressions.Kind kind;

    public Evaluator(Expressions.Kind kind) {
        this.kind = kind;
    }

    /** Whether {@code item} (null: no item) satisfies {@code condition}. */
    public boolean test(Condition condition, Map<String, Value> item) {
        return switch (condition) {
            case Ast.Compare c -> compare(c.comparator(), value(c.left(), item), value(c.right(), item));
            case Ast.Between b -> {
                Value v = value(b.value(), item);
                Value lo = value(b.lower(), item);
                Value hi = value(b.upper(), item);
                yield v != null
                        && lo != null
                        && hi != null
                        && Values.comparable(v, lo)
                        && Values.comparable(v, hi)
                        && Values.compareKeys(v, lo) >= 0
                        && Values.compareKeys(v, hi) <= 0;
            }
            case Ast.In in -> {
                Value v = value(in.value(), item);
                if (v == null) {
                    yield false;
                }
                for (Operand candidate : in.candidates()) {
                    if (v.equals(value(candidate, item))) {
                        yield true;
                    }
                }
                yield false;
            }
            case Ast.Exists e -> Documents.get(item, e.path()) != null;
            case Ast.NotExists e -> Documents.get(item, e.path()) == null;
            case Ast.AttributeType t -> {
                Value v = Documents.get(item, t.path());
                Value type = value(t.type(), item);
                if (type != null) {
                    AttributeTypes.require(type, kind);
                }
                yield v != null && type instanceof Value.S s && v.type().equals(s.value());
            }
            case Ast.BeginsWith b -> {
                Value v = value(b.value(), item);
                Value prefix = value(b.prefix(), item);
                if (v instanceof Value.S s && prefix instanceof Value.S p) {
                    yield s.value().startsWith(p.value());
                }
                yield v instanceof Value.B bin
                        && prefix instanceof Value.B p
                        && bin.value().startsWith(p.value());
            }
            case Ast.Contains c -> contains(value(c.container(), item), value(c.member(), item));
            case Ast.Not n -> !test(n.condition(), item);
            case Ast.And a -> test(a.left(), item) && test(a.right(), item);
            case Ast.Or o -> test(o.left(), item) || test(o.right(), item);
        };
    }

    /** The operand's value for {@code item}, or null where the path names no attribute. */
    public Value value(Operand operand, Map<String, Value> item) {
        return switch (operand) {
            case Ast.PathOperand p -> Documents.get(item, p.path());
            case Ast.Constant c -> c.value();
            case Ast.Size s -> size(Documents.get(item, s.path()));
            case Ast.IfNotExists f -> {
                Value existing = Documents.get(item, f.path());
                yield existing != null ? existing : value(f.fallback(), item);
            }
            case Ast.ListAppend l -> {
                Value first = required(value(l.first(), item));
                Value second = required(value(l.second(), item));
                if (!(first instanceof Value.L a) || !(second instanceof Value.L b)) {
                    throw wrongOperandType();
                }
                var joined = new java.util.ArrayList<Value>(a.values());
                joined.addAll(b.values());
                yield new Value.L(java.util.List.copyOf(joined));
            }
        };
    }

    private Value size(Value v) {
        if (v == null) {
            return null;
        }
        long size = switch (v) {
            case Value.S s -> s.value().codePointCount(0, s.value().length());
            case Value.B b -> b.value().length();
            case Value.SS ss -> ss.values().size();
            case Value.NS ns -> ns.values().size();
            case Value.BS bs -> bs.values().size();
            case Value.L l -> l.values().size();
            case Value.M m -> m.values().size();
            default ->
                throw Expressions.invalid(
                        kind,
                        "Incorrect operand type for operator or function; operator or function: "
                                + "size, operand type: " + Expressions.typeName(v));
        };
        return new Value.N(Values.normalise(BigDecimal.valueOf(size)));
    }

    private static boolean compare(Ast.Comparator comparator, Value a, Value b) {
        return switch (comparator) {
            case EQ -> a != null && a.equals(b);
            case NE -> a == null ? b != null : !a.equals(b);
            case LT -> ordered(a, b) && Values.compareKeys(a, b) < 0;
            case LE -> ordered(a, b) && Values.compareKeys(a, b) <= 0;
            case GT -> ordered(a, b) && Values.compareKeys(a, b) > 0;
            case GE -> ordered(a, b) && Values.compareKeys(a, b) >= 0;
        };
    }

    private static boolean ordered(Value a, Value b) {
        return a != null && b != null && Values.comparable(a, b);
    }

    private static boolean contains(Value container, Value member) {
        if (container == null || member == null) {
            return false;
        }
        return switch (container) {
            case Value.S s -> member instanceof Value.S m && s.value().contains(m.value());
            case Value.B b -> false;
            case Value.SS ss -> member instanceof Value.S m && ss.values().contains(m.value());
            case Value.NS ns -> member instanceof Value.N m && ns.values().contains(m.value());
            case Value.BS bs -> member instanceof Value.B m && bs.values().contains(m.value());
            case Value.L l -> l.values().contains(member);
            default -> false;
        };
    }

    static ApiException attributeMissing() {
        return ApiException.validation(
                "The provided expression refers to an attribute that does not exist in the item");
    }

    static ApiException wrongOperandType() {
        return ApiException.validation("An operand in the update expression has an incorrect data type");
    }

    private static Value required(Value v) {
        if (v == null) {
            throw attributeMissing();
        }
        return v;
    }

    /** For SET: the value an action writes, computed from the item as it was before the update. */
    Value setValue(Ast.SetValue value, Map<String, Value> item) {
        Value left = required(value(value.left(), item));
        if (value.right() == null) {
            return left;
        }
        Value right = required(value(value.right(), item));
        if (!(left instanceof Value.N a) || !(right instanceof Value.N b)) {
            throw wrongOperandType();
        }
        BigDecimal result =
                value.operator() == '+' ? a.value().add(b.value()) : a.value().subtract(b.value());
        return new Value.N(Values.normalise(result));
    }
}
