package io.aegisops.dynamodb.internal.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.dynamodb.internal.ApiException;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;

/** The DynamoDB JSON 1.0 protocol: routes an operation to its implementation and renders answers and errors. */
public final class Api {

    private static final String TARGET_PREFIX = "DynamoDB_20120810.";

    /** An answer: HTTP status and JSON body. */
    @SuppressWarnings("ArrayRecordComponent") // a response body is written out, never compared
    public record Answer(int status, byte[] body) {}

    private final Map<String, Function<JsonNode, ObjectNode>> operations;

    public Api(Database db) {
        Operations items = new Operations(db);
        Reads reads = new Reads(db);
        Batches batches = new Batches(db);
        Transactions transactions = new Transactions(db);
        this.operations = Map.ofEntries(
                Map.entry("CreateTable", items::createTable),
                Map.entry("DescribeTable", items::describeTable),
                Map.entry("ListTables", items::listTables),
                Map.entry("DeleteTable", items::deleteTable),
                Map.entry("UpdateTable", items::updateTable),
                Map.entry("UpdateTimeToLive", items::updateTimeToLive),
                Map.entry("DescribeTimeToLive", items::describeTimeToLive),
                Map.entry("PutItem", items::putItem),
                Map.entry("GetItem", items::getItem),
                Map.entry("UpdateItem", items::updateItem),
                Map.entry("DeleteItem", items::deleteItem),
                Map.entry("Query", reads::query),
                Map.entry("Scan", reads::scan),
                Map.entry("BatchGetItem", batches::batchGetItem),
                Map.entry("BatchWriteItem", batches::batchWriteItem),
                Map.entry("TransactWriteItems", transactions::transactWriteItems),
                Map.entry("TransactGetItems", transactions::transactGetItems));
    }

    public Answer call(String target, byte[] body) {
        try {
            if (target == null || !target.startsWith(TARGET_PREFIX)) {
                throw new ApiException(
                        "UnknownOperationException", 400, "Missing or unknown X-Amz-Target: " + target, null);
            }
            Function<JsonNode, ObjectNode> operation = operations.get(target.substring(TARGET_PREFIX.length()));
            if (operation == null) {
                throw new ApiException(
                        "UnknownOperationException",
                        400,
                        "The operation " + target.substring(TARGET_PREFIX.length()) + " is not supported",
                        null);
            }
            JsonNode request = parse(body);
            return new Answer(200, Database.JSON.writeValueAsBytes(operation.apply(request)));
        } catch (ApiException e) {
            return error(e);
        } catch (JsonProcessingException e) {
            return error(new ApiException("InternalServerError", 500, "The answer could not be written", null));
        } catch (RuntimeException e) {
            return error(new ApiException("InternalServerError", 500, "Internal server error: " + e, null));
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode request = body.length == 0 ? Database.JSON.createObjectNode() : Database.JSON.readTree(body);
            if (request == null || !request.isObject()) {
                throw new ApiException("SerializationException", 400, "The request body must be a JSON object", null);
            }
            return request;
        } catch (IOException e) {
            throw new ApiException(
                    "SerializationException", 400, "Start of structure or map found where not expected", null);
        }
    }

    public static Answer error(ApiException e) {
        ObjectNode node = Database.JSON.createObjectNode();
        node.put("__type", "com.amazonaws.dynamodb.v20120810#" + e.type());
        node.put("message", e.getMessage());
        if (e.extra() != null) {
            node.setAll(e.extra());
        }
        try {
            return new Answer(e.status(), Database.JSON.writeValueAsBytes(node));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
