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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TransactWriteItems and TransactGetItems. A write transaction plans every action against the items as they
 * are, under the database's write lock, and applies them only when all conditions hold: all or nothing, and
 * serialisable against every other writer.
 */
final class Transactions {

    private static final int MAX_ACTIONS = 100;
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(10);

    private final Database db;
    /**
     * ClientRequestToken → a digest of the actions it came with and when they were applied, oldest first (the SDK
     * sends a token with every transaction, so expiry must be cheap: only the head is ever old). Guarded by the
     * write lock.
     */
    private final Map<String, Applied> tokens = new LinkedHashMap<>();

    private record Applied(String digest, Instant at) {}

    Transactions(Database db) {
        this.db = db;
    }

    ObjectNode transactWriteItems(JsonNode request) {
        JsonNode actions = transactItems(request);
        List<ItemWrite> writes = new ArrayList<>();
        for (JsonNode action : actions) {
            if (action.size() != 1) {
                throw ApiException.validation("TransactItems can only contain one of Check, Put, Update or Delete");
            }
            Map.Entry<String, JsonNode> only = action.fields().next();
            ItemWrite.Kind kind = switch (only.getKey()) {
                case "Put" -> ItemWrite.Kind.PUT;
                case "Update" -> ItemWrite.Kind.UPDATE;
                case "Delete" -> ItemWrite.Kind.DELETE;
                case "ConditionCheck" -> ItemWrite.Kind.CHECK;
                default ->
                    throw ApiException.validation("TransactItems can only contain one of Check, Put, Update or Delete");
            };
            if (kind == ItemWrite.Kind.UPDATE && Requests.text(only.getValue(), "UpdateExpression") == null) {
                throw ApiException.validation("1 validation error detected: Value null at 'transactItems.member.update."
                        + "updateExpression' failed to satisfy constraint: Member must not be null");
            }
            writes.add(ItemWrite.parse(kind, only.getValue()));
        }
        String token = Requests.text(request, "ClientRequestToken");
        String fingerprint = digest(actions);
        db.write(() -> {
            if (token != null && alreadyApplied(token, fingerprint)) {
                return null;
            }
            List<ItemWrite.Plan> plans = new ArrayList<>();
            List<ObjectNode> reasons = new ArrayList<>();
            Set<String> targets = new HashSet<>();
            boolean failed = false;
            for (ItemWrite write : writes) {
                Table table = db.table(write.tableName);
                Key key = write.kind == ItemWrite.Kind.PUT ? table.keyOfItem(write.item) : table.keyOf(write.key);
                if (!targets.add(write.tableName + "\u0000" + key)) {
                    throw ApiException.validation("Transaction request cannot include multiple operations on one item");
                }
                ObjectNode reason = Database.JSON.createObjectNode();
                try {
                    plans.add(write.plan(table));
                    reason.put("Code", "None");
                } catch (ItemWrite.ConditionFailed conditionFailed) {
                    failed = true;
                    reason.put("Code", "ConditionalCheckFailed").put("Message", "The conditional request failed");
                    if (conditionFailed.old != null) {
                        reason.set("Item", Values.json(conditionFailed.old));
                    }
                } catch (ApiException invalid) {
                    failed = true;
                    reason.put("Code", "ValidationError").put("Message", invalid.getMessage());
                }
                reasons.add(reason);
            }
            if (failed) {
                throw cancelled(reasons);
            }
            plans.forEach(plan -> plan.apply(db));
            if (token != null) {
                tokens.put(token, new Applied(fingerprint, db.clock().instant()));
            }
            return null;
        });
        return Database.JSON.createObjectNode();
    }

    /** Whether a request with this token was applied within the last ten minutes; a different request is refused. */
    private boolean alreadyApplied(String token, String request) {
        Instant now = db.clock().instant();
        for (var oldest = tokens.values().iterator(); oldest.hasNext(); ) {
            if (!oldest.next().at().plus(TOKEN_LIFETIME).isBefore(now)) {
                break;
            }
            oldest.remove();
        }
        Applied applied = tokens.get(token);
        if (applied == null) {
            return false;
        }
        if (!applied.digest().equals(request)) {
            throw new ApiException(
                    "IdempotentParameterMismatchException",
                    400,
                    "The request uses the same client token as a previous, but non-identical request.",
                    null);
        }
        return true;
    }

    private static ApiException cancelled(List<ObjectNode> reasons) {
        ObjectNode extra = Database.JSON.createObjectNode();
        ArrayNode list = extra.putArray("CancellationReasons");
        List<String> codes = new ArrayList<>();
        for (ObjectNode reason : reasons) {
            list.add(reason);
            codes.add(reason.get("Code").asText());
        }
        return new ApiException(
                "TransactionCanceledException",
                400,
                "Transaction cancelled, please refer cancellation reasons for specific reasons " + codes,
                extra);
    }

    /** What tells two requests apart: a SHA-256 of their actions as JSON. */
    private static String digest(JsonNode actions) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(actions.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    /** TransactItems: one to 100 actions. */
    private static JsonNode transactItems(JsonNode request) {
        JsonNode actions = request.get("TransactItems");
        if (actions == null || !actions.isArray() || actions.isEmpty() || actions.size() > MAX_ACTIONS) {
            throw ApiException.validation(
                    "1 validation error detected: Value at 'transactItems' failed to satisfy constraint: "
                            + "Member must have length "
                            + (actions != null && actions.size() > MAX_ACTIONS
                                    ? "less than or equal to 100"
                                    : "greater than or equal to 1"));
        }
        return actions;
    }

    ObjectNode transactGetItems(JsonNode request) {
        JsonNode actions = transactItems(request);
        record Get(String table, Map<String, Value> key, List<Ast.Path> projection) {}
        List<Get> gets = new ArrayList<>();
        for (JsonNode action : actions) {
            JsonNode get = action.get("Get");
            if (get == null) {
                throw ApiException.validation("TransactGetItems can only contain Get actions");
            }
            List<Ast.Path> projection = Requests.readProjection(get);
            gets.add(new Get(
                    Requests.requiredText(get, "TableName", "tableName"),
                    Requests.requiredItem(get, "Key"),
                    projection));
        }
        ObjectNode answer = Database.JSON.createObjectNode();
        ArrayNode responses = answer.putArray("Responses");
        db.read(() -> {
            Set<String> targets = new HashSet<>();
            for (Get get : gets) {
                Table table = db.table(get.table());
                Key key = table.keyOf(get.key());
                if (!targets.add(get.table() + "\u0000" + key)) {
                    throw ApiException.validation("Transaction request cannot include multiple operations on one item");
                }
                Map<String, Value> item = table.items().get(key);
                ObjectNode response = responses.addObject();
                if (item != null) {
                    response.set(
                            "Item",
                            Values.json(get.projection() == null ? item : Documents.project(item, get.projection())));
                }
            }
            return null;
        });
        return answer;
    }
}
