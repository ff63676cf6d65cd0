package io.aegisops.contracts;

/**
 * Memory and CPU a target uses against its limits, as its runtime measures them (Docker's stats, or
 * {@code /proc} for a supervised process). A limit is null when none is set.
 *
 * @param cpuCores CPU in use, in cores (1.5 = one and a half cores busy), averaged over the runtime's sample
 * @param cpuLimitCores the CPU quota in cores, null when unlimited
 */
public record ResourceUsage(Long memoryBytes, Long memoryLimitBytes, Double cpuCores, Double cpuLimitCores) {

    /** Memory in use as a fraction of its limit; null without both figures. */
    public Double memoryFraction() {
        return memoryBytes == null || memoryLimitBytes == null || memoryLimitBytes <= 0
                ? null
                : (double) memoryBytes / memoryLimitBytes;
    }

    /** CPU in use as a fraction of its quota; null without both figures. */
    public Double cpuFraction() {
        return cpuCores == null || cpuLimitCores == null || cpuLimitCores <= 0 ? null : cpuCores / cpuLimitCores;
    }
}
