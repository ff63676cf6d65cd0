package io.aegisops.edge.runtime;

import java.util.Locale;

/**
 * A container's memory and CPU limits.
 *
 * @param memoryBytes the memory limit, null when unlimited
 * @param cpus        the CPU limit in cores, null when unlimited
 */
public record Limits(Long memoryBytes, Double cpus) {

    @Override
    public String toString() {
        return "memory " + (memoryBytes == null ? "unlimited" : memoryBytes / (1024 * 1024) + " MiB") + ", CPU "
                + (cpus == null ? "unlimited" : String.format(Locale.ROOT, "%.2f cores", cpus));
    }

    /** What a SCALE_UP changed: the limits before and after. */
    public record Change(Limits before, Limits after) {}
}
