package io.aegisops.edge.runtime;

/** A SCALE_UP that would raise nothing within its bounds: every bounded limit is at its maximum, or unlimited. */
public final class OutOfBoundsException extends RuntimeException {

    public OutOfBoundsException(String message) {
        super(message);
    }
}
