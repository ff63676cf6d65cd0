package io.aegisops.functions.ingest;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Who may call the API. Alert senders present {@code Authorization: Bearer <webhook token>} or sign the body:
 * {@code X-Aegis-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of t + "." + body>} (more than one
 * {@code v1} is allowed while a secret is rotated), within five minutes of now. A signature, when present, must
 * be valid: a bad signature is never rescued by a bearer token. Approvers present their own token.
 * The credentials are taken anew for each request, so that rotated ones apply without a restart.
 */
public final class WebhookAuthenticator {

    public static final String SIGNATURE_HEADER = "X-Aegis-Signature";
    public static final Duration SIGNATURE_WINDOW = Duration.ofMinutes(5);
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private final Supplier<Credentials> credentials;
    private final Clock clock;

    public WebhookAuthenticator(Supplier<Credentials> credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    /** @throws ApiException 401 unless the request carries a valid webhook token or signature */
    public void authenticateSender(Map<String, String> headers, byte[] body) {
        String signature = headers.get(SIGNATURE_HEADER);
        if (signature != null) {
            verifySignature(signature, body);
            return;
        }
        String token = bearer(headers);
        if (token == null || !credentials.get().isWebhookToken(token)) {
            throw ApiException.unauthorized(
                    "a valid webhook bearer token or " + SIGNATURE_HEADER + " signature is required");
        }
    }

    /** @return the approver whose token the request carries. @throws ApiException 401 otherwise */
    public Approver authenticateApprover(Map<String, String> headers) {
        String token = bearer(headers);
        return Optional.ofNullable(token)
                .flatMap(credentials.get()::approverFor)
                .orElseThrow(() -> ApiException.unauthorized("an approver's bearer token is required"));
    }

    private void verifySignature(String header, byte[] body) {
        String timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : header.split(",", -1)) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length == 2 && kv[0].equals("t") && TIMESTAMP.matcher(kv[1]).matches()) {
                timestamp = kv[1];
            } else if (kv.length == 2
                    && kv[0].equals("v1")
                    && HEX_SHA256.matcher(kv[1]).matches()) {
                signatures.add(HexFormat.of().parseHex(kv[1].toLowerCase(Locale.ROOT)));
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            throw ApiException.unauthorized(SIGNATURE_HEADER + " must be t=<unix seconds>,v1=<hex HMAC-SHA256>");
        }
        long age = clock.instant().getEpochSecond() - Long.parseLong(timestamp);
        if (Math.abs(age) > SIGNATURE_WINDOW.toSeconds()) {
            throw ApiException.unauthorized(
                    "the signature's timestamp is outside the " + SIGNATURE_WINDOW.toMinutes() + "-minute window");
        }
        boolean valid = false;
        for (byte[] secret : credentials.get().hmacSecrets()) {
            byte[] expected = hmac(secret, timestamp, body);
            for (byte[] presented : signatures) {
                valid |= MessageDigest.isEqual(expected, presented);
            }
        }
        if (!valid) {
            throw ApiException.unauthorized("the signature does not match the body");
        }
    }

    /** The hex signature a sender computes; public so that senders and tests share the one definition. */
    public static String sign(byte[] secret, long unixSeconds, byte[] body) {
        return HexFormat.of().formatHex(hmac(secret, Long.toString(unixSeconds), body));
    }

    private static byte[] hmac(byte[] secret, String timestamp, byte[] body) {
        return HmacSha256.of(secret, timestamp + ".", body);
    }

    private static String bearer(Map<String, String> headers) {
        String authorization = headers.get("Authorization");
        if (authorization == null
                || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
