package io.aegisops.dynamodb;

/** One answer of the DynamoDB JSON 1.0 protocol: the HTTP status and the JSON body. */
@SuppressWarnings("ArrayRecordComponent") // a response body is written out, never compared
public record WireResponse(int status, byte[] body) {}
