package io.aegisops.contracts;

public enum DecisionMode {
    AUTO,
    APPROVAL,
    ESCALATE,
    NOOP
}
