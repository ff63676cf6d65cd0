package io.aegisops.dynamodb.internal.expr;

import io.aegisops.dynamodb.internal.value.Value;
import java.util.List;

/** Parsed expressions with every {@code #name} and {@code :value} placeholder already resolved. */
public final class Ast {

    private Ast() {
    }

    /** A document path: attribute names (String) and list indexes (Integer), outermost first. */
    public record Path(List<Object> elements) {
        public String first() {
            return (String) elements.get(0);
        }

        public boolean isTopLevel() {
            return elements.size() == 1;
        }

        /** Whether this path is {@code other} or lies inside it. */
        public boolean startsWith(Path other) {
            return other.elements.size() <= elements.size() && elements.subList(0, other.elements.size()).equals(other.elements);
        }

        @Override
        public String toString() {
            return elements.toString();
        }
    }

    public sealed interface Operand permits PathOperand, Constant, Size, IfNotExists, ListAppend {
    }

    public record PathOperand(Path path) implements Operand {
    }

    /** A value from ExpressionAttributeValues; {@code name} is the placeholder, kept for messages. */
    public record Constant(String name, Value value) implements Operand {
    }

    public record Size(Path path) implements Operand {
    }

    public record IfNotExists(Path path, Operand fallback) implements Operand {
    }

    public record ListAppend(Operand first, Operand second) implements Operand {
    }

    public enum Comparator {
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

        final String symbol;

        Comparator(String symbol) {
            this.symbol = symbol;
        }

        static Comparator of(String symbol) {
            for (Comparator c : values()) {
                if (c.symbol.equals(symbol)) {
                    return c;
                }
            }
            throw new IllegalArgumentException(symbol);
        }
    }

    public sealed interface Condition permits Compare, Between, In, Exists, NotExists, AttributeType, BeginsWith, Contains,
            Not, And, Or {
    }

    public record Compare(Comparator comparator, Operand left, Operand right) implements Condition {
    }

    public record Between(Operand value, Operand lower, Operand upper) implements Condition {
    }

    public record In(Operand value, List<Operand> candidates) implements Condition {
    }

    public record Exists(Path path) implements Condition {
    }

    public record NotExists(Path path) implements Condition {
    }

    public record AttributeType(Path path, Operand type) implements Condition {
    }

    public record BeginsWith(Operand value, Operand prefix) implements Condition {
    }

    public record Contains(Operand container, Operand member) implements Condition {
    }

    public record Not(Condition condition) implements Condition {
    }

    public record And(Condition left, Condition right) implements Condition {
    }

    public record Or(Condition left, Condition right) implements Condition {
    }

    /** The right-hand side of a SET action: an operand, or the sum or difference of two. */
    public record SetValue(Operand left, char operator, Operand right) {
        public static SetValue of(Operand operand) {
            return new SetValue(operand, ' ', null);
        }
    }

    public record SetAction(Path path, SetValue value) {
    }

    public record AddAction(Path path, Constant value) {
    }

    public record DeleteAction(Path path, Constant value) {
    }

    public record Update(List<SetAction> sets, List<Path> removes, List<AddAction> adds, List<DeleteAction> deletes) {
        /** Every path the update writes, in the order its clauses name them. */
        public List<Path> paths() {
            List<Path> all = new java.util.ArrayList<>();
            sets.forEach(a -> all.add(a.path()));
            all.addAll(removes);
            adds.forEach(a -> all.add(a.path()));
            deletes.forEach(a -> all.add(a.path()));
            return all;
        }
    }
}
