package io.aegisops.dynamodb.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.dynamodb.internal.ApiException;
import io.aegisops.dynamodb.internal.expr.Ast;
import io.aegisops.dynamodb.internal.expr.Documents;
import io.aegisops.dynamodb.internal.expr.Evaluator;
import io.aegisops.dynamodb.internal.expr.Expressions;
import io.aegisops.dynamodb.internal.expr.Placeholders;
import io.aegisops.dynamodb.internal.table.IndexSchema;
import io.aegisops.dynamodb.internal.table.Key;
import io.aegisops.dynamodb.internal.table.KeyDef;
import io.aegisops.dynamodb.internal.table.Table;
import io.aegisops.dynamodb.internal.table.TableSchema;
import io.aegisops.dynamodb.internal.value.Value;
import io.aegisops.dynamodb.internal.value.Values;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/** Query and Scan: a walk over a table or an index in key order, paged by Limit and by DynamoDB's 1 MB. */
final class Reads {

    private static final int PAGE_BYTES = 1024 * 1024;
    private static final Set<String> SELECTS =
            Set.of("ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT");

    private final Database db;

    Reads(Database db) {
        this.db = db;
    }

    ObjectNode query(JsonNode request) {
        Legacy.requireOneStyle(
                request,
                List.of("KeyConditions", "QueryFilter", "ConditionalOperator", "AttributesToGet"),
                List.of(
                        "KeyConditionExpression",
                        "FilterExpression",
                        "ProjectionExpression",
                        "ExpressionAttributeNames",
                        "ExpressionAttributeValues"));
        String keyCondition = Requests.text(request, "KeyConditionExpression");
        Ast.Condition legacyKeys = Legacy.conditions(request, "KeyConditions");
        if (keyCondition == null && legacyKeys == null) {
            throw ApiException.validation(
                    "Either the KeyConditions or KeyConditionExpression parameter must be specified in "
                            + "the request.");
        }
        Placeholders placeholders = Requests.placeholders(request, keyCondition != null);
        Ast.Condition keys = keyCondition != null
                ? Expressions.condition(keyCondition, Expressions.Kind.KEY_CONDITION, placeholders)
                : legacyKeys;
        Walk walk = Walk.parse(request, placeholders, "QueryFilter");
        boolean forward = !request.has("ScanIndexForward")
                || request.get("ScanIndexForward").asBoolean();
        return db.read(() -> {
            Table table = db.table(walk.tableName);
            IndexSchema index = walk.index(table);
            KeyDef hash = index == null ? table.schema().hash() : index.hash();
            KeyDef range = index == null ? table.schema().range() : index.range();
            KeyRange keyRange = KeyRange.of(keys, hash, range);
            if (walk.filter != null) {
                for (String attribute : attributes(walk.filter)) {
                    if (attribute.equals(hash.name()) || (range != null && attribute.equals(range.name()))) {
                        throw ApiException.validation("Filter Expression can only contain non-primary key attributes: "
                                + "Primary key attribute: " + attribute);
                    }
                }
            }
            NavigableMap<Key, Map<String, Value>> source =
                    walk.source(table, index).subMap(keyRange.from(), true, keyRange.to(), true);
            if (!forward) {
                source = source.descendingMap();
            }
            Key start = walk.startKey(table, index);
            if (start != null) {
                source = source.tailMap(start, false);
            }
            return walk.run(table, index, source, keyRange, null, 0);
        });
    }

    ObjectNode scan(JsonNode request) {
        Legacy.requireOneStyle(
                request,
                List.of("ScanFilter", "ConditionalOperator", "AttributesToGet"),
                List.of(
                        "FilterExpression",
                        "ProjectionExpression",
                        "ExpressionAttributeNames",
                        "ExpressionAttributeValues"));
        boolean hasExpression = request.hasNonNull("FilterExpression") || request.hasNonNull("ProjectionExpression");
        Placeholders placeholders = Requests.placeholders(request, hasExpression);
        Walk walk = Walk.parse(request, placeholders, "ScanFilter");
        Integer segment = request.has("Segment") ? request.get("Segment").asInt() : null;
        int totalSegments =
                request.has("TotalSegments") ? request.get("TotalSegments").asInt() : 0;
        if (segment != null && !request.has("TotalSegments")) {
            throw ApiException.validation(
                    "The TotalSegments parameter is required but was not present in the request when "
                            + "Segment parameter is present");
        }
        if (segment == null && request.has("TotalSegments")) {
            throw ApiException.validation("The Segment parameter is required but was not present in the request when "
                    + "parameter TotalSegments is present");
        }
        if (segment != null) {
            if (totalSegments < 1 || totalSegments > 1_000_000) {
                throw ApiException.validation(
                        "1 validation error detected: Value '" + totalSegments + "' at 'totalSegments' "
                                + "failed to satisfy constraint: Member must have value less than or equal to 1000000");
            }
            if (segment < 0 || segment >= totalSegments) {
                throw ApiException.validation("The Segment parameter is zero-based and must be less than parameter "
                        + "TotalSegments: Segment: " + segment + " is not less than TotalSegments: " + totalSegments);
            }
        }
        return db.read(() -> {
            Table table = db.table(walk.tableName);
            IndexSchema index = walk.index(table);
            NavigableMap<Key, Map<String, Value>> source = walk.source(table, index);
            Key start = walk.startKey(table, index);
            if (start != null) {
                source = source.tailMap(start, false);
            }
            return walk.run(table, index, source, null, segment, totalSegments);
        });
    }

    /** The names of the top-level attributes a condition reads. */
    private static Set<String> attributes(Ast.Condition condition) {
        Set<String> names = new java.util.HashSet<>();
        collect(condition, names);
        return names;
    }

    private static void collect(Ast.Condition c, Set<String> names) {
        switch (c) {
            case Ast.Compare x -> {
                collect(x.left(), names);
                collect(x.right(), names);
            }
            case Ast.Between x -> List.of(x.value(), x.lower(), x.upper()).forEach(o -> collect(o, names));
            case Ast.In x -> {
                collect(x.value(), names);
                x.candidates().forEach(o -> collect(o, names));
            }
            case Ast.Exists x -> names.add(x.path().first());
            case Ast.NotExists x -> names.add(x.path().first());
            case Ast.AttributeType x -> names.add(x.path().first());
            case Ast.BeginsWith x -> {
                collect(x.value(), names);
                collect(x.prefix(), names);
            }
            case Ast.Contains x -> {
                collect(x.container(), names);
                collect(x.member(), names);
            }
            case Ast.Not x -> collect(x.condition(), names);
            case Ast.And x -> {
                collect(x.left(), names);
                collect(x.right(), names);
            }
            case Ast.Or x -> {
                collect(x.left(), names);
                collect(x.right(), names);
            }
        }
    }

    private static void collect(Ast.Operand o, Set<String> names) {
        switch (o) {
            case Ast.PathOperand p -> names.add(p.path().first());
            case Ast.Size s -> names.add(s.path().first());
            default -> {}
        }
    }

    /** What Query and Scan share: the target, the filter, the projection, the page and the start key. */
    private record Walk(
            String tableName,
            String indexName,
            Ast.Condition filter,
            List<Ast.Path> projection,
            String select,
            int limit,
            Map<String, Value> exclusiveStart,
            boolean consistentRead) {

        static Walk parse(JsonNode request, Placeholders placeholders, String legacyFilter) {
            String table = Requests.requiredText(request, "TableName", "tableName");
            Ast.Condition filter = request.hasNonNull("FilterExpression")
                    ? Requests.condition(request, "FilterExpression", Expressions.Kind.FILTER, placeholders)
                    : Legacy.conditions(request, legacyFilter);
            List<Ast.Path> projection = request.hasNonNull("AttributesToGet")
                    ? Legacy.attributesToGet(request)
                    : Requests.projection(request, placeholders);
            placeholders.requireAllUsed();
            String select = Requests.text(request, "Select");
            if (select != null && !SELECTS.contains(select)) {
                throw ApiException.validation(
                        "1 validation error detected: Value '" + select + "' at 'select' failed to "
                                + "satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, "
                                + "ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]");
            }
            if ("SPECIFIC_ATTRIBUTES".equals(select) && projection == null) {
                throw ApiException.validation(
                        "Must specify the AttributesToGet or ProjectionExpression when choosing to get "
                                + "SPECIFIC_ATTRIBUTES");
            }
            if (projection != null && select != null && !"SPECIFIC_ATTRIBUTES".equals(select)) {
                throw ApiException.validation("Cannot specify the ProjectionExpression when choosing to get " + select);
            }
            int limit = Integer.MAX_VALUE;
            if (request.has("Limit")) {
                limit = request.get("Limit").asInt();
                if (limit < 1) {
                    throw ApiException.validation(
                            "1 validation error detected: Value '" + limit + "' at 'limit' failed to "
                                    + "satisfy constraint: Member must have value greater than or equal to 1");
                }
            }
            Map<String, Value> start = Values.item(request.get("ExclusiveStartKey"));
            return new Walk(
                    table,
                    Requests.text(request, "IndexName"),
                    filter,
                    projection,
                    select,
                    limit,
                    start,
                    Requests.bool(request, "ConsistentRead"));
        }

        IndexSchema index(Table table) {
            if (indexName == null) {
                return null;
            }
            IndexSchema index = table.schema().index(indexName);
            if (index == null) {
                throw ApiException.validation("The table does not have the specified index: " + indexName);
            }
            if (consistentRead && !index.local()) {
                throw ApiException.validation("Consistent reads are not supported on global secondary indexes");
            }
            if ("ALL_ATTRIBUTES".equals(select) && !index.local() && !"ALL".equals(index.projectionType())) {
                throw ApiException.validation(
                        "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not "
                                + "supported for global secondary index " + indexName
                                + " because its projection type is not ALL");
            }
            return index;
        }

        NavigableMap<Key, Map<String, Value>> source(Table table, IndexSchema index) {
            return index == null ? table.items() : table.index(index.name());
        }

        /** Where a page starts: just after the item that ended the previous one. */
        Key startKey(Table table, IndexSchema index) {
            if (exclusiveStart == null) {
                return null;
            }
            TableSchema schema = table.schema();
            Map<String, Value> tableKey = new LinkedHashMap<>();
            tableKey.put(schema.hash().name(), exclusiveStart.get(schema.hash().name()));
            if (schema.range() != null) {
                tableKey.put(
                        schema.range().name(), exclusiveStart.get(schema.range().name()));
            }
            Value hash = index == null ? null : exclusiveStart.get(index.hash().name());
            Value range = index == null || index.range() == null
                    ? null
                    : exclusiveStart.get(index.range().name());
            boolean complete = !tableKey.containsValue(null)
                    && (index == null
                            ? exclusiveStart.size() == tableKey.size()
                            : hash != null && (index.range() == null || range != null));
            if (!complete) {
                throw invalidStartKey("The provided key element does not match the schema");
            }
            Key itemKey;
            try {
                itemKey = table.keyOf(tableKey);
            } catch (ApiException e) {
                throw invalidStartKey(e.getMessage());
            }
            return index == null ? itemKey : Key.indexEntry(hash, range, itemKey);
        }

        private static ApiException invalidStartKey(String why) {
            return ApiException.validation("The provided starting key is invalid: " + why);
        }

        ObjectNode run(
                Table table,
                IndexSchema index,
                NavigableMap<Key, Map<String, Value>> source,
                KeyRange keyRange,
                Integer segment,
                int totalSegments) {
            Evaluator evaluator = new Evaluator(Expressions.Kind.FILTER);
            ObjectNode answer = Database.JSON.createObjectNode();
            ArrayNode items = "COUNT".equals(select) ? null : answer.putArray("Items");
            int count = 0;
            int scanned = 0;
            int bytes = 0;
            Map<String, Value> last = null;
            boolean stopped = false;
            boolean begun = false;
            for (Map.Entry<Key, Map<String, Value>> entry : source.entrySet()) {
                if (keyRange != null && !keyRange.admits(entry.getKey().range())) {
                    if (begun && keyRange.beginsWith() != null) {
                        break;
                    }
                    continue;
                }
                if (segment != null && entry.getKey().segment(totalSegments) != segment) {
                    continue;
                }
                begun = true;
                if (scanned == limit || bytes >= PAGE_BYTES) {
                    stopped = true;
                    break;
                }
                Map<String, Value> item =
                        readsTable(index) ? entry.getValue() : projected(table, index, entry.getValue());
                scanned++;
                bytes += Values.itemSize(item);
                last = entry.getValue();
                if (filter != null && !evaluator.test(filter, item)) {
                    continue;
                }
                count++;
                if (items != null) {
                    items.add(Values.json(projection == null ? item : Documents.project(item, projection)));
                }
            }
            answer.put("Count", count);
            answer.put("ScannedCount", scanned);
            if ((stopped || scanned == limit) && last != null) {
                answer.set("LastEvaluatedKey", Values.json(lastKey(table, index, last)));
            }
            return answer;
        }

        /**
         * A local index fetches what it does not project from the table when the request asks for more than the
         * projection: all attributes, or named ones (a global index cannot, and refuses ALL_ATTRIBUTES instead).
         */
        private boolean readsTable(IndexSchema index) {
            return index != null && index.local() && ("ALL_ATTRIBUTES".equals(select) || projection != null);
        }

        private static Map<String, Value> projected(Table table, IndexSchema index, Map<String, Value> item) {
            if (index == null || "ALL".equals(index.projectionType())) {
                return item;
            }
            Map<String, Value> projected = new LinkedHashMap<>();
            item.forEach((name, value) -> {
                if (table.schema().isKey(name)
                        || name.equals(index.hash().name())
                        || (index.range() != null && name.equals(index.range().name()))
                        || index.nonKeyAttributes().contains(name)) {
                    projected.put(name, value);
                }
            });
            return projected;
        }

        private static Map<String, Value> lastKey(Table table, IndexSchema index, Map<String, Value> item) {
            Map<String, Value> key = new LinkedHashMap<>(table.keyAttributes(item));
            if (index != null) {
                key.put(index.hash().name(), item.get(index.hash().name()));
                if (index.range() != null) {
                    key.put(index.range().name(), item.get(index.range().name()));
                }
            }
            return key;
        }
    }
}
