package io.aegisops.dynamodb.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.dynamodb.internal.ApiException;
import io.aegisops.dynamodb.internal.table.IndexSchema;
import io.aegisops.dynamodb.internal.table.KeyDef;
import io.aegisops.dynamodb.internal.table.Table;
import io.aegisops.dynamodb.internal.table.TableSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Table definitions: CreateTable's request to a schema (with DynamoDB's checks) and a schema to DescribeTable's answer. */
final class TableCodec {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]+");
    private static final Set<String> PROJECTIONS = Set.of("ALL", "KEYS_ONLY", "INCLUDE");

    private TableCodec() {
    }

    static void requireTableName(String name, String field) {
        if (name == null) {
            throw ApiException.validation("1 validation error detected: Value null at '" + field
                    + "' failed to satisfy constraint: Member must not be null");
        }
        if (name.length() < 3 || name.length() > 255) {
            throw ApiException.validation("1 validation error detected: Value '" + name + "' at '" + field
                    + "' failed to satisfy constraint: Member must have length " + (name.length() < 3
                    ? "greater than or equal to 3" : "less than or equal to 255"));
        }
        if (!NAME.matcher(name).matches()) {
            throw ApiException.validation("1 validation error detected: Value '" + name + "' at '" + field
                    + "' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
    }

    // ---- CreateTable ---------------------------------------------------------------------------------

    static TableSchema parseCreate(JsonNode request, double now, String tableId) {
        String name = Requests.text(request, "TableName");
        requireTableName(name, "tableName");
        Map<String, String> types = attributeTypes(request.get("AttributeDefinitions"));
        KeyDef[] keys = keySchema(request.get("KeySchema"), types, "KeySchema");
        String billing = Requests.text(request, "BillingMode") == null ? "PROVISIONED" : Requests.text(request, "BillingMode");
        long[] capacity = capacity(request.get("ProvisionedThroughput"), billing);
        List<IndexSchema> indexes = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        used.add(keys[0].name());
        if (keys[1] != null) {
            used.add(keys[1].name());
        }
        for (JsonNode lsi : iterable(request.get("LocalSecondaryIndexes"))) {
            if (keys[1] == null) {
                throw ApiException.validation("One or more parameter values were invalid: Table KeySchema does not have a "
                        + "range key, which is required when specifying a LocalSecondaryIndex");
            }
            IndexSchema index = index(lsi, types, billing, true);
            if (!index.hash().name().equals(keys[0].name())) {
                throw ApiException.validation("One or more parameter values were invalid: Index KeySchema does not have the "
                        + "same leading hash key as table KeySchema for index: " + index.name() + ". index hash key: "
                        + index.hash().name() + ", table hash key: " + keys[0].name());
            }
            addIndex(indexes, index, used);
        }
        for (JsonNode gsi : iterable(request.get("GlobalSecondaryIndexes"))) {
            addIndex(indexes, index(gsi, types, billing, false), used);
        }
        if (!used.containsAll(types.keySet()) || used.size() != types.size()) {
            throw ApiException.validation("One or more parameter values were invalid: Number of attributes in KeySchema does "
                    + "not exactly match number of attributes defined in AttributeDefinitions");
        }
        return new TableSchema(name, keys[0], keys[1], types, List.copyOf(indexes), billing, capacity[0], capacity[1], now,
                tableId == null ? UUID.randomUUID().toString() : tableId);
    }

    private static void addIndex(List<IndexSchema> indexes, IndexSchema index, Set<String> used) {
        for (IndexSchema other : indexes) {
            if (other.name().equals(index.name())) {
                throw ApiException.validation("One or more parameter values were invalid: Duplicate index name: " + index.name());
            }
        }
        indexes.add(index);
        used.add(index.hash().name());
        if (index.range() != null) {
            used.add(index.range().name());
        }
    }

    static Map<String, String> attributeTypes(JsonNode definitions) {
        Map<String, String> types = new LinkedHashMap<>();
        for (JsonNode d : iterable(definitions)) {
            String name = Requests.text(d, "AttributeName");
            String type = Requests.text(d, "AttributeType");
            if (name == null || type == null || !Set.of("S", "N", "B").contains(type)) {
                throw ApiException.validation("1 validation error detected: Value '" + type
                        + "' at 'attributeDefinitions.member.attributeType' failed to satisfy constraint: Member must satisfy "
                        + "enum value set: [B, N, S]");
            }
            if (types.put(name, type) != null) {
                throw ApiException.validation("Cannot have two attributes with the same name");
            }
        }
        return types;
    }

    private static KeyDef[] keySchema(JsonNode schema, Map<String, String> types, String where) {
        if (schema == null || !schema.isArray() || schema.isEmpty() || schema.size() > 2) {
            throw ApiException.validation("1 validation error detected: Value null at 'keySchema' failed to satisfy constraint: "
                    + "Member must have length less than or equal to 2 and greater than or equal to 1");
        }
        KeyDef hash = null;
        KeyDef range = null;
        for (int i = 0; i < schema.size(); i++) {
            JsonNode element = schema.get(i);
            String name = Requests.text(element, "AttributeName");
            String role = Requests.text(element, "KeyType");
            String type = types.get(name);
            if (type == null) {
                throw ApiException.validation("One or more parameter values were invalid: Some index key attributes are not "
                        + "defined in AttributeDefinitions. Keys: [" + name + "], AttributeDefinitions: " + types.keySet());
            }
            if ("HASH".equals(role) && i == 0) {
                hash = new KeyDef(name, type);
            } else if ("RANGE".equals(role) && i == 1) {
                range = new KeyDef(name, type);
            } else {
                throw ApiException.validation("Invalid " + where + ": The first KeySchemaElement is not a HASH key type"
                        + (i == 1 ? " or the second is not a RANGE key type" : ""));
            }
        }
        if (range != null && range.name().equals(hash.name())) {
            throw ApiException.validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
        }
        return new KeyDef[] {hash, range};
    }

    private static IndexSchema index(JsonNode node, Map<String, String> types, String billing, boolean local) {
        String name = Requests.text(node, "IndexName");
        requireTableName(name, "indexName");
        KeyDef[] keys = keySchema(node.get("KeySchema"), types, "KeySchema");
        JsonNode projection = node.get("Projection");
        String type = projection == null ? null : Requests.text(projection, "ProjectionType");
        if (type == null || !PROJECTIONS.contains(type)) {
            throw ApiException.validation("One or more parameter values were invalid: Unknown ProjectionType: " + type);
        }
        List<String> nonKey = new ArrayList<>();
        for (JsonNode attribute : iterable(projection.get("NonKeyAttributes"))) {
            nonKey.add(attribute.asText());
        }
        if ("INCLUDE".equals(type) && nonKey.isEmpty()) {
            throw ApiException.validation("One or more parameter values were invalid: ProjectionType is INCLUDE, but "
                    + "NonKeyAttributes is not specified");
        }
        if (!"INCLUDE".equals(type) && !nonKey.isEmpty()) {
            throw ApiException.validation("One or more parameter values were invalid: ProjectionType is " + type
                    + ", but NonKeyAttributes is specified");
        }
        long[] capacity = local ? new long[] {0, 0} : capacity(node.get("ProvisionedThroughput"), billing);
        return new IndexSchema(name, keys[0], keys[1], type, List.copyOf(nonKey), capacity[0], capacity[1], local);
    }

    static long[] capacity(JsonNode throughput, String billing) {
        if ("PAY_PER_REQUEST".equals(billing)) {
            if (throughput != null && !throughput.isNull()) {
                throw ApiException.validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor "
                        + "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
            }
            return new long[] {0, 0};
        }
        if (!"PROVISIONED".equals(billing)) {
            throw ApiException.validation("1 validation error detected: Value '" + billing + "' at 'billingMode' failed to "
                    + "satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
        }
        if (throughput == null || !throughput.has("ReadCapacityUnits") || !throughput.has("WriteCapacityUnits")) {
            throw ApiException.validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits "
                    + "must both be specified when BillingMode is PROVISIONED");
        }
        long read = throughput.get("ReadCapacityUnits").asLong();
        long write = throughput.get("WriteCapacityUnits").asLong();
        if (read < 1 || write < 1) {
            throw ApiException.validation("1 validation error detected: Value '" + Math.min(read, write)
                    + "' at 'provisionedThroughput' failed to satisfy constraint: Member must have value greater than or equal to 1");
        }
        return new long[] {read, write};
    }

    /** Parses one GSI of UpdateTable's Create action. */
    static IndexSchema parseGlobalIndex(JsonNode node, Map<String, String> types, String billing) {
        return index(node, types, billing, false);
    }

    static Iterable<JsonNode> iterable(JsonNode node) {
        return node == null || node.isNull() ? List.of() : node;
    }

    // ---- DescribeTable -------------------------------------------------------------------------------

    static ObjectNode describe(Table table, Database db, String status) {
        TableSchema schema = table.schema();
        ObjectNode d = Database.JSON.createObjectNode();
        ArrayNode definitions = d.putArray("AttributeDefinitions");
        schema.attributeTypes().forEach((name, type) -> definitions.addObject().put("AttributeName", name).put("AttributeType", type));
        d.put("TableName", schema.name());
        keySchemaJson(d.putArray("KeySchema"), schema.hash(), schema.range());
        d.put("TableStatus", status);
        d.put("CreationDateTime", schema.createdAt());
        throughput(d.putObject("ProvisionedThroughput"), schema.readCapacity(), schema.writeCapacity());
        d.put("TableSizeBytes", table.sizeBytes());
        d.put("ItemCount", table.items().size());
        d.put("TableArn", db.tableArn(schema.name()));
        d.put("TableId", schema.tableId());
        if ("PAY_PER_REQUEST".equals(schema.billingMode())) {
            d.putObject("BillingModeSummary").put("BillingMode", "PAY_PER_REQUEST")
                    .put("LastUpdateToPayPerRequestDateTime", schema.createdAt());
        }
        ArrayNode locals = Database.JSON.createArrayNode();
        ArrayNode globals = Database.JSON.createArrayNode();
        for (IndexSchema index : schema.indexes()) {
            ObjectNode i = (index.local() ? locals : globals).addObject();
            i.put("IndexName", index.name());
            keySchemaJson(i.putArray("KeySchema"), index.hash(), index.range());
            ObjectNode projection = i.putObject("Projection").put("ProjectionType", index.projectionType());
            if (!index.nonKeyAttributes().isEmpty()) {
                ArrayNode nonKey = projection.putArray("NonKeyAttributes");
                index.nonKeyAttributes().forEach(nonKey::add);
            }
            if (!index.local()) {
                i.put("IndexStatus", "ACTIVE");
                throughput(i.putObject("ProvisionedThroughput"), index.readCapacity(), index.writeCapacity());
            }
            i.put("IndexSizeBytes", table.indexSize(index.name()));
            i.put("ItemCount", table.index(index.name()).size());
            i.put("IndexArn", db.tableArn(schema.name()) + "/index/" + index.name());
        }
        if (!locals.isEmpty()) {
            d.set("LocalSecondaryIndexes", locals);
        }
        if (!globals.isEmpty()) {
            d.set("GlobalSecondaryIndexes", globals);
        }
        d.put("DeletionProtectionEnabled", false);
        return d;
    }

    private static void keySchemaJson(ArrayNode array, KeyDef hash, KeyDef range) {
        array.addObject().put("AttributeName", hash.name()).put("KeyType", "HASH");
        if (range != null) {
            array.addObject().put("AttributeName", range.name()).put("KeyType", "RANGE");
        }
    }

    private static void throughput(ObjectNode node, long read, long write) {
        node.put("NumberOfDecreasesToday", 0).put("ReadCapacityUnits", read).put("WriteCapacityUnits", write);
    }

    // ---- storage -------------------------------------------------------------------------------------

    /** A table's definition as storage keeps it: the CreateTable request that rebuilds it, and what came after. */
    static ObjectNode toStored(Table table) {
        TableSchema schema = table.schema();
        ObjectNode request = Database.JSON.createObjectNode();
        request.put("TableName", schema.name());
        ArrayNode definitions = request.putArray("AttributeDefinitions");
        schema.attributeTypes().forEach((name, type) -> definitions.addObject().put("AttributeName", name).put("AttributeType", type));
        keySchemaJson(request.putArray("KeySchema"), schema.hash(), schema.range());
        request.put("BillingMode", schema.billingMode());
        if ("PROVISIONED".equals(schema.billingMode())) {
            request.putObject("ProvisionedThroughput").put("ReadCapacityUnits", schema.readCapacity())
                    .put("WriteCapacityUnits", schema.writeCapacity());
        }
        for (IndexSchema index : schema.indexes()) {
            ObjectNode i = request.withArray(index.local() ? "LocalSecondaryIndexes" : "GlobalSecondaryIndexes").addObject();
            i.put("IndexName", index.name());
            keySchemaJson(i.putArray("KeySchema"), index.hash(), index.range());
            ObjectNode projection = i.putObject("Projection").put("ProjectionType", index.projectionType());
            if (!index.nonKeyAttributes().isEmpty()) {
                ArrayNode nonKey = projection.putArray("NonKeyAttributes");
                index.nonKeyAttributes().forEach(nonKey::add);
            }
            if (!index.local() && "PROVISIONED".equals(schema.billingMode())) {
                i.putObject("ProvisionedThroughput").put("ReadCapacityUnits", index.readCapacity())
                        .put("WriteCapacityUnits", index.writeCapacity());
            }
        }
        ObjectNode stored = Database.JSON.createObjectNode();
        stored.set("request", request);
        stored.put("createdAt", schema.createdAt());
        stored.put("tableId", schema.tableId());
        if (table.ttlAttribute() != null) {
            stored.put("ttl", table.ttlAttribute());
        }
        return stored;
    }

    static Table fromStored(ObjectNode stored) {
        TableSchema schema = parseCreate(stored.get("request"), stored.get("createdAt").asDouble(), stored.get("tableId").asText());
        Table table = new Table(schema);
        if (stored.hasNonNull("ttl")) {
            table.ttlAttribute(stored.get("ttl").asText());
        }
        return table;
    }
}
