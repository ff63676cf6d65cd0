package io.aegisops.functions.ingest;

import java.util.Optional;

/**
 * Where the ingest secrets come from, by the names of their environment variables
 * ({@link Credentials#WEBHOOK_TOKENS}, {@link Credentials#HMAC_SECRETS}, {@link Credentials#APPROVER_TOKENS}):
 * the environment locally, a Secrets Manager secret on AWS. Read once, when the function starts.
 */
public interface SecretSource {

    Optional<String> get(String name);
}
