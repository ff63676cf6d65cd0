package io.aegisops.functions.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Json;
import io.aegisops.functions.pipeline.LoggedHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The REST API's Lambda: an API Gateway proxy event in, the proxy response out (routes: {@link IngestApi}). */
public final class IngestHandler extends LoggedHandler {

    private final IngestComponents components;
    private final IngestApi api;

    public IngestHandler() {
        this(IngestComponents.fromEnvironment());
    }

    public IngestHandler(IngestComponents components) {
        this.components = components;
        this.api = components.api();
    }

    @Override
    protected void handle(InputStream input, OutputStream output, Context context) throws IOException {
        ApiResponse response;
        String allowedOrigin = null;
        try {
            JsonNode event = Json.mapper().readTree(input);
            ApiRequest request =
                    ApiRequest.fromProxyEvent(event == null ? Json.mapper().createObjectNode() : event);
            allowedOrigin = components.consoleOrigin().allowed(request.header("Origin"));
            response = api.handle(request);
        } catch (ApiException refused) {
            response = ApiResponse.error(refused);
        } catch (IOException notJson) {
            response = ApiResponse.error(ApiException.badRequest("the event is not JSON"));
        }
        Json.mapper().writeValue(output, response.toProxyResponse(allowedOrigin));
    }

    @Override
    protected void prime() throws IOException {
        components.prime();
    }
}
