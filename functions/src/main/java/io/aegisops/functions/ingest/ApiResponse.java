package io.aegisops.functions.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.Json;
import java.util.Map;

/** A JSON answer, written as the API Gateway proxy response {@code {statusCode, headers, body}}. */
public record ApiResponse(int statusCode, String body) {

    public static ApiResponse json(int statusCode, Object value) {
        return new ApiResponse(statusCode, Json.write(value));
    }

    public static ApiResponse error(ApiException e) {
        return json(e.status(), Map.of("error", e.error(), "message", e.getMessage()));
    }

    public ObjectNode toProxyResponse() {
        ObjectNode response = Json.mapper().createObjectNode();
        response.put("statusCode", statusCode);
        response.putObject("headers").put("Content-Type", "application/json");
        response.put("body", body);
        response.put("isBase64Encoded", false);
        return response;
    }
}
