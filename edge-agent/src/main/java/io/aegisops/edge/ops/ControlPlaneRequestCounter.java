package io.aegisops.edge.ops;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Counts every HTTP request the AWS SDK clients send, retries included, by service and operation. */
public final class ControlPlaneRequestCounter implements ExecutionInterceptor {

    public static final String METRIC = "aegis_edge_control_plane_requests_total";

    private final Metrics metrics;

    public ControlPlaneRequestCounter(Metrics metrics) {
        this.metrics = metrics.counter(METRIC, "HTTP requests sent to DynamoDB and Step Functions, retries included.");
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        metrics.increment(
                METRIC,
                "service",
                String.valueOf(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)),
                "operation",
                String.valueOf(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)));
    }
}
