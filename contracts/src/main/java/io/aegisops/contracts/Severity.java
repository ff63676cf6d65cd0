package io.aegisops.contracts;

/** Ordered from most to least severe. */
public enum Severity {
    CRITICAL,
    HIGH,
    MEDIUM,
    LOW,
    INFO;

    /** True when this is {@code other} or more severe: an approver cleared up to HIGH may decide HIGH and MEDIUM. */
    public boolean atLeast(Severity other) {
        return compareTo(other) <= 0; // declared from most to least severe
    }
}
