package io.aegisops.edge.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Resident set size as the kernel counts it ({@code VmRSS} in /proc/PID/status); empty where there is no /proc. */
public final class ResidentMemory {

    private ResidentMemory() {}

    public static OptionalLong ofSelf() {
        return of(ProcessHandle.current().pid());
    }

    public static OptionalLong of(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kib =
                            line.substring("VmRSS:".length()).replace("kB", "").strip();
                    return OptionalLong.of(Long.parseLong(kib) * 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
