package io.aegisops.dynamodb.internal.expr;

import io.aegisops.dynamodb.internal.ApiException;
import io.aegisops.dynamodb.internal.expr.Ast.Path;
import io.aegisops.dynamodb.internal.value.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reading, writing and projecting document paths ({@code a.b[2].c}) of immutable items. */
public final class Documents {

    private Documents() {
    }

    /** The value at {@code path}, or null where any step of it is missing or of the wrong kind. */
    public static Value get(Map<String, Value> item, Path path) {
        if (item == null) {
            return null;
        }
        Value current = item.get(path.first());
        for (int i = 1; i < path.elements().size() && current != null; i++) {
            Object step = path.elements().get(i);
            if (step instanceof String name) {
                current = current instanceof Value.M m ? m.values().get(name) : null;
            } else {
                int index = (Integer) step;
                current = current instanceof Value.L l && index < l.values().size() ? l.values().get(index) : null;
            }
        }
        return current;
    }

    /** A copy of {@code item} with {@code value} at {@code path}; a list index past the end appends. */
    static Map<String, Value> set(Map<String, Value> item, Path path, Value value) {
        Map<String, Value> copy = new LinkedHashMap<>(item);
        copy.put(path.first(), path.isTopLevel() ? value : setIn(item.get(path.first()), path.elements(), 1, value));
        return copy;
    }

    private static Value setIn(Value container, List<Object> steps, int at, Value value) {
        Object step = steps.get(at);
        boolean last = at == steps.size() - 1;
        if (step instanceof String name) {
            if (!(container instanceof Value.M m)) {
                throw invalidPath();
            }
            Map<String, Value> map = new LinkedHashMap<>(m.values());
            map.put(name, last ? value : setIn(m.values().get(name), steps, at + 1, value));
            return new Value.M(Collections.unmodifiableMap(map));
        }
        if (!(container instanceof Value.L l)) {
            throw invalidPath();
        }
        int index = (Integer) step;
        List<Value> list = new ArrayList<>(l.values());
        if (index >= list.size()) {
            if (!last) {
                throw invalidPath();
            }
            list.add(value);
        } else {
            list.set(index, last ? value : setIn(list.get(index), steps, at + 1, value));
        }
        return new Value.L(Collections.unmodifiableList(list));
    }

    /** A copy of {@code item} without {@code path}; removing what is not there changes nothing. */
    static Map<String, Value> remove(Map<String, Value> item, Path path) {
        if (!item.containsKey(path.first())) {
            if (!path.isTopLevel()) {
                throw invalidPath();
            }
            return item;
        }
        Map<String, Value> copy = new LinkedHashMap<>(item);
        if (path.isTopLevel()) {
            copy.remove(path.first());
        } else {
            copy.put(path.first(), removeIn(item.get(path.first()), path.elements(), 1));
        }
        return copy;
    }

    private static Value removeIn(Value container, List<Object> steps, int at) {
        Object step = steps.get(at);
        boolean last = at == steps.size() - 1;
        if (step instanceof String name) {
            if (!(container instanceof Value.M m)) {
                throw invalidPath();
            }
            if (!m.values().containsKey(name)) {
                if (!last) {
                    throw invalidPath();
                }
                return m;
            }
            Map<String, Value> map = new LinkedHashMap<>(m.values());
            if (last) {
                map.remove(name);
            } else {
                map.put(name, removeIn(m.values().get(name), steps, at + 1));
            }
            return new Value.M(Collections.unmodifiableMap(map));
        }
        if (!(container instanceof Value.L l)) {
            throw invalidPath();
        }
        int index = (Integer) step;
        if (index >= l.values().size()) {
            if (!last) {
                throw invalidPath();
            }
            return l;
        }
        List<Value> list = new ArrayList<>(l.values());
        if (last) {
            list.remove(index);
        } else {
            list.set(index, removeIn(list.get(index), steps, at + 1));
        }
        return new Value.L(Collections.unmodifiableList(list));
    }

    static ApiException invalidPath() {
        return ApiException.validation("The document path provided in the update expression is invalid for update");
    }

    /**
     * The parts of {@code item} that {@code paths} name, nested as in the item; list elements picked by index
     * keep their relative order, as DynamoDB returns them.
     */
    public static Map<String, Value> project(Map<String, Value> item, List<Path> paths) {
        Node root = new Node();
        for (Path path : paths) {
            Value value = get(item, path);
            if (value != null) {
                root.put(path.elements(), 0, value);
            }
        }
        Map<String, Value> result = new LinkedHashMap<>();
        // Keep the item's own attribute order, which is what a reader of the whole item sees.
        for (String name : item.keySet()) {
            Node child = root.children.get(name);
            if (child != null) {
                result.put(name, child.toValue());
            }
        }
        return result;
    }

    /** A partial document under construction: either a whole value or children by name or by index. */
    private static final class Node {
        Value whole;
        final Map<Object, Node> children = new LinkedHashMap<>();
        final TreeMap<Integer, Node> elements = new TreeMap<>();
        boolean list;

        void put(List<Object> steps, int at, Value value) {
            Object step = steps.get(at);
            Node child;
            if (step instanceof Integer index) {
                list = true;
                child = elements.computeIfAbsent(index, k -> new Node());
            } else {
                child = children.computeIfAbsent(step, k -> new Node());
            }
            if (at == steps.size() - 1) {
                child.whole = value;
            } else {
                child.put(steps, at + 1, value);
            }
        }

        Value toValue() {
            if (whole != null) {
                return whole;
            }
            if (list) {
                List<Value> values = new ArrayList<>();
                elements.values().forEach(n -> values.add(n.toValue()));
                return new Value.L(Collections.unmodifiableList(values));
            }
            Map<String, Value> map = new LinkedHashMap<>();
            children.forEach((k, n) -> map.put((String) k, n.toValue()));
            return new Value.M(Collections.unmodifiableMap(map));
        }
    }
}
