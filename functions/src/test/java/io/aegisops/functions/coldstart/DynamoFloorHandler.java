package io.aegisops.functions.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.functions.pipeline.PipelineSettings;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The floor of any handler that stores something: a DynamoDB client built as the handlers build theirs, and one
 * GetItem per call. No handler can start and answer faster than this.
 */
public final class DynamoFloorHandler implements RequestStreamHandler {

    private final DynamoDbClient dynamo = DynamoDbClient.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    private final String table = Tables.named(PipelineSettings.tablePrefix(System.getenv()), Tables.INCIDENTS);

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        dynamo.getItem(b -> b.tableName(table).key(Map.of("incidentId", AttributeValue.fromS("inc-floor-absent"))));
    }
}
