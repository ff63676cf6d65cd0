package io.aegisops.functions.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of an API Gateway REST (v1) proxy event the API uses. Header names are case-insensitive, as
 * in HTTP; the body is the raw bytes, decoded from base64 when the event says so.
 */
@SuppressWarnings("ArrayRecordComponent") // a request body is parsed, never compared
public record ApiRequest(
        String method, String path, Map<String, String> headers, Map<String, String> query, byte[] body) {

    public ApiRequest {
        Map<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseInsensitive.putAll(headers);
        headers = Collections.unmodifiableMap(caseInsensitive);
        query = Map.copyOf(query);
        body = body == null ? new byte[0] : body;
    }

    public String header(String name) {
        return headers.get(name);
    }

    /**
     * @throws ApiException 400 when the event has no method or path, or a base64 body that does not decode
     */
    public static ApiRequest fromProxyEvent(JsonNode event) {
        String method = event.path("httpMethod").asText("");
        String path = event.path("path").asText("");
        if (method.isEmpty() || path.isEmpty()) {
            throw ApiException.badRequest("not an API Gateway proxy event: httpMethod and path are required");
        }
        JsonNode bodyNode = event.get("body");
        byte[] body = new byte[0];
        if (bodyNode != null && bodyNode.isTextual()) {
            if (event.path("isBase64Encoded").asBoolean(false)) {
                try {
                    body = Base64.getDecoder().decode(bodyNode.textValue());
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest("the body is marked base64 but does not decode");
                }
            } else {
                body = bodyNode.textValue().getBytes(StandardCharsets.UTF_8);
            }
        }
        return new ApiRequest(
                method, path, strings(event.get("headers")), strings(event.get("queryStringParameters")), body);
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (object != null && object.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getValue().isTextual()) {
                    map.put(field.getKey(), field.getValue().textValue());
                }
            }
        }
        return map;
    }
}
