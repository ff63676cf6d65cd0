package io.aegisops.functions.pipeline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.aegisops.contracts.logging.EventLog;
import io.aegisops.contracts.logging.LogContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.crac.Core;
import org.crac.Resource;

/**
 * Every handler's base: each line logged while it serves a request names the Lambda request id
 * ({@code requestId}) and, once the handler knows it ({@link JsonStreams#incidentId}), the incident.
 *
 * <p>Each handler registers itself for SnapStart's checkpoint hooks ({@code org.crac}, a no-op on a JVM without
 * CRaC): before the snapshot it {@linkplain #prime primes} what its first call needs, so that work is in the
 * snapshot instead of in the first request after a restore.
 */
public abstract class LoggedHandler implements RequestStreamHandler {

    private static final EventLog LOG = EventLog.of(LoggedHandler.class);

    /** Held here: the global context keeps only a weak reference to what it is given. */
    private final Resource snapshotHooks = new SnapshotHooks();

    protected LoggedHandler() {
        Core.getGlobalContext().register(snapshotHooks);
    }

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

    /**
     * Does once, before the snapshot, what the first call would do for the first time: the SDK client's first
     * request (a read of nothing, {@link Priming#requestsWithoutWrites}), Jackson over the handler's own payload and answer,
     * and the handler's own code on a sample. It changes nothing: no write, no execution started, no notification,
     * no call to a configured model (Diagnose runs its model client against a loopback stand-in), and no secret read
     * (a secret in the snapshot would outlive its rotation).
     */
    protected abstract void prime() throws IOException;

    private final class SnapshotHooks implements Resource {

        @Override
        public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
            String handler = LoggedHandler.this.getClass().getSimpleName();
            long started = System.nanoTime();
            try {
                prime();
                LOG.info("snapshot.primed", "handler", handler, "ms", (System.nanoTime() - started) / 1_000_000);
            } catch (IOException | RuntimeException | LinkageError e) {
                // best effort: an unprimed first call is slower, never wrong, and the version still publishes
                // (a LinkageError too: a runtime without a module priming uses, such as jdk.httpserver)
                LOG.warn(
                        "snapshot.primeFailed",
                        "handler",
                        handler,
                        "error",
                        e.getClass().getSimpleName());
            }
        }

        /**
         * Nothing to re-establish here: secrets expire themselves on restore ({@code config.Refreshing}), and a
         * pooled connection that did not survive the snapshot is retried by the JDK's HTTP client.
         */
        @Override
        public void afterRestore(org.crac.Context<? extends Resource> context) {
            LOG.info(
                    "snapshot.restored",
                    "handler",
                    LoggedHandler.this.getClass().getSimpleName());
        }
    }
}
