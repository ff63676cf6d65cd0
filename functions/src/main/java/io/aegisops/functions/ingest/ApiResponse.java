package io.aegisops.functions.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.Json;
import java.util.Map;

/**
 * A JSON answer, written as the API Gateway proxy response {@code {statusCode, headers, body}}. A 503 says when to
 * retry ({@code Retry-After}): it is always a passing failure, and senders such as Alertmanager retry it.
 */
public record ApiResponse(int statusCode, String body) {

    /** What a 503 asks the sender to wait before the next attempt. */
    public static final int RETRY_AFTER_SECONDS = 5;

    public static ApiResponse json(int statusCode, Object value) {
        return new ApiResponse(statusCode, Json.write(value));
    }

    public static ApiResponse error(ApiException e) {
        return json(e.status(), Map.of("error", e.error(), "message", e.getMessage()));
    }

    public ObjectNode toProxyResponse() {
        return toProxyResponse(null);
    }

    /** @param allowedOrigin the console's origin when the request came from it ({@link ConsoleOrigin}), else null */
    public ObjectNode toProxyResponse(String allowedOrigin) {
        ObjectNode response = Json.mapper().createObjectNode();
        response.put("statusCode", statusCode);
        ObjectNode headers = response.putObject("headers").put("Content-Type", "application/json");
        if (allowedOrigin != null) {
            headers.put("Access-Control-Allow-Origin", allowedOrigin).put("Vary", "Origin");
        }
        if (statusCode == 503) {
            headers.put("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        }
        response.put("body", body);
        response.put("isBase64Encoded", false);
        return response;
    }
}
