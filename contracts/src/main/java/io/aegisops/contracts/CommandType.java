package io.aegisops.contracts;

/**
 * The only things the edge agent can ever be asked to do. There is no shell. RESTART, ROLLBACK, SCALE_UP and STOP
 * change the container (the remedies of {@link Action}); PROBE, INSPECT and LOGS only look at it.
 */
public enum CommandType {
    RESTART,
    ROLLBACK,
    SCALE_UP,
    STOP,
    PROBE,
    INSPECT,
    LOGS;

    /** True for the commands that change the container rather than look at it. */
    public boolean changesContainer() {
        return this == RESTART || this == ROLLBACK || this == SCALE_UP || this == STOP;
    }
}
