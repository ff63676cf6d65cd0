package io.aegisops.dynamodb.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.dynamodb.internal.ApiException;
import io.aegisops.dynamodb.internal.expr.Ast;
import io.aegisops.dynamodb.internal.expr.Documents;
import io.aegisops.dynamodb.internal.table.Key;
import io.aegisops.dynamodb.internal.table.Table;
import io.aegisops.dynamodb.internal.value.Value;
import io.aegisops.dynamodb.internal.value.Values;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** BatchGetItem and BatchWriteItem: every request checked before any is served, nothing left unprocessed. */
final class Batches {

    private static final int MAX_GETS = 100;
    private static final int MAX_WRITES = 25;

    private final Database db;

    Batches(Database db) {
        this.db = db;
    }

    ObjectNode batchGetItem(JsonNode request) {
        JsonNode requestItems = request.get("RequestItems");
        if (requestItems == null || !requestItems.isObject() || requestItems.isEmpty()) {
            throw ApiException.validation("1 validation error detected: Value null at 'requestItems' failed to satisfy "
                    + "constraint: Member must have length greater than or equal to 1");
        }
        record TableGets(String table, List<Map<String, Value>> keys, List<Ast.Path> projection) {
        }
        List<TableGets> gets = new ArrayList<>();
        int total = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode spec = entry.getValue();
            List<Ast.Path> projection = Requests.readProjection(spec);
            List<Map<String, Value>> keys = new ArrayList<>();
            for (JsonNode key : TableCodec.iterable(spec.get("Keys"))) {
                keys.add(Values.item(key));
            }
            if (keys.isEmpty()) {
                throw ApiException.validation("1 validation error detected: Value at 'requestItems." + entry.getKey()
                        + ".member.keys' failed to satisfy constraint: Member must have length greater than or equal to 1");
            }
            total += keys.size();
            gets.add(new TableGets(entry.getKey(), keys, projection));
        }
        if (total > MAX_GETS) {
            throw ApiException.validation("Too many items requested for the BatchGetItem call");
        }
        ObjectNode answer = Database.JSON.createObjectNode();
        ObjectNode responses = answer.putObject("Responses");
        db.read(() -> {
            for (TableGets get : gets) {
                Table table = db.table(get.table());
                Set<Key> seen = new HashSet<>();
                List<Map<String, Value>> found = new ArrayList<>();
                for (Map<String, Value> key : get.keys()) {
                    Key k = table.keyOf(key);
                    if (!seen.add(k)) {
                        throw ApiException.validation("Provided list of item keys contains duplicates");
                    }
                    Map<String, Value> item = table.items().get(k);
                    if (item != null) {
                        found.add(get.projection() == null ? item : Documents.project(item, get.projection()));
                    }
                }
                ArrayNode list = responses.putArray(get.table());
                found.forEach(item -> list.add(Values.json(item)));
            }
            return null;
        });
        answer.putObject("UnprocessedKeys");
        return answer;
    }

    ObjectNode batchWriteItem(JsonNode request) {
        JsonNode requestItems = request.get("RequestItems");
        if (requestItems == null || !requestItems.isObject() || requestItems.isEmpty()) {
            throw ApiException.validation("1 validation error detected: Value null at 'requestItems' failed to satisfy "
                    + "constraint: Member must have length greater than or equal to 1");
        }
        record Write(String table, Map<String, Value> item, Map<String, Value> key) {
        }
        List<Write> writes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            for (JsonNode w : TableCodec.iterable(entry.getValue())) {
                if (w.has("PutRequest") == w.has("DeleteRequest")) {
                    throw ApiException.validation("Supplied AttributeValue has more than one datatypes set, must contain "
                            + "exactly one of the supported datatypes");
                }
                writes.add(w.has("PutRequest")
                        ? new Write(entry.getKey(), Requests.requiredItem(w.get("PutRequest"), "Item"), null)
                        : new Write(entry.getKey(), null, Requests.requiredItem(w.get("DeleteRequest"), "Key")));
            }
        }
        if (writes.size() > MAX_WRITES) {
            throw ApiException.validation("Too many items requested for the BatchWriteItem call");
        }
        if (writes.isEmpty()) {
            throw ApiException.validation("1 validation error detected: Value at 'requestItems' failed to satisfy "
                    + "constraint: Member must have length greater than or equal to 1");
        }
        db.write(() -> {
            record Planned(Table table, Key key, Map<String, Value> item) {
            }
            List<Planned> planned = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Write w : writes) {
                Table table = db.table(w.table());
                Key key = w.item() != null ? table.keyOfItem(w.item()) : table.keyOf(w.key());
                if (w.item() != null) {
                    table.validate(w.item());
                }
                if (!seen.add(w.table() + "\u0000" + key)) {
                    throw ApiException.validation("Provided list of item keys contains duplicates");
                }
                planned.add(new Planned(table, key, w.item()));
            }
            for (Planned p : planned) {
                if (p.item() == null) {
                    db.delete(p.table(), p.key());
                } else {
                    db.put(p.table(), p.key(), p.item());
                }
            }
            return null;
        });
        ObjectNode answer = Database.JSON.createObjectNode();
        answer.putObject("UnprocessedItems");
        return answer;
    }
}
