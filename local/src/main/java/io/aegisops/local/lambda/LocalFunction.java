package io.aegisops.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * One Lambda function of the embedded stack: its name, the handler it runs (created lazily, once, like a
 * Lambda execution environment's init), its memory and timeout.
 */
public final class LocalFunction {

    private final String name;
    private final Supplier<? extends RequestStreamHandler> factory;
    private final int memoryMb;
    private final Duration timeout;
    private volatile RequestStreamHandler handler;

    public LocalFunction(
            String name, Supplier<? extends RequestStreamHandler> factory, int memoryMb, Duration timeout) {
        this.name = name;
        this.factory = factory;
        this.memoryMb = memoryMb;
        this.timeout = timeout;
    }

    public String name() {
        return name;
    }

    public int memoryMb() {
        return memoryMb;
    }

    public Duration timeout() {
        return timeout;
    }

    RequestStreamHandler handler() {
        RequestStreamHandler h = handler;
        if (h == null) {
            synchronized (this) {
                if (handler == null) {
                    handler = factory.get();
                }
                h = handler;
            }
        }
        return h;
    }
}
