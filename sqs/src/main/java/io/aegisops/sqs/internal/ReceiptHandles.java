package io.aegisops.sqs.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Receipt handles: opaque to clients, each names the queue (by an id that a re-created queue of the same name
 * does not share), the message and the receive it came from, so a handle from an earlier receive is told apart
 * from the current one.
 */
final class ReceiptHandles {

    private static final SecureRandom RANDOM = new SecureRandom();

    record Parsed(String queueId, String messageId) {}

    private ReceiptHandles() {}

    static String issue(String queueId, String messageId, int receiveCount) {
        byte[] salt = new byte[12];
        RANDOM.nextBytes(salt);
        String plain = queueId + ":" + messageId + ":" + receiveCount + ":"
                + HexFormat.of().formatHex(salt);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The queue and message a handle names; {@code ReceiptHandleIsInvalid} for anything this engine did not issue. */
    static Parsed parse(String handle) {
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(handle), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(handle);
        }
        int first = plain.indexOf(':');
        int second = first < 0 ? -1 : plain.indexOf(':', first + 1);
        if (first <= 0 || second <= first + 1 || plain.indexOf(':', second + 1) < 0) {
            throw invalid(handle);
        }
        return new Parsed(plain.substring(0, first), plain.substring(first + 1, second));
    }

    static SqsException invalid(String handle) {
        return new SqsException(
                SqsError.RECEIPT_HANDLE_IS_INVALID,
                "The input receipt handle \"" + handle + "\" is not a valid receipt handle.");
    }
}
