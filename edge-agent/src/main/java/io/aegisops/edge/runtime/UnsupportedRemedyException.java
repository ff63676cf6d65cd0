package io.aegisops.edge.runtime;

/** The runtime cannot carry out this remedy at all (a supervised process has no image to roll back, no limits). */
public final class UnsupportedRemedyException extends RuntimeException {

    public UnsupportedRemedyException(String message) {
        super(message);
    }
}
