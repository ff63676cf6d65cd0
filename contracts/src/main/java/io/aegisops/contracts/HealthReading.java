package io.aegisops.contracts;

/**
 * One HTTP look at a target's health URL from its host.
 *
 * @param httpStatus null when no HTTP answer came back (refused, timed out); {@code error} then says why
 * @param latencyMillis from the request to the answer's status line, or to the failure
 */
public record HealthReading(String url, Integer httpStatus, Long latencyMillis, String error) {

    /** A 2xx answer. */
    public boolean healthy() {
        return httpStatus != null && httpStatus >= 200 && httpStatus < 300;
    }
}
