package io.aegisops.dynamodb.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.dynamodb.conformance.CaseFile.Step;
import io.aegisops.dynamodb.conformance.WireClient.Answer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Brings an answer to the form in which two correct implementations agree: what legitimately differs between
 * deployments (ids, times, ARNs, sizes, statistics) is dropped, and what has no defined order is sorted.
 */
final class Normalizer {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The table description is compared on the fields that define the table; the rest is per deployment. */
    private static final Set<String> TABLE_FIELDS = Set.of("TableName", "TableStatus", "KeySchema", "AttributeDefinitions",
            "ProvisionedThroughput", "BillingModeSummary", "GlobalSecondaryIndexes", "LocalSecondaryIndexes",
            "StreamSpecification");
    private static final Set<String> INDEX_FIELDS = Set.of("IndexName", "KeySchema", "Projection", "IndexStatus",
            "ProvisionedThroughput");
    private static final Set<String> THROUGHPUT_FIELDS = Set.of("ReadCapacityUnits", "WriteCapacityUnits");
    /** Operations whose answer shows a table mid-change: CREATING/UPDATING/DELETING or already ACTIVE are both right. */
    private static final Set<String> TRANSITIONAL = Set.of("CreateTable", "UpdateTable", "DeleteTable");

    private Normalizer() {
    }

    /**
     * The comparable form of an answer: {@code status}, for errors {@code type} (after '#'), {@code message} where
     * the step compares it, and {@code body} (the rest of the answer).
     */
    static JsonNode normalize(Step step, Answer answer) {
        ObjectNode out = NODES.objectNode();
        out.put("status", answer.status());
        if (!answer.body().isObject()) {
            out.set("body", answer.body());
            return out;
        }
        ObjectNode body = (ObjectNode) values(answer.body(), step.exactNumbers());
        if (answer.ok()) {
            out.set("body", success(step, body));
            return out;
        }
        String type = body.path("__type").asText("");
        out.put("type", type.substring(type.indexOf('#') + 1));
        JsonNode message = body.has("message") ? body.get("message") : body.get("Message");
        if (step.compareMessage()) {
            out.set("message", message);
        }
        body.remove(List.of("__type", "message", "Message"));
        if (!step.compareMessage() && body.get("CancellationReasons") instanceof ArrayNode reasons) {
            reasons.forEach(reason -> ((ObjectNode) reason).remove("Message"));
        }
        out.set("body", body);
        return out;
    }

    private static JsonNode success(Step step, ObjectNode body) {
        // Capacity accounting is the deployment's, and moto reports it from UpdateItem even unasked.
        body.remove("ConsumedCapacity");
        // moto answers an empty ItemCollectionMetrics unasked: empty and absent both say "no metrics".
        if (body.get("ItemCollectionMetrics") instanceof ObjectNode metrics && metrics.isEmpty()) {
            body.remove("ItemCollectionMetrics");
        }
        if (body.get("TableDescription") instanceof ObjectNode table) {
            body.set("TableDescription", table(table, TRANSITIONAL.contains(step.op())));
        }
        if (body.get("Table") instanceof ObjectNode table) {
            body.set("Table", table(table, false));
        }
        // Whether a disabled time to live still names its former attribute is undocumented (moto does).
        if (body.get("TimeToLiveDescription") instanceof ObjectNode ttl && ttl.path("TimeToLiveStatus").asText().equals("DISABLED")) {
            ttl.remove("AttributeName");
        }
        if (!step.orderMatters()) {
            // Scan order follows the partitions' hash order, and BatchGetItem answers in no defined order.
            if (step.op().equals("Scan") && body.get("Items") instanceof ArrayNode items) {
                body.set("Items", sorted(items));
            }
            if (body.get("Responses") instanceof ObjectNode responses && step.op().equals("BatchGetItem")) {
                responses.properties().forEach(e -> e.setValue(sorted((ArrayNode) e.getValue())));
            }
        }
        if (body.get("Pages") instanceof ArrayNode pages) {
            Step page = new Step(step.op(), step.request(), false, step.orderMatters(), false, false, step.exactNumbers(), null, null);
            ArrayNode each = NODES.arrayNode();
            pages.forEach(p -> each.add(success(page, (ObjectNode) p)));
            body.set("Pages", each);
        }
        return body;
    }

    private static ObjectNode table(ObjectNode table, boolean transitional) {
        ObjectNode out = only(table, TABLE_FIELDS);
        if (transitional) {
            out.remove("TableStatus");
        }
        // AWS omits the summary for tables created PROVISIONED and never switched.
        if (!out.has("BillingModeSummary")) {
            out.set("BillingModeSummary", NODES.objectNode().put("BillingMode", "PROVISIONED"));
        }
        out.set("BillingModeSummary", only((ObjectNode) out.get("BillingModeSummary"), Set.of("BillingMode")));
        // On demand, AWS reports zeros for a table created so; what a switch leaves there is undocumented.
        boolean onDemand = out.get("BillingModeSummary").path("BillingMode").asText().equals("PAY_PER_REQUEST");
        if (onDemand) {
            out.remove("ProvisionedThroughput");
        } else if (out.get("ProvisionedThroughput") instanceof ObjectNode throughput) {
            out.set("ProvisionedThroughput", only(throughput, THROUGHPUT_FIELDS));
        }
        if (out.get("AttributeDefinitions") instanceof ArrayNode definitions) {
            out.set("AttributeDefinitions", keyDefinitions(definitions, out));
        }
        for (String kind : List.of("GlobalSecondaryIndexes", "LocalSecondaryIndexes")) {
            if (!(out.get(kind) instanceof ArrayNode indexes)) {
                continue;
            }
            if (indexes.isEmpty()) {
                out.remove(kind); // absent and empty both mean "none"
                continue;
            }
            ArrayNode each = NODES.arrayNode();
            for (JsonNode index : indexes) {
                ObjectNode i = only((ObjectNode) index, INDEX_FIELDS);
                if (transitional || kind.equals("LocalSecondaryIndexes")) {
                    i.remove("IndexStatus");
                }
                if (onDemand) {
                    i.remove("ProvisionedThroughput");
                } else if (i.get("ProvisionedThroughput") instanceof ObjectNode throughput) {
                    i.set("ProvisionedThroughput", only(throughput, THROUGHPUT_FIELDS));
                }
                if (i.path("Projection").get("NonKeyAttributes") instanceof ArrayNode nonKey) {
                    ((ObjectNode) i.get("Projection")).set("NonKeyAttributes", sorted(nonKey));
                }
                each.add(i);
            }
            out.set(kind, sorted(each));
        }
        return out;
    }

    /**
     * The definitions of the attributes some key schema (table or index) names, sorted: after an index is deleted,
     * whether its now unused definition stays is undocumented (moto keeps it).
     */
    private static ArrayNode keyDefinitions(ArrayNode definitions, ObjectNode table) {
        Set<String> keys = new HashSet<>();
        table.findValues("KeySchema").forEach(schema -> schema.forEach(k -> keys.add(k.path("AttributeName").asText())));
        ArrayNode out = NODES.arrayNode();
        definitions.forEach(d -> {
            if (keys.contains(d.path("AttributeName").asText())) {
                out.add(d);
            }
        });
        return sorted(out);
    }

    private static ObjectNode only(ObjectNode node, Set<String> fields) {
        ObjectNode out = NODES.objectNode();
        node.properties().stream().filter(e -> fields.contains(e.getKey())).forEach(e -> out.set(e.getKey(), e.getValue()));
        return out;
    }

    /**
     * Attribute values in canonical form, object keys sorted. Numbers compare numerically (moto keeps the text
     * as sent, "1.0", "1E2"; DynamoDB answers "1", "100") unless the step compares them exactly; set members
     * compare as sets.
     */
    static JsonNode values(JsonNode node, boolean exactNumbers) {
        if (node instanceof ArrayNode array) {
            ArrayNode out = NODES.arrayNode();
            array.forEach(e -> out.add(values(e, exactNumbers)));
            return out;
        }
        if (!(node instanceof ObjectNode object)) {
            return node;
        }
        if (object.size() == 1) {
            var field = object.properties().iterator().next();
            String type = field.getKey();
            JsonNode value = field.getValue();
            if (type.equals("N") && value.isTextual() && !exactNumbers) {
                return NODES.objectNode().put("N", number(value.asText()));
            }
            if (Set.of("SS", "NS", "BS").contains(type) && value instanceof ArrayNode members) {
                ArrayNode out = NODES.arrayNode();
                members.forEach(m -> out.add(type.equals("NS") && !exactNumbers && m.isTextual()
                        ? NODES.textNode(number(m.asText())) : m));
                return NODES.objectNode().set(type, sorted(out));
            }
        }
        TreeMap<String, JsonNode> fields = new TreeMap<>();
        object.properties().forEach(e -> fields.put(e.getKey(), values(e.getValue(), exactNumbers)));
        ObjectNode out = NODES.objectNode();
        out.setAll(fields);
        return out;
    }

    private static String number(String text) {
        try {
            BigDecimal value = new BigDecimal(text);
            return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return text;
        }
    }

    /** The array as a multiset: elements in the order of their canonical text. */
    static ArrayNode sorted(ArrayNode array) {
        List<JsonNode> elements = new ArrayList<>();
        array.forEach(elements::add);
        elements.sort(Comparator.comparing(JsonNode::toString));
        ArrayNode out = NODES.arrayNode();
        elements.forEach(out::add);
        return out;
    }
}
