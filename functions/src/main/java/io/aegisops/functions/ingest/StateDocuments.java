package io.aegisops.functions.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.redact.Redactor;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * A state's input or output as the console may show it. The state document carries the alert (whatever its sender
 * wrote), the evidence's log lines and the people's comments: every text is redacted and cut to its last
 * {@link #MAX_TEXT} characters (a log's tail is what matters), and any field named like a task token is masked
 * (Step Functions puts tokens in task parameters, not in documents, but a document is no place to trust that). Pure.
 */
public final class StateDocuments {

    /** The most characters of one text kept; a longer one keeps its tail. */
    static final int MAX_TEXT = 4_000;

    private StateDocuments() {}

    /** Null for no document; text that is not JSON is shown as one (redacted) text. */
    public static JsonNode shown(String document) {
        if (document == null || document.isBlank()) {
            return null;
        }
        JsonNode parsed;
        try {
            parsed = Json.read(document, JsonNode.class);
        } catch (RuntimeException notJson) {
            return TextNode.valueOf(Redactor.redactAndKeepTail(document, MAX_TEXT));
        }
        return shown(parsed);
    }

    private static JsonNode shown(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(Redactor.redactAndKeepTail(node.textValue(), MAX_TEXT));
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(shown(element)));
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(
                        field.getKey(),
                        isToken(field.getKey()) ? TextNode.valueOf(Redactor.MASK) : shown(field.getValue()));
            }
            return copy;
        }
        return node;
    }

    private static boolean isToken(String name) {
        return name.toLowerCase(Locale.ROOT).replace("_", "").contains("tasktoken");
    }
}
