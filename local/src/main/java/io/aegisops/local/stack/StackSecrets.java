package io.aegisops.local.stack;

import io.aegisops.contracts.Json;
import io.aegisops.local.client.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The stack's credentials: the alert senders' bearer token and HMAC secret, and one approver's token.
 * Random per start; with a data directory they are kept there, so senders configured against a persistent
 * stack keep working after a restart.
 */
public record StackSecrets(String webhookToken, String hmacSecret, String approver, String approverToken) {

    static final String FILE = "aegis-local-secrets.json";
    private static final SecureRandom RANDOM = new SecureRandom();

    public static StackSecrets generate() {
        return new StackSecrets(random("whk_"), random("hmac_"), "local-admin", random("apr_"));
    }

    /** The secrets kept in {@code dataDir}, created there on first use; fresh ones without a data directory. */
    public static StackSecrets forDataDir(Path dataDir) {
        if (dataDir == null) {
            return generate();
        }
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                return Json.read(Files.readString(file), StackSecrets.class);
            }
            StackSecrets secrets = generate();
            Files.createDirectories(dataDir);
            PrivateFiles.write(file, Json.write(secrets));
            return secrets;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the stack's secrets in " + file, e);
        }
    }

    private static String random(String prefix) {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        return "StackSecrets[approver=" + approver + "]";
    }
}
