package io.aegisops.functions.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Slack's request signing: {@code X-Slack-Signature: v0=<hex HMAC-SHA256(signing secret, "v0:" + timestamp + ":" +
 * raw body)>} with {@code X-Slack-Request-Timestamp} in Unix seconds, refused when the timestamp is more than five
 * minutes from now either way (a replayed or a forged future request). Compared in constant time against every
 * configured secret (two while one is rotated).
 */
public final class SlackSignature {

    public static final String SIGNATURE_HEADER = "X-Slack-Signature";
    public static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";
    public static final Duration WINDOW = Duration.ofMinutes(5);

    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
    private static final Pattern SIGNATURE = Pattern.compile("v0=[0-9a-f]{64}");

    /** Why a request is refused, or VALID. */
    public enum Verdict {
        VALID("valid"),
        NOT_CONFIGURED("Slack interactivity is not configured (no signing secret)"),
        MISSING(SIGNATURE_HEADER + " and " + TIMESTAMP_HEADER + " are required, as Slack sends them"),
        STALE("the request's timestamp is more than " + WINDOW.toMinutes() + " minutes from now"),
        MISMATCH("the signature does not match the body");

        private final String reason;

        Verdict(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private SlackSignature() {}

    /** The verdict on a request's headers (case-insensitive map) and raw body. */
    public static Verdict verify(Map<String, String> headers, byte[] body, List<byte[]> secrets, Instant now) {
        if (secrets.isEmpty()) {
            return Verdict.NOT_CONFIGURED;
        }
        String timestamp = headers.get(TIMESTAMP_HEADER);
        String signature = headers.get(SIGNATURE_HEADER);
        if (timestamp == null
                || signature == null
                || !TIMESTAMP.matcher(timestamp).matches()
                || !SIGNATURE.matcher(signature).matches()) {
            return Verdict.MISSING;
        }
        if (Math.abs(now.getEpochSecond() - Long.parseLong(timestamp)) > WINDOW.toSeconds()) {
            return Verdict.STALE;
        }
        byte[] presented = signature.getBytes(StandardCharsets.US_ASCII);
        boolean valid = false;
        for (byte[] secret : secrets) {
            valid |=
                    MessageDigest.isEqual(sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII), presented);
        }
        return valid ? Verdict.VALID : Verdict.MISMATCH;
    }

    /** {@code v0=<hex>}, as Slack signs; public so that tests and a fake Slack share the one definition. */
    public static String sign(byte[] secret, String timestamp, byte[] body) {
        return "v0=" + HexFormat.of().formatHex(HmacSha256.of(secret, "v0:" + timestamp + ":", body));
    }
}
