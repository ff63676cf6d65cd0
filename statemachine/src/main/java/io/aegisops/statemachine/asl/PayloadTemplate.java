package io.aegisops.statemachine.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters, ResultSelector and ItemSelector: a JSON template whose fields named {@code "key.$"}
 * are replaced, at any depth, by the value of a path, a context path or an intrinsic function; the
 * output field is named {@code key}. Everything else is copied as it is.
 */
public final class PayloadTemplate {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Node root;
    private final boolean readsContext;

    private PayloadTemplate(Node root, boolean readsContext) {
        this.root = root;
        this.readsContext = readsContext;
    }

    /**
     * @param template the field's JSON value
     * @param problems receives one message per bad {@code .$} field, as {@code "<location>: <message>"}
     * @param location where the template sits in the definition, for messages
     */
    public static PayloadTemplate parse(JsonNode template, String location, List<String> problems) {
        return new PayloadTemplate(compile(template, location, problems), readsContext(template));
    }

    /**
     * Whether a field reads the context object ({@code $$}, also inside an intrinsic function); when not,
     * {@link #evaluate} accepts a null context and the engine need not build one.
     */
    public boolean readsContext() {
        return readsContext;
    }

    private static boolean readsContext(JsonNode template) {
        for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            boolean dynamic = field.getKey().endsWith(".$");
            if ((dynamic && value.isTextual() && value.textValue().contains("$$")) || readsContext(value)) {
                return true;
            }
        }
        for (JsonNode element : template.isArray() ? template : List.<JsonNode>of()) {
            if (readsContext(element)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @throws StatesError {@link StatesError#RUNTIME} naming the field whose path selects nothing
     */
    public JsonNode evaluate(JsonNode input, JsonNode context) {
        return root.evaluate(input, context);
    }

    private interface Node {
        JsonNode evaluate(JsonNode input, JsonNode context);
    }

    private static Node compile(JsonNode template, String location, List<String> problems) {
        if (template.isObject()) {
            Map<String, Node> fields = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String key = field.getKey();
                String here = location + "/" + key;
                if (key.endsWith(".$")) {
                    fields.put(key.substring(0, key.length() - 2), dynamic(key, field.getValue(), here, problems));
                } else {
                    fields.put(key, compile(field.getValue(), here, problems));
                }
            }
            return (input, context) -> {
                ObjectNode out = NODES.objectNode();
                fields.forEach((name, node) -> out.set(name, node.evaluate(input, context)));
                return out;
            };
        }
        if (template.isArray()) {
            List<Node> elements = new ArrayList<>();
            for (int i = 0; i < template.size(); i++) {
                elements.add(compile(template.get(i), location + "/" + i, problems));
            }
            return (input, context) -> {
                ArrayNode out = NODES.arrayNode();
                elements.forEach(node -> out.add(node.evaluate(input, context)));
                return out;
            };
        }
        return (input, context) -> template;
    }

    private static Node dynamic(String key, JsonNode value, String location, List<String> problems) {
        if (!value.isTextual()) {
            problems.add("SCHEMA_VALIDATION_FAILED: The value for the field '" + key
                    + "' must be a STRING that contains a JSONPath or an intrinsic function at " + location);
            return (input, context) -> NODES.nullNode();
        }
        ValueExpression expression;
        try {
            expression = ValueExpression.parse(value.textValue());
        } catch (IllegalArgumentException e) {
            problems.add("INVALID_JSON_PATH: The value for the field '" + key
                    + "' must be a valid JSONPath or intrinsic function: " + e.getMessage() + " at " + location);
            return (input, context) -> NODES.nullNode();
        }
        return (input, context) -> expression
                .evaluate(input, context)
                .orElseThrow(() -> StatesError.runtime("The JSONPath '" + expression.text()
                        + "' specified for the field '" + key + "' could not be found in the input '"
                        + JsonValues.excerpt(value.textValue().startsWith("$$") ? context : input) + "'"));
    }
}
