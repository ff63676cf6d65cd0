package io.aegisops.functions.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.NormalisedAlert;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The floor ({@link DynamoFloorHandler}'s client and GetItem) plus the least Jackson any handler of ours uses: the
 * payload read as a tree with the contracts' mapper, its alert bound to a record, and that record written as the
 * answer. Every handler pays at least this, so the benchmark shows how much of a handler's cold start is its own.
 */
public final class JacksonFloorHandler implements RequestStreamHandler {

    private final DynamoFloorHandler floor = new DynamoFloorHandler();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode payload = Json.mapper().readTree(input);
        NormalisedAlert alert = Json.mapper().treeToValue(payload.get("alert"), NormalisedAlert.class);
        floor.handleRequest(InputStream.nullInputStream(), OutputStream.nullOutputStream(), context);
        Json.mapper().writeValue(output, alert);
    }
}
