package io.aegisops.contracts;

/** The only things the edge agent can ever be asked to do. There is no shell. */
public enum CommandType {
    RESTART,
    PROBE,
    INSPECT,
    LOGS
}
