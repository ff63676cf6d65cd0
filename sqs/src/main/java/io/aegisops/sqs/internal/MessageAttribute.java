package io.aegisops.sqs.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;

/**
 * A message attribute as sent: its data type ({@code String}, {@code Number} or {@code Binary}, each with an optional
 * {@code .label}) and its value, text for the first two and bytes for the third.
 */
@SuppressWarnings("ArrayRecordComponent") // a binary value is copied in and out, never compared as a record
public record MessageAttribute(String dataType, String stringValue, byte[] binaryValue) {

    public boolean binary() {
        return binaryValue != null;
    }

    /** The hex MD5 of a message body's UTF-8 bytes: {@code MD5OfMessageBody}, {@code MD5OfBody}. */
    public static String md5OfBody(String body) {
        return hex(md5().digest(body.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * {@code MD5OfMessageAttributes}, computed as SQS documents it (and the SDK checks it): for each attribute in
     * name order, the name, the data type, a transport byte (1 text, 2 binary) and the value, each but the transport
     * byte preceded by its length as a 4-byte big-endian integer.
     */
    public static String md5OfAttributes(SortedMap<String, MessageAttribute> attributes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Map.Entry<String, MessageAttribute> entry : attributes.entrySet()) {
            MessageAttribute attribute = entry.getValue();
            writeLengthPrefixed(bytes, entry.getKey().getBytes(StandardCharsets.UTF_8));
            writeLengthPrefixed(bytes, attribute.dataType().getBytes(StandardCharsets.UTF_8));
            if (attribute.binary()) {
                bytes.write(2);
                writeLengthPrefixed(bytes, attribute.binaryValue());
            } else {
                bytes.write(1);
                writeLengthPrefixed(bytes, attribute.stringValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return hex(md5().digest(bytes.toByteArray()));
    }

    /** The bytes an attribute counts towards a message's size: name, type and value. */
    int size(String name) {
        return name.getBytes(StandardCharsets.UTF_8).length
                + dataType.getBytes(StandardCharsets.UTF_8).length
                + (binary() ? binaryValue.length : stringValue.getBytes(StandardCharsets.UTF_8).length);
    }

    private static void writeLengthPrefixed(ByteArrayOutputStream out, byte[] value) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(value.length).array());
        out.writeBytes(value);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    private static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
