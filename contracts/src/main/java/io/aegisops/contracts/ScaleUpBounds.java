package io.aegisops.contracts;

/**
 * How far SCALE_UP may raise a target's limits, and by how much at a time: each SCALE_UP raises the memory limit by
 * {@code memoryStepMb} and the CPU limit by {@code cpuStep}, capped at the maxima, and a target already at its maxima
 * is not scaled. A resource whose pair is unset is never raised; at least one pair is required. The inventory
 * holds one per target (the pipeline's bounds) and the edge agent's configuration its own (the agent enforces the
 * lower of the two).
 *
 * @param maxMemoryMb  the highest memory limit, MiB
 * @param memoryStepMb how much one SCALE_UP adds to the memory limit, MiB
 * @param maxCpus      the highest CPU limit, in cores
 * @param cpuStep      how much one SCALE_UP adds to the CPU limit, in cores
 */
public record ScaleUpBounds(Integer maxMemoryMb, Integer memoryStepMb, Double maxCpus, Double cpuStep) {

    private static final long MIB = 1024L * 1024;

    public ScaleUpBounds {
        if ((maxMemoryMb == null) != (memoryStepMb == null) || (maxCpus == null) != (cpuStep == null)) {
            throw new IllegalArgumentException(
                    "scaleUp needs maxMemoryMb with memoryStepMb, and maxCpus with cpuStep (each pair or neither)");
        }
        if (maxMemoryMb == null && maxCpus == null) {
            throw new IllegalArgumentException("scaleUp needs a memory pair, a CPU pair, or both");
        }
        if (maxMemoryMb != null && !(0 < memoryStepMb && memoryStepMb <= maxMemoryMb)) {
            throw new IllegalArgumentException("scaleUp needs 0 < memoryStepMb <= maxMemoryMb");
        }
        if (maxCpus != null && !(0 < cpuStep && cpuStep <= maxCpus && maxCpus < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("scaleUp needs 0 < cpuStep <= maxCpus");
        }
    }

    /** The memory maximum in bytes, or null when memory is never raised. */
    public Long maxMemoryBytes() {
        return maxMemoryMb == null ? null : maxMemoryMb * MIB;
    }

    /**
     * True when {@code observed} limits are known and leave nothing to raise: every bounded resource is already at
     * its maximum or has no limit at all (unlimited cannot be raised; setting a limit would lower it). False when
     * nothing was observed: the edge agent, which reads the limits itself, decides then.
     */
    public boolean nothingToRaise(ResourceUsage observed) {
        if (observed == null) {
            return false;
        }
        boolean memoryDone = maxMemoryMb == null
                || observed.memoryLimitBytes() == null
                || observed.memoryLimitBytes() >= maxMemoryBytes();
        boolean cpuDone = maxCpus == null || observed.cpuLimitCores() == null || observed.cpuLimitCores() >= maxCpus;
        return memoryDone && cpuDone;
    }
}
