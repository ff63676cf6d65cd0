package io.aegisops.contracts;

import java.util.EnumSet;
import java.util.Set;

public enum IncidentStatus {
    RECEIVED,
    DIAGNOSING,
    AWAITING_APPROVAL,
    REMEDIATING,
    VERIFYING,
    RESOLVED,
    FAILED,
    ESCALATED,
    NOOP,
    REJECTED;

    private static final Set<IncidentStatus> TERMINAL = EnumSet.of(RESOLVED, FAILED, ESCALATED, NOOP, REJECTED);

    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }
}
