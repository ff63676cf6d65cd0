package io.aegisops.dynamodb.internal.expr;

import io.aegisops.dynamodb.internal.expr.Ast.Path;
import io.aegisops.dynamodb.internal.value.Bytes;
import io.aegisops.dynamodb.internal.value.Value;
import io.aegisops.dynamodb.internal.value.Values;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Applies an update expression to an item: every SET value is computed from the item as it was before. */
public final class Updater {

    private Updater() {
    }

    /** The item after {@code update}; {@code item} is the existing item, or just its key when there is none. */
    public static Map<String, Value> apply(Ast.Update update, Map<String, Value> item) {
        Evaluator evaluator = new Evaluator(Expressions.Kind.UPDATE);
        List<Value> newValues = new ArrayList<>();
        for (Ast.SetAction action : update.sets()) {
            newValues.add(evaluator.setValue(action.value(), item));
        }
        Map<String, Value> result = new LinkedHashMap<>(item);
        for (int i = 0; i < update.sets().size(); i++) {
            result = Documents.set(result, update.sets().get(i).path(), newValues.get(i));
        }
        // Removing list elements by their original indexes: the highest first, so the others do not shift.
        List<Path> removes = new ArrayList<>(update.removes());
        removes.sort(Comparator.comparing(Updater::lastIndex).reversed());
        for (Path path : removes) {
            result = Documents.remove(result, path);
        }
        for (Ast.AddAction add : update.adds()) {
            Value existing = Documents.get(result, add.path());
            Value added = add.value().value();
            Value sum;
            if (existing == null) {
                sum = added;
            } else if (existing instanceof Value.N a && added instanceof Value.N b) {
                sum = new Value.N(Values.normalise(a.value().add(b.value())));
            } else if (existing.getClass() == added.getClass() && Expressions.isSet(existing)) {
                sum = union(existing, added);
            } else {
                throw Evaluator.wrongOperandType();
            }
            result = Documents.set(result, add.path(), sum);
        }
        for (Ast.DeleteAction delete : update.deletes()) {
            Value existing = Documents.get(result, delete.path());
            if (existing == null) {
                continue;
            }
            if (existing.getClass() != delete.value().value().getClass()) {
                throw Evaluator.wrongOperandType();
            }
            Value remaining = difference(existing, delete.value().value());
            result = remaining == null ? Documents.remove(result, delete.path()) : Documents.set(result, delete.path(), remaining);
        }
        return Collections.unmodifiableMap(result);
    }

    private static int lastIndex(Path path) {
        Object last = path.elements().get(path.elements().size() - 1);
        return last instanceof Integer index ? index : -1;
    }

    private static Value union(Value a, Value b) {
        return switch (a) {
            case Value.SS ss -> new Value.SS(joined(ss.values(), ((Value.SS) b).values()));
            case Value.NS ns -> new Value.NS(joined(ns.values(), ((Value.NS) b).values()));
            case Value.BS bs -> new Value.BS(joined(bs.values(), ((Value.BS) b).values()));
            default -> throw Evaluator.wrongOperandType();
        };
    }

    private static <T> Set<T> joined(Set<T> a, Set<T> b) {
        Set<T> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return Collections.unmodifiableSet(all);
    }

    /** The set without the members of {@code removed}, or null when nothing is left (an empty set cannot exist). */
    private static Value difference(Value set, Value removed) {
        return switch (set) {
            case Value.SS ss -> {
                Set<String> left = without(ss.values(), ((Value.SS) removed).values());
                yield left.isEmpty() ? null : new Value.SS(left);
            }
            case Value.NS ns -> {
                Set<BigDecimal> left = without(ns.values(), ((Value.NS) removed).values());
                yield left.isEmpty() ? null : new Value.NS(left);
            }
            case Value.BS bs -> {
                Set<Bytes> left = without(bs.values(), ((Value.BS) removed).values());
                yield left.isEmpty() ? null : new Value.BS(left);
            }
            default -> throw Evaluator.wrongOperandType();
        };
    }

    private static <T> Set<T> without(Set<T> a, Set<T> b) {
        Set<T> left = new LinkedHashSet<>(a);
        left.removeAll(b);
        return Collections.unmodifiableSet(left);
    }
}
