package io.aegisops.contracts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The doorbell queues: one SQS queue per edge host, on which the pipeline sends the id of each command it writes
 * for that host and the host's agent long-polls. The one place their names are derived, so that the CDK app, the
 * embedded stack, the functions and the agents' configurations agree.
 */
public final class EdgeQueues {

    /** The functions ring the queues named under this prefix; unset, they ring none (the agents poll the table). */
    public static final String PREFIX_VARIABLE = "AEGIS_DOORBELL_QUEUE_PREFIX";

    /** SQS queue names: letters, digits, '-' and '_', at most 80 characters. */
    private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    private static final int MAX_LENGTH = 80;

    private EdgeQueues() {}

    /**
     * {@code <prefix>edge-<hostId>}, for example {@code aegis-edge-web-1}. A host id may hold '.' and ':', which a
     * queue name may not, and may be longer than one: such a name is cleaned and cut, and ends in a digest of the
     * host id so that two hosts never share a queue.
     */
    public static String nameFor(String prefix, String hostId) {
        String wanted = prefix + "edge-" + hostId;
        if (QUEUE_NAME.matcher(wanted).matches()) {
            return wanted;
        }
        String digest = "-" + digest(hostId);
        String cleaned = wanted.replaceAll("[^A-Za-z0-9_-]", "-");
        return cleaned.substring(0, Math.min(cleaned.length(), MAX_LENGTH - digest.length())) + digest;
    }

    private static String digest(String hostId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(hostId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
