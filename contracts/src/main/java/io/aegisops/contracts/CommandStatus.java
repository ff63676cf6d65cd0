package io.aegisops.contracts;

public enum CommandStatus {
    PENDING,
    CLAIMED,
    SUCCEEDED,
    FAILED,
    EXPIRED
}
