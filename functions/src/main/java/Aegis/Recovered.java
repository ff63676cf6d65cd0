package Aegis;

/**
 * Thrown by Remediate when the re-check taken at approval shows the alert's sign gone: the target recovered while it
 * waited for a person, and a remedy nobody forced is not run on a healthy target. Reaches Step Functions as
 * {@code Aegis.Recovered} (see {@link NotAllowed} for how the name travels).
 */
public final class Recovered extends RuntimeException {

    public Recovered(String message) {
        super(message);
    }
}
