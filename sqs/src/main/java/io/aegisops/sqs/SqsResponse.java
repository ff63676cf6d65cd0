package io.aegisops.sqs;

/**
 * One answer of the SQS JSON protocol: the HTTP status, the {@code x-amzn-query-error} header an error carries
 * (null on success) and the JSON body.
 */
@SuppressWarnings("ArrayRecordComponent") // a response body is written out, never compared
public record SqsResponse(int status, String queryError, byte[] body) {}
