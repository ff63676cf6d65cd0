package io.aegisops.dynamodb.internal.api;

import io.aegisops.dynamodb.internal.ApiException;
import io.aegisops.dynamodb.internal.expr.Ast;
import io.aegisops.dynamodb.internal.table.Key;
import io.aegisops.dynamodb.internal.table.KeyDef;
import io.aegisops.dynamodb.internal.value.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * A Query's KeyConditionExpression as a range of keys: one partition, and within it an optional sort-key range
 * ({@code beginsWith} narrows it further, since a prefix is no single bound).
 */
record KeyRange(Key from, Key to, Value beginsWith) {

    static KeyRange of(Ast.Condition condition, KeyDef hash, KeyDef range) {
        List<Ast.Condition> parts = new ArrayList<>();
        flatten(condition, parts);
        Value hashValue = null;
        Ast.Condition rangeCondition = null;
        for (Ast.Condition part : parts) {
            String attribute = attributeOf(part);
            if (attribute.equals(hash.name())) {
                if (hashValue != null) {
                    throw ApiException.validation("KeyConditionExpressions must only contain one condition per key");
                }
                if (!(part instanceof Ast.Compare c && c.comparator() == Ast.Comparator.EQ)) {
                    throw ApiException.validation("Query key condition not supported");
                }
                hashValue = typed(constantOf(c), hash);
            } else if (range != null && attribute.equals(range.name())) {
                if (rangeCondition != null) {
                    throw ApiException.validation("KeyConditionExpressions must only contain one condition per key");
                }
                rangeCondition = part;
            } else {
                throw ApiException.validation(
                        "Query condition missed key schema element: " + (range == null ? hash.name() : range.name()));
            }
        }
        if (hashValue == null) {
            throw ApiException.validation("Query condition missed key schema element: " + hash.name());
        }
        if (rangeCondition == null) {
            return new KeyRange(Key.partitionStart(hashValue), Key.partitionEnd(hashValue), null);
        }
        Key start = Key.partitionStart(hashValue);
        Key end = Key.partitionEnd(hashValue);
        return switch (rangeCondition) {
            case Ast.Compare c -> {
                Value v = typed(constantOf(c), range);
                Ast.Comparator op = c.left() instanceof Ast.PathOperand ? c.comparator() : mirrored(c.comparator());
                yield switch (op) {
                    case EQ -> new KeyRange(Key.around(hashValue, v, -1), Key.around(hashValue, v, 1), null);
                    case LT -> new KeyRange(start, Key.around(hashValue, v, -1), null);
                    case LE -> new KeyRange(start, Key.around(hashValue, v, 1), null);
                    case GT -> new KeyRange(Key.around(hashValue, v, 1), end, null);
                    case GE -> new KeyRange(Key.around(hashValue, v, -1), end, null);
                    case NE ->
                        throw ApiException.validation("Unsupported operator on KeyConditionExpression: operator: <>");
                };
            }
            case Ast.Between b -> {
                if (!(b.lower() instanceof Ast.Constant lo) || !(b.upper() instanceof Ast.Constant hi)) {
                    throw ApiException.validation("Query key condition not supported");
                }
                yield new KeyRange(
                        Key.around(hashValue, typed(lo.value(), range), -1),
                        Key.around(hashValue, typed(hi.value(), range), 1),
                        null);
            }
            case Ast.BeginsWith bw -> {
                if (!(bw.prefix() instanceof Ast.Constant p)) {
                    throw ApiException.validation("Query key condition not supported");
                }
                Value prefix = typed(p.value(), range);
                if (prefix instanceof Value.N) {
                    throw ApiException.validation(
                            "Invalid KeyConditionExpression: Incorrect operand type for operator or "
                                    + "function; operator or function: begins_with, operand type: N");
                }
                yield new KeyRange(Key.around(hashValue, prefix, -1), end, prefix);
            }
            default -> throw ApiException.validation("Query key condition not supported");
        };
    }

    private static void flatten(Ast.Condition condition, List<Ast.Condition> parts) {
        switch (condition) {
            case Ast.And and -> {
                flatten(and.left(), parts);
                flatten(and.right(), parts);
            }
            case Ast.Or ignored -> throw ApiException.validation("Invalid operator used in KeyConditionExpression: OR");
            case Ast.Not ignored ->
                throw ApiException.validation("Invalid operator used in KeyConditionExpression: NOT");
            case Ast.In ignored -> throw ApiException.validation("Invalid operator used in KeyConditionExpression: IN");
            case Ast.Exists ignored ->
                throw ApiException.validation("Invalid operator used in KeyConditionExpression: attribute_exists");
            case Ast.NotExists ignored ->
                throw ApiException.validation("Invalid operator used in KeyConditionExpression: attribute_not_exists");
            case Ast.AttributeType ignored ->
                throw ApiException.validation("Invalid operator used in KeyConditionExpression: attribute_type");
            case Ast.Contains ignored ->
                throw ApiException.validation("Invalid operator used in KeyConditionExpression: contains");
            default -> parts.add(condition);
        }
    }

    private static String attributeOf(Ast.Condition condition) {
        Ast.Operand operand = switch (condition) {
            case Ast.Compare c -> c.left() instanceof Ast.PathOperand ? c.left() : c.right();
            case Ast.Between b -> b.value();
            case Ast.BeginsWith b -> b.value();
            default -> null;
        };
        if (!(operand instanceof Ast.PathOperand p) || !p.path().isTopLevel()) {
            throw ApiException.validation("Query key condition not supported");
        }
        return p.path().first();
    }

    private static Value constantOf(Ast.Compare c) {
        Ast.Operand other = c.left() instanceof Ast.PathOperand ? c.right() : c.left();
        if (!(other instanceof Ast.Constant constant)) {
            throw ApiException.validation("Query key condition not supported");
        }
        return constant.value();
    }

    private static Value typed(Value v, KeyDef key) {
        if (!v.type().equals(key.type())) {
            throw ApiException.validation(
                    "One or more parameter values were invalid: Condition parameter type does not match "
                            + "schema type");
        }
        return v;
    }

    private static Ast.Comparator mirrored(Ast.Comparator c) {
        return switch (c) {
            case LT -> Ast.Comparator.GT;
            case LE -> Ast.Comparator.GE;
            case GT -> Ast.Comparator.LT;
            case GE -> Ast.Comparator.LE;
            default -> c;
        };
    }

    /** Whether a sort key inside [from, to] also satisfies the prefix, if there is one. */
    boolean admits(Value sortKey) {
        if (beginsWith == null) {
            return true;
        }
        if (sortKey instanceof Value.S s && beginsWith instanceof Value.S p) {
            return s.value().startsWith(p.value());
        }
        return sortKey instanceof Value.B b
                && beginsWith instanceof Value.B p
                && b.value().startsWith(p.value());
    }
}
