package io.aegisops.contracts;

public enum AlertStatus {
    FIRING,
    RESOLVED
}
