package io.aegisops.functions.ingest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the calls made through the SDK clients it is added to, as {@code Service.Operation} (e.g.
 * {@code DynamoDb.TransactWriteItems}): one per call the code makes, however often the SDK retries it.
 */
public final class SdkCalls implements ExecutionInterceptor {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String call = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        counts.computeIfAbsent(call, name -> new LongAdder()).increment();
    }

    /** The calls made since the last {@link #reset}, by name, in name order. */
    public Map<String, Long> counted() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((call, count) -> snapshot.put(call, count.sum()));
        snapshot.values().removeIf(count -> count == 0);
        return snapshot;
    }

    public long total() {
        return counted().values().stream().mapToLong(Long::longValue).sum();
    }

    public void reset() {
        counts.clear();
    }
}
