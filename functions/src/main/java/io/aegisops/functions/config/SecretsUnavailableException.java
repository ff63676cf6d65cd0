package io.aegisops.functions.config;

/** The secrets could not be read and there is no earlier good value to serve: a caller should retry later. */
public final class SecretsUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public SecretsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
