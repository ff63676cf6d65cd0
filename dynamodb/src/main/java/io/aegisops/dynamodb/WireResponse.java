package io.aegisops.dynamodb;

import java.nio.charset.StandardCharsets;

/** One answer of the DynamoDB JSON 1.0 protocol: the HTTP status and the JSON body. */
public record WireResponse(int status, byte[] body) {

    public static WireResponse ok(byte[] body) {
        return new WireResponse(200, body);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
