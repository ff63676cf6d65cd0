package io.aegisops.dynamodb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Placeholder while the engine lands: every call answers InternalServerError. */
public final class DynamoDbEngine implements AutoCloseable {

    public static DynamoDbEngine inMemory() {
        return new DynamoDbEngine();
    }

    public static DynamoDbEngine durable(Path directory) {
        return new DynamoDbEngine();
    }

    public WireResponse handle(String target, byte[] body) {
        return error(500, "InternalServerError", "not yet");
    }

    static WireResponse error(int status, String type, String message) {
        String json = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + type + "\",\"message\":\"" + message + "\"}";
        return new WireResponse(status, json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
    }
}
