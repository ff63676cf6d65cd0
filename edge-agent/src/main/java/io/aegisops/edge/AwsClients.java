package io.aegisops.edge;

import io.aegisops.edge.ops.ControlPlaneRequestCounter;
import io.aegisops.edge.ops.Metrics;
import java.time.Duration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * How the agent's DynamoDB, Step Functions and SQS clients talk to the control plane: the URLConnection HTTP
 * client, short timeouts, the SDK's standard retry mode (3 attempts) rather than DynamoDB's legacy 9, since
 * the agent backs off between polls itself, and every request counted for /metrics.
 */
final class AwsClients {

    private AwsClients() {}

    static SdkHttpClient http() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** The doorbell's: a long poll holds its request for up to 20 s, longer than the others' socket timeout. */
    static SdkHttpClient longPollingHttp() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** The doorbell's: a long poll's attempt may last 20 s. */
    static ClientOverrideConfiguration longPolling(ClientOverrideConfiguration overrides) {
        return overrides.toBuilder()
                .apiCallAttemptTimeout(Duration.ofSeconds(30))
                .apiCallTimeout(Duration.ofSeconds(60))
                .build();
    }

    static ClientOverrideConfiguration overrides(Metrics metrics) {
        return ClientOverrideConfiguration.builder()
                .apiCallTimeout(Duration.ofSeconds(30))
                .apiCallAttemptTimeout(Duration.ofSeconds(10))
                .retryStrategy(RetryMode.STANDARD)
                .addExecutionInterceptor(new ControlPlaneRequestCounter(metrics))
                .build();
    }
}
