package io.aegisops.contracts;

/**
 * The keys of {@link Command#params()}: what the pipeline writes and the edge agent reads. Values are strings.
 */
public final class CommandParams {

    /** INSPECT and LOGS: how many of the container's last log lines to return. */
    public static final String LOG_LINES = "logLines";
    /** RESTART: seconds the container gets to stop before it is killed. */
    public static final String STOP_TIMEOUT_SECONDS = "stopTimeoutSeconds";
    /**
     * PROBE: the target's configured health URL, for the record. The agent always probes the URL of its own
     * configuration, never one a command names.
     */
    public static final String HEALTH_URL = "healthUrl";
    /** PROBE: how many HTTP attempts the probe makes. */
    public static final String ATTEMPTS = "attempts";

    private CommandParams() {}
}
