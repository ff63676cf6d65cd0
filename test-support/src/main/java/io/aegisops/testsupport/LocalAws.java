package io.aegisops.testsupport;

import java.net.URI;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Real AWS SDK clients for an endpoint on this machine (the DynamoDB engine, the local Step Functions engine, the
 * recording server, the embedded stack's edge port): us-east-1, dummy static credentials, the URLConnection client.
 */
public final class LocalAws {

    private static final StaticCredentialsProvider DUMMY =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private LocalAws() {}

    public static DynamoDbClient dynamo(URI endpoint) {
        return dynamo(endpoint, new ExecutionInterceptor[0]);
    }

    /** {@code interceptors} see every call, e.g. to count them. */
    public static DynamoDbClient dynamo(URI endpoint, ExecutionInterceptor... interceptors) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(DUMMY)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.executionInterceptors(List.of(interceptors)))
                .build();
    }

    public static SfnClient sfn(URI endpoint) {
        return sfn(endpoint, new ExecutionInterceptor[0]);
    }

    /** {@code interceptors} see every call, e.g. to count them. */
    public static SfnClient sfn(URI endpoint, ExecutionInterceptor... interceptors) {
        return SfnClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(DUMMY)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.executionInterceptors(List.of(interceptors)))
                .build();
    }
}
