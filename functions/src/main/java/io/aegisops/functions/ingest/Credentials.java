package io.aegisops.functions.ingest;

import io.aegisops.functions.config.SecretSource;
import io.aegisops.functions.notify.Notifiers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The webhook bearer tokens (two at once while rotating), the HMAC secrets of senders that sign, the
 * approvers' own tokens ({@code name:token} pairs, so an approval's approver is the token's owner), who the
 * approvers are ({@link Approvers}: role, clearance, Slack user) and the Slack app's signing secret (two while
 * rotating). Tokens are kept as SHA-256 digests and compared in constant time; nothing here prints a secret.
 */
public final class Credentials {

    public static final String WEBHOOK_TOKENS = "AEGIS_WEBHOOK_TOKENS";
    public static final String HMAC_SECRETS = "AEGIS_WEBHOOK_HMAC_SECRET";
    public static final String APPROVER_TOKENS = "AEGIS_APPROVER_TOKENS";
    public static final String SLACK_SIGNING_SECRET = Notifiers.SLACK_SIGNING_SECRET;
    /** Short tokens can be guessed; refuse them at start-up rather than accept them quietly. */
    static final int MIN_SECRET_LENGTH = 16;

    @SuppressWarnings("ArrayRecordComponent") // the digest is compared in constant time, never with equals
    private record ApproverToken(String name, byte[] tokenDigest) {}

    private final List<byte[]> webhookTokenDigests;
    private final List<byte[]> hmacSecrets;
    private final List<ApproverToken> approverTokens;
    private final Approvers approvers;
    private final List<byte[]> slackSigningSecrets;

    private Credentials(
            List<byte[]> webhookTokenDigests,
            List<byte[]> hmacSecrets,
            List<ApproverToken> approverTokens,
            Approvers approvers,
            List<byte[]> slackSigningSecrets) {
        this.webhookTokenDigests = List.copyOf(webhookTokenDigests);
        this.hmacSecrets = List.copyOf(hmacSecrets);
        this.approverTokens = List.copyOf(approverTokens);
        this.approvers = approvers;
        this.slackSigningSecrets = List.copyOf(slackSigningSecrets);
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
        List<ApproverToken> approverTokens = new ArrayList<>();
        for (String pair : list(source, APPROVER_TOKENS)) {
            int colon = pair.indexOf(':');
            String name = colon < 0 ? "" : pair.substring(0, colon).trim();
            if (!Approvers.NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(APPROVER_TOKENS + " must be name:token pairs separated by commas, "
                        + "names of letters, digits and ._@+-");
            }
            approverTokens.add(new ApproverToken(
                    name, digest(requireLength(pair.substring(colon + 1).trim(), APPROVER_TOKENS))));
        }
        Approvers approvers = Approvers.parse(
                source.get(Approvers.APPROVERS).orElse(null),
                approverTokens.stream().map(ApproverToken::name).toList());
        List<byte[]> slack = new ArrayList<>();
        for (String secret : list(source, SLACK_SIGNING_SECRET)) {
            slack.add(requireLength(secret, SLACK_SIGNING_SECRET).getBytes(StandardCharsets.UTF_8));
        }
        return new Credentials(tokens, hmac, approverTokens, approvers, slack);
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
    public Optional<Approver> approverFor(String presented) {
        byte[] digest = digest(presented);
        String found = null;
        for (ApproverToken token : approverTokens) {
            if (MessageDigest.isEqual(token.tokenDigest(), digest)) {
                found = token.name();
            }
        }
        return Optional.ofNullable(found).flatMap(approvers::named);
    }

    public Approvers approvers() {
        return approvers;
    }

    List<byte[]> hmacSecrets() {
        return hmacSecrets;
    }

    /** Empty when Slack's buttons are not configured: then every Slack request is refused. */
    List<byte[]> slackSigningSecrets() {
        return slackSigningSecrets;
    }

    /** Counts only: safe to log. */
    @Override
    public String toString() {
        return "Credentials[webhookTokens=" + webhookTokenDigests.size() + ", hmacSecrets=" + hmacSecrets.size()
                + ", approverTokens=" + approverTokens.size() + ", approvers="
                + approvers + ", slackSigningSecrets=" + slackSigningSecrets.size() + "]";
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
