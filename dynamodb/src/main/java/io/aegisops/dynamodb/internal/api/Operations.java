package io.aegisops.dynamodb.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.dynamodb.internal.ApiException;
import io.aegisops.dynamodb.internal.expr.Ast;
import io.aegisops.dynamodb.internal.expr.Documents;
import io.aegisops.dynamodb.internal.table.IndexSchema;
import io.aegisops.dynamodb.internal.table.Table;
import io.aegisops.dynamodb.internal.table.TableSchema;
import io.aegisops.dynamodb.internal.value.Value;
import io.aegisops.dynamodb.internal.value.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The control plane and single-item operations of the DynamoDB API. */
final class Operations {

    private final Database db;

    Operations(Database db) {
        this.db = db;
    }

    // ---- tables --------------------------------------------------------------------------------------

    ObjectNode createTable(JsonNode request) {
        double now = db.clock().millis() / 1000.0;
        TableSchema schema = TableCodec.parseCreate(request, now, null);
        return db.write(() -> {
            if (db.tableOrNull(schema.name()) != null) {
                throw ApiException.resourceInUse("Table already exists: " + schema.name());
            }
            Table table = new Table(schema);
            db.createTable(table);
            ObjectNode answer = Database.JSON.createObjectNode();
            answer.set("TableDescription", TableCodec.describe(table, db, "ACTIVE"));
            return answer;
        });
    }

    ObjectNode describeTable(JsonNode request) {
        String name = Requests.requiredText(request, "TableName", "tableName");
        return db.read(() -> {
            Table table = db.tableOrNull(name);
            if (table == null) {
                throw ApiException.resourceNotFound("Requested resource not found: Table: " + name + " not found");
            }
            ObjectNode answer = Database.JSON.createObjectNode();
            answer.set("Table", TableCodec.describe(table, db, "ACTIVE"));
            return answer;
        });
    }

    ObjectNode listTables(JsonNode request) {
        int limit = request.has("Limit") ? request.get("Limit").asInt() : 100;
        if (limit < 1 || limit > 100) {
            throw ApiException.validation("1 validation error detected: Value '" + limit + "' at 'limit' failed to satisfy "
                    + "constraint: Member must have value " + (limit < 1 ? "greater than or equal to 1" : "less than or equal to 100"));
        }
        String start = Requests.text(request, "ExclusiveStartTableName");
        List<String> names = db.read(db::tableNames);
        List<String> page = new ArrayList<>();
        boolean more = false;
        for (String name : names) {
            if (start != null && name.compareTo(start) <= 0) {
                continue;
            }
            if (page.size() == limit) {
                more = true;
                break;
            }
            page.add(name);
        }
        ObjectNode answer = Database.JSON.createObjectNode();
        ArrayNode list = answer.putArray("TableNames");
        page.forEach(list::add);
        if (more) {
            answer.put("LastEvaluatedTableName", page.get(page.size() - 1));
        }
        return answer;
    }

    ObjectNode deleteTable(JsonNode request) {
        String name = Requests.requiredText(request, "TableName", "tableName");
        return db.write(() -> {
            Table table = db.table(name);
            ObjectNode answer = Database.JSON.createObjectNode();
            answer.set("TableDescription", TableCodec.describe(table, db, "DELETING"));
            db.dropTable(name);
            return answer;
        });
    }

    ObjectNode updateTable(JsonNode request) {
        String name = Requests.requiredText(request, "TableName", "tableName");
        return db.write(() -> {
            Table table = db.table(name);
            TableSchema schema = table.schema();
            String billing = Requests.text(request, "BillingMode");
            if (billing != null || request.has("ProvisionedThroughput")) {
                String mode = billing != null ? billing : schema.billingMode();
                long[] capacity = TableCodec.capacity(request.get("ProvisionedThroughput"), mode);
                schema = schema.withBilling(mode, capacity[0], capacity[1]);
                table.schema(schema);
            }
            Map<String, String> types = new LinkedHashMap<>(schema.attributeTypes());
            types.putAll(TableCodec.attributeTypes(request.get("AttributeDefinitions")));
            for (JsonNode update : TableCodec.iterable(request.get("GlobalSecondaryIndexUpdates"))) {
                if (update.has("Create")) {
                    IndexSchema index = TableCodec.parseGlobalIndex(update.get("Create"), types, schema.billingMode());
                    if (schema.index(index.name()) != null) {
                        throw ApiException.validation("One or more parameter values were invalid: Index " + index.name()
                                + " already exists");
                    }
                    List<IndexSchema> indexes = new ArrayList<>(schema.indexes());
                    indexes.add(index);
                    schema = schema.withIndexes(indexes, usedTypes(schema, indexes, types));
                    table.addIndex(schema, index);
                } else if (update.has("Delete")) {
                    String indexName = Requests.text(update.get("Delete"), "IndexName");
                    IndexSchema index = schema.index(indexName);
                    if (index == null || index.local()) {
                        throw ApiException.resourceNotFound("Requested resource not found: Index: " + indexName + " not found");
                    }
                    List<IndexSchema> indexes = new ArrayList<>(schema.indexes());
                    indexes.remove(index);
                    schema = schema.withIndexes(indexes, usedTypes(schema, indexes, types));
                    table.removeIndex(schema, indexName);
                } else if (update.has("Update")) {
                    String indexName = Requests.text(update.get("Update"), "IndexName");
                    if (schema.index(indexName) == null) {
                        throw ApiException.resourceNotFound("Requested resource not found: Index: " + indexName + " not found");
                    }
                }
            }
            db.saveTable(table);
            ObjectNode answer = Database.JSON.createObjectNode();
            answer.set("TableDescription", TableCodec.describe(table, db, "ACTIVE"));
            return answer;
        });
    }

    /** The attribute definitions still used by the table's keys and indexes. */
    private static Map<String, String> usedTypes(TableSchema schema, List<IndexSchema> indexes, Map<String, String> types) {
        Map<String, String> used = new LinkedHashMap<>();
        used.put(schema.hash().name(), schema.hash().type());
        if (schema.range() != null) {
            used.put(schema.range().name(), schema.range().type());
        }
        for (IndexSchema index : indexes) {
            used.put(index.hash().name(), types.getOrDefault(index.hash().name(), index.hash().type()));
            if (index.range() != null) {
                used.put(index.range().name(), types.getOrDefault(index.range().name(), index.range().type()));
            }
        }
        return used;
    }

    ObjectNode updateTimeToLive(JsonNode request) {
        String name = Requests.requiredText(request, "TableName", "tableName");
        JsonNode spec = request.get("TimeToLiveSpecification");
        if (spec == null || !spec.has("Enabled") || Requests.text(spec, "AttributeName") == null) {
            throw ApiException.validation("1 validation error detected: Value null at 'timeToLiveSpecification' failed to "
                    + "satisfy constraint: Member must not be null");
        }
        boolean enabled = spec.get("Enabled").asBoolean();
        String attribute = Requests.text(spec, "AttributeName");
        if (attribute.isEmpty() || attribute.length() > 255) {
            throw ApiException.validation("1 validation error detected: Value '" + attribute + "' at "
                    + "'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length "
                    + (attribute.isEmpty() ? "greater than or equal to 1" : "less than or equal to 255"));
        }
        return db.write(() -> {
            Table table = db.table(name);
            if (enabled && table.ttlAttribute() != null) {
                throw ApiException.validation("TimeToLive is already enabled");
            }
            if (!enabled && table.ttlAttribute() == null) {
                throw ApiException.validation("TimeToLive is already disabled");
            }
            table.ttlAttribute(enabled ? attribute : null);
            db.saveTable(table);
            ObjectNode answer = Database.JSON.createObjectNode();
            answer.putObject("TimeToLiveSpecification").put("Enabled", enabled).put("AttributeName", attribute);
            return answer;
        });
    }

    ObjectNode describeTimeToLive(JsonNode request) {
        String name = Requests.requiredText(request, "TableName", "tableName");
        return db.read(() -> {
            Table table = db.table(name);
            ObjectNode answer = Database.JSON.createObjectNode();
            ObjectNode description = answer.putObject("TimeToLiveDescription");
            if (table.ttlAttribute() == null) {
                description.put("TimeToLiveStatus", "DISABLED");
            } else {
                description.put("TimeToLiveStatus", "ENABLED").put("AttributeName", table.ttlAttribute());
            }
            return answer;
        });
    }

    // ---- items ---------------------------------------------------------------------------------------

    ObjectNode getItem(JsonNode request) {
        String name = Requests.requiredText(request, "TableName", "tableName");
        Map<String, Value> key = Requests.requiredItem(request, "Key");
        List<Ast.Path> projection = Requests.readProjection(request);
        Map<String, Value> item = db.read(() -> {
            Table table = db.table(name);
            return table.items().get(table.keyOf(key));
        });
        ObjectNode answer = Database.JSON.createObjectNode();
        if (item != null) {
            answer.set("Item", Values.json(projection == null ? item : Documents.project(item, projection)));
        }
        return answer;
    }

    ObjectNode putItem(JsonNode request) {
        String returnValues = Requests.returnValues(request, List.of("NONE", "ALL_OLD"));
        return single(ItemWrite.parse(ItemWrite.Kind.PUT, request), returnValues);
    }

    ObjectNode deleteItem(JsonNode request) {
        String returnValues = Requests.returnValues(request, List.of("NONE", "ALL_OLD"));
        return single(ItemWrite.parse(ItemWrite.Kind.DELETE, request), returnValues);
    }

    ObjectNode updateItem(JsonNode request) {
        String returnValues = Requests.returnValues(request, List.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"));
        ItemWrite write = ItemWrite.parse(ItemWrite.Kind.UPDATE, request);
        return single(write, returnValues);
    }

    private ObjectNode single(ItemWrite write, String returnValues) {
        ItemWrite.Plan plan = db.write(() -> {
            Table table = db.table(write.tableName);
            ItemWrite.Plan planned;
            try {
                planned = write.plan(table);
            } catch (ItemWrite.ConditionFailed failed) {
                ObjectNode extra = null;
                if (failed.old != null) {
                    extra = Database.JSON.createObjectNode();
                    extra.set("Item", Values.json(failed.old));
                }
                throw ApiException.conditionalCheckFailed(extra);
            }
            planned.apply(db);
            return planned;
        });
        ObjectNode answer = Database.JSON.createObjectNode();
        Map<String, Value> attributes = switch (returnValues) {
            case "ALL_OLD" -> plan.old();
            case "ALL_NEW" -> plan.next();
            case "UPDATED_OLD" -> plan.old() == null ? null : Documents.project(plan.old(), write.update == null
                    ? List.of() : write.update.paths());
            case "UPDATED_NEW" -> plan.next() == null ? null : Documents.project(plan.next(), write.update == null
                    ? List.of() : write.update.paths());
            default -> null;
        };
        if (attributes != null && !attributes.isEmpty()) {
            answer.set("Attributes", Values.json(attributes));
        }
        return answer;
    }
}
