package io.aegisops.contracts;

/**
 * The keys of {@link Command#params()}: what the pipeline writes and the edge agent reads. Values are strings.
 */
public final class CommandParams {

    /** INSPECT and LOGS: how many of the container's last log lines to return. */
    public static final String LOG_LINES = "logLines";
    /** RESTART, ROLLBACK (the replaced container), STOP: seconds the container gets to stop before it is killed. */
    public static final String STOP_TIMEOUT_SECONDS = "stopTimeoutSeconds";
    /**
     * ROLLBACK: the image the evidence named as the one before the current (what the approval said it would roll
     * back to). The agent rolls back only to its own record of the previous image, and refuses when the two differ.
     */
    public static final String IMAGE = "image";
    /** SCALE_UP: the inventory's {@link ScaleUpBounds#maxMemoryMb()}; the agent applies the lower of it and its own. */
    public static final String MAX_MEMORY_MB = "maxMemoryMb";
    /** SCALE_UP: the inventory's {@link ScaleUpBounds#memoryStepMb()}. */
    public static final String MEMORY_STEP_MB = "memoryStepMb";
    /** SCALE_UP: the inventory's {@link ScaleUpBounds#maxCpus()}. */
    public static final String MAX_CPUS = "maxCpus";
    /** SCALE_UP: the inventory's {@link ScaleUpBounds#cpuStep()}. */
    public static final String CPU_STEP = "cpuStep";
    /**
     * PROBE: the target's configured health URL, for the record. The agent always probes the URL of its own
     * configuration, never one a command names.
     */
    public static final String HEALTH_URL = "healthUrl";
    /** PROBE: how many HTTP attempts the probe makes. */
    public static final String ATTEMPTS = "attempts";
    /**
     * PROBE: what the remedy before it should have achieved, {@link #EXPECT_HEALTHY} (the default) or
     * {@link #EXPECT_STOPPED} (after a STOP).
     */
    public static final String EXPECT = "expect";

    public static final String EXPECT_HEALTHY = "healthy";
    public static final String EXPECT_STOPPED = "stopped";
    /** PROBE after a ROLLBACK: the image the container must run for the probe to pass (the one rolled back to). */
    public static final String EXPECT_IMAGE = "expectImage";

    private CommandParams() {}
}
