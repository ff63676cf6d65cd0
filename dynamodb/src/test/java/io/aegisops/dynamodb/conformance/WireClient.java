package io.aegisops.dynamodb.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Sends DynamoDB JSON 1.0 requests over HTTP as the AWS SDK does (moto reads the region from the signature). */
final class WireClient {

    /** One answer as received; {@code status} is -1 where no HTTP answer came. */
    record Answer(int status, JsonNode body) {

        boolean ok() {
            return status == 200;
        }
    }

    private static final String AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/dynamodb/aws4_request, "
            + "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0000";

    private final URI endpoint;
    private final ObjectMapper json;
    private final HttpClient http;

    WireClient(URI endpoint, ObjectMapper json) {
        this.endpoint = endpoint;
        this.json = json;
        // HTTP/1.1 as the SDK speaks it: no h2c upgrade attempt that moto's server would have to refuse.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    Answer send(String operation, String body) {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/"))
                .timeout(Duration.ofSeconds(30))
                .header("X-Amz-Target", "DynamoDB_20120810." + operation)
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Date", "20240101T000000Z")
                .header("Authorization", AUTHORIZATION)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), parse(response.body()));
        } catch (IOException e) {
            return new Answer(-1, TextNode.valueOf("no answer: " + e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, TextNode.valueOf("interrupted"));
        }
    }

    private JsonNode parse(String body) {
        if (body.isBlank()) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return TextNode.valueOf(body.length() > 500 ? body.substring(0, 500) + "..." : body);
        }
    }
}
