package io.aegisops.functions.pipeline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.aegisops.contracts.logging.LogContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Every handler's base: each line logged while it serves a request names the Lambda request id
 * ({@code requestId}) and, once the handler knows it ({@link JsonStreams#incidentId}), the incident.
 */
public abstract class LoggedHandler implements RequestStreamHandler {

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LogContext.Scope request = LogContext.request(context == null ? null : context.getAwsRequestId());
        try {
            handle(input, output, context);
        } finally {
            request.close();
        }
    }

    /** Serves one request, as {@link RequestStreamHandler#handleRequest} would. */
    protected abstract void handle(InputStream input, OutputStream output, Context context) throws IOException;
}
