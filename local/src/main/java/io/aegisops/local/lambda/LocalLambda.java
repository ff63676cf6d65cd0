package io.aegisops.local.lambda;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The embedded stack's Lambda service: functions by name and ARN, invoked in-process with the raw JSON the
 * Lambda runtime would pass, within their timeout.
 */
public final class LocalLambda implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "000000000000";
    /** The alias the state machine and API call, as on AWS. */
    public static final String ALIAS = "live";

    private final Map<String, LocalFunction> byName = new ConcurrentHashMap<>();
    private final ExecutorService invocations = Executors.newVirtualThreadPerTaskExecutor();
    private final Clock clock;

    public LocalLambda(Clock clock) {
        this.clock = clock;
    }

    public String register(LocalFunction function) {
        byName.put(function.name(), function);
        return arnOf(function.name());
    }

    public static String arnOf(String functionName) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + functionName + ":" + ALIAS;
    }

    /** The function named by a bare name, a function ARN, or a qualified (alias/version) ARN. */
    public Optional<LocalFunction> resolve(String nameOrArn) {
        String name = nameOrArn;
        if (nameOrArn.startsWith("arn:")) {
            String[] parts = nameOrArn.split(":", -1);
            name = parts.length > 6 ? parts[6] : nameOrArn;
        }
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * Invokes the function with {@code payload} and returns its output bytes.
     *
     * @throws FunctionError named like the Lambda runtime names it: the exception class, or
     *                       {@code Sandbox.Timedout} when the function ran past its timeout
     */
    public byte[] invoke(String nameOrArn, byte[] payload) {
        LocalFunction function = resolve(nameOrArn)
                .orElseThrow(
                        () -> new FunctionError("ResourceNotFoundException", "Function not found: " + nameOrArn, null));
        LocalLambdaContext context = new LocalLambdaContext(
                function.name(), arnOf(function.name()), function.memoryMb(), function.timeout(), clock);
        Future<byte[]> result = invocations.submit(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            function.handler().handleRequest(new ByteArrayInputStream(payload), out, context);
            return out.toByteArray();
        });
        try {
            return result.get(function.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new FunctionError(
                    "Sandbox.Timedout",
                    "Task timed out after " + function.timeout().toSeconds() + " seconds",
                    e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new FunctionError(cause.getClass().getName(), String.valueOf(cause.getMessage()), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FunctionError("Lambda.ServiceException", "invocation interrupted", e);
        }
    }

    @Override
    public void close() {
        invocations.shutdownNow();
    }
}
