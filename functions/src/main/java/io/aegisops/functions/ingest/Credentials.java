package io.aegisops.functions.ingest;

import io.aegisops.functions.config.SecretSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The webhook bearer tokens (two at once while rotating), the HMAC secrets of senders that sign, and the
 * approvers' own tokens ({@code name:token} pairs, so an approval's approver is the token's owner).
 * Tokens are kept as SHA-256 digests and compared in constant time; nothing here prints a secret.
 */
public final class Credentials {

    public static final String WEBHOOK_TOKENS = "AEGIS_WEBHOOK_TOKENS";
    public static final String HMAC_SECRETS = "AEGIS_WEBHOOK_HMAC_SECRET";
    public static final String APPROVER_TOKENS = "AEGIS_APPROVER_TOKENS";
    /** Short tokens can be guessed; refuse them at start-up rather than accept them quietly. */
    static final int MIN_SECRET_LENGTH = 16;

    private static final Pattern APPROVER_NAME = Pattern.compile("[A-Za-z0-9._@+-]{1,64}");

    @SuppressWarnings("ArrayRecordComponent") // the digest is compared in constant time, never with equals
    private record Approver(String name, byte[] tokenDigest) {}

    private final List<byte[]> webhookTokenDigests;
    private final List<byte[]> hmacSecrets;
    private final List<Approver> approvers;

    private Credentials(List<byte[]> webhookTokenDigests, List<byte[]> hmacSecrets, List<Approver> approvers) {
        this.webhookTokenDigests = List.copyOf(webhookTokenDigests);
        this.hmacSecrets = List.copyOf(hmacSecrets);
        this.approvers = List.copyOf(approvers);
    }

    /**
     * @throws IllegalArgumentException naming the variable (never the value) when a secret is malformed
     */
    public static Credentials from(SecretSource source) {
        List<byte[]> tokens = new ArrayList<>();
        for (String token : list(source, WEBHOOK_TOKENS)) {
            tokens.add(digest(requireLength(token, WEBHOOK_TOKENS)));
        }
        List<byte[]> hmac = new ArrayList<>();
        for (String secret : list(source, HMAC_SECRETS)) {
            hmac.add(requireLength(secret, HMAC_SECRETS).getBytes(StandardCharsets.UTF_8));
        }
        List<Approver> approvers = new ArrayList<>();
        for (String pair : list(source, APPROVER_TOKENS)) {
            int colon = pair.indexOf(':');
            String name = colon < 0 ? "" : pair.substring(0, colon).trim();
            if (!APPROVER_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(APPROVER_TOKENS + " must be name:token pairs separated by commas, "
                        + "names of letters, digits and ._@+-");
            }
            approvers.add(new Approver(
                    name, digest(requireLength(pair.substring(colon + 1).trim(), APPROVER_TOKENS))));
        }
        return new Credentials(tokens, hmac, approvers);
    }

    /** True when {@code presented} is one of the webhook tokens; every token is compared, in constant time. */
    public boolean isWebhookToken(String presented) {
        byte[] digest = digest(presented);
        boolean match = false;
        for (byte[] token : webhookTokenDigests) {
            match |= MessageDigest.isEqual(token, digest);
        }
        return match;
    }

    /** The approver whose token {@code presented} is. */
    public Optional<String> approverFor(String presented) {
        byte[] digest = digest(presented);
        String found = null;
        for (Approver approver : approvers) {
            if (MessageDigest.isEqual(approver.tokenDigest(), digest)) {
                found = approver.name();
            }
        }
        return Optional.ofNullable(found);
    }

    List<byte[]> hmacSecrets() {
        return hmacSecrets;
    }

    /** Counts only: safe to log. */
    @Override
    public String toString() {
        return "Credentials[webhookTokens=" + webhookTokenDigests.size() + ", hmacSecrets=" + hmacSecrets.size()
                + ", approvers=" + approvers.stream().map(Approver::name).toList() + "]";
    }

    private static List<String> list(SecretSource source, String name) {
        return source.get(name).stream()
                .flatMap(value -> java.util.Arrays.stream(value.split(",")))
                .map(String::trim)
                .filter(value -> !value.isEmpty())
                .toList();
    }

    private static String requireLength(String secret, String variable) {
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException(
                    variable + " holds a secret shorter than " + MIN_SECRET_LENGTH + " characters");
        }
        return secret;
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
