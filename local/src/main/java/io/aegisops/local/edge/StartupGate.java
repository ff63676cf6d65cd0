package io.aegisops.local.edge;

import com.sun.net.httpserver.HttpHandler;
import java.util.Map;

/**
 * The edge port is bound before the pipeline behind it exists (its address goes into every setting), so a sender
 * can call while the stack starts. Until {@link #open()}, the guarded API answers 503 with {@code Retry-After},
 * which Alertmanager and the AWS SDKs retry, instead of failing somewhere inside; each refusal is logged.
 */
public final class StartupGate {

    private volatile boolean open;

    public HttpHandler guarding(HttpHandler api) {
        return exchange -> {
            if (open) {
                api.handle(exchange);
                return;
            }
            Refusals.refuse(
                    exchange, 503, "starting", Map.of("Retry-After", "1"), "the stack is starting; retry in a second");
        };
    }

    public void open() {
        open = true;
    }

    public boolean isOpen() {
        return open;
    }
}
