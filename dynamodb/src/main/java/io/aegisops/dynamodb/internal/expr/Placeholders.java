package io.aegisops.dynamodb.internal.expr;

import io.aegisops.dynamodb.internal.ApiException;
import io.aegisops.dynamodb.internal.value.Value;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One request's ExpressionAttributeNames and ExpressionAttributeValues, shared by all of its expressions, so
 * that a placeholder none of them uses is reported as DynamoDB does.
 */
public final class Placeholders {

    private final Map<String, String> names;
    private final Map<String, Value> values;
    private final Set<String> usedNames = new LinkedHashSet<>();
    private final Set<String> usedValues = new LinkedHashSet<>();

    public Placeholders(Map<String, String> names, Map<String, Value> values) {
        this.names = names == null ? Map.of() : names;
        this.values = values == null ? Map.of() : values;
    }

    String name(String placeholder, String kind) {
        String name = names.get(placeholder);
        if (name == null) {
            throw ApiException.validation("Invalid " + kind
                    + ": An expression attribute name used in the document path is not defined; attribute name: " + placeholder);
        }
        usedNames.add(placeholder);
        return name;
    }

    Value value(String placeholder, String kind) {
        Value value = values.get(placeholder);
        if (value == null) {
            throw ApiException.validation("Invalid " + kind
                    + ": An expression attribute value used in expression is not defined; attribute value: " + placeholder);
        }
        usedValues.add(placeholder);
        return value;
    }

    /** Fails as DynamoDB does when a name or value was given that no expression of the request uses. */
    public void requireAllUsed() {
        Set<String> unusedNames = new TreeSet<>(names.keySet());
        unusedNames.removeAll(usedNames);
        if (!unusedNames.isEmpty()) {
            throw ApiException.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {"
                    + String.join(", ", unusedNames) + "}");
        }
        Set<String> unusedValues = new TreeSet<>(values.keySet());
        unusedValues.removeAll(usedValues);
        if (!unusedValues.isEmpty()) {
            throw ApiException.validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {"
                    + String.join(", ", unusedValues) + "}");
        }
    }
}
