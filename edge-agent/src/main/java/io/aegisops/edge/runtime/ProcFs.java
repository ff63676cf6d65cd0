package io.aegisops.edge.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What the process runtime reads of a process from Linux's {@code /proc}, and of its cgroup from
 * {@code /sys/fs/cgroup} (v2, or v1's memory and cpu controllers). Every answer is empty where the file is missing or
 * unreadable (the process is gone, another user's, or the machine has no such file): the runtime then reports the
 * figure as unknown rather than guess it.
 */
final class ProcFs {

    /** USER_HZ, the unit of the CPU times in {@code /proc/PID/stat}: 100 on every Linux architecture's ABI. */
    static final long TICKS_PER_SECOND = 100;

    /** cgroup v1 writes "no limit" as the largest page-aligned count; anything this large is no limit. */
    private static final long V1_UNLIMITED = 1L << 62;

    private final Path proc;
    private final Path cgroups;

    ProcFs(Path proc, Path cgroups) {
        this.proc = proc;
        this.cgroups = cgroups;
    }

    static ProcFs system() {
        return new ProcFs(Path.of("/proc"), Path.of("/sys/fs/cgroup"));
    }

    /**
     * The fields of {@code /proc/PID/stat} the runtime uses.
     *
     * @param state      R, S, D, T, Z (a zombie: dead, not yet reaped), ...
     * @param cpuTicks   user + system CPU time so far, in {@link #TICKS_PER_SECOND} ticks
     * @param startTicks when it started, in ticks since boot (field 22): with the pid, names one process for good
     */
    record Stat(long pid, char state, long processGroup, long session, long cpuTicks, long startTicks) {

        boolean zombie() {
            return state == 'Z';
        }
    }

    Optional<Stat> stat(long pid) {
        return read(pidDir(pid).resolve("stat")).flatMap(ProcFs::parseStat);
    }

    /** The process with this pid, if it is the one that started at {@code startTicks} and is not a zombie. */
    Optional<Stat> alive(long pid, long startTicks) {
        return stat(pid).filter(s -> s.startTicks() == startTicks && !s.zombie());
    }

    /** The comm field sits in parentheses and may itself hold spaces and parentheses: split after the last ')'. */
    static Optional<Stat> parseStat(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 1 || close < open) {
            return Optional.empty();
        }
        String[] rest = line.substring(close + 1).strip().split(" +", -1);
        // rest[0] is field 3 (state): field n is rest[n - 3]
        if (rest.length < 20 || rest[0].isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Stat(
                    Long.parseLong(line.substring(0, open).strip()),
                    rest[0].charAt(0),
                    Long.parseLong(rest[5 - 3]),
                    Long.parseLong(rest[6 - 3]),
                    Long.parseLong(rest[14 - 3]) + Long.parseLong(rest[15 - 3]),
                    Long.parseLong(rest[22 - 3])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Resident memory ({@code VmRSS} of {@code /proc/PID/status}); empty for a zombie, which has none. */
    OptionalLong residentBytes(long pid) {
        Optional<String> status = read(pidDir(pid).resolve("status"));
        if (status.isEmpty()) {
            return OptionalLong.empty();
        }
        return status.get()
                .lines()
                .filter(line -> line.startsWith("VmRSS:"))
                .map(line -> line.substring("VmRSS:".length()).replace("kB", "").strip())
                .mapToLong(kib -> parseLong(kib).orElse(-1) * 1024)
                .filter(bytes -> bytes >= 0)
                .findFirst();
    }

    /** The command line the process runs, as exec'd (empty for a zombie or a kernel thread). */
    List<String> commandLine(long pid) {
        return read(pidDir(pid).resolve("cmdline"))
                .filter(text -> !text.isEmpty())
                .map(text -> List.of(text.substring(0, text.length() - (text.endsWith("\0") ? 1 : 0))
                        .split("\0", -1)))
                .orElse(List.of());
    }

    /** The value of {@code name} in the environment the process started with. */
    Optional<String> environment(long pid, String name) {
        return read(pidDir(pid).resolve("environ"))
                .flatMap(text -> Arrays.stream(text.split("\0"))
                        .filter(entry -> entry.startsWith(name + "="))
                        .map(entry -> entry.substring(name.length() + 1))
                        .findFirst());
    }

    /** Every process's pid, as listed now. */
    List<Long> pids() {
        try (Stream<Path> entries = Files.list(proc)) {
            return entries.map(path -> path.getFileName().toString())
                    .filter(name -> !name.isEmpty() && name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .sorted()
                    .toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The live (not zombie) members of a process group, as their stats. */
    List<Stat> group(long processGroup) {
        List<Stat> members = new ArrayList<>();
        for (long pid : pids()) {
            stat(pid)
                    .filter(s -> s.processGroup() == processGroup && !s.zombie())
                    .ifPresent(members::add);
        }
        return members;
    }

    /** Resident memory and CPU ticks of a process group, summed over its members at one moment. */
    record GroupSample(long residentBytes, long cpuTicks, int members) {}

    GroupSample sample(long processGroup) {
        long memory = 0;
        long ticks = 0;
        List<Stat> members = group(processGroup);
        for (Stat member : members) {
            memory += residentBytes(member.pid()).orElse(0);
            ticks += member.cpuTicks();
        }
        return new GroupSample(memory, ticks, members.size());
    }

    /** Cores busy between two samples {@code elapsedNanos} apart (members that left take their ticks with them). */
    static double cores(GroupSample first, GroupSample second, long elapsedNanos) {
        if (elapsedNanos <= 0) {
            return 0;
        }
        long ticks = Math.max(0, second.cpuTicks() - first.cpuTicks());
        return (double) ticks / TICKS_PER_SECOND / (elapsedNanos / 1e9);
    }

    /** The memory and CPU limits the process lives under: the tightest along its cgroup path, null when none. */
    record Limits(Long memoryBytes, Double cpuCores) {}

    Limits limits(long pid) {
        if (unified()) {
            return cgroupV2Path(pid)
                    .map(path -> new Limits(
                            tightest(
                                    path, dir -> read(dir.resolve("memory.max")).flatMap(ProcFs::parseLimit)),
                            tightest(path, dir -> read(dir.resolve("cpu.max")).flatMap(ProcFs::parseCpuMax))))
                    .orElse(new Limits(null, null));
        }
        Long memory = cgroupV1Path(pid, "memory")
                .map(path -> tightest(
                        path,
                        dir -> read(dir.resolve("memory.limit_in_bytes"))
                                .flatMap(ProcFs::parseLimit)
                                .filter(bytes -> bytes < V1_UNLIMITED)))
                .orElse(null);
        Double cpu = cgroupV1Path(pid, "cpu")
                .map(path -> tightest(path, this::cfsQuota))
                .orElse(null);
        return new Limits(memory, cpu);
    }

    /**
     * The file whose {@code oom_kill} line counts the OOM kills that can have hit this process: its cgroup's
     * {@code memory.events} (v2) or {@code memory.oom_control} (v1), else the machine-wide {@code /proc/vmstat}.
     */
    Path oomKillCounter(long pid) {
        Optional<Path> own = unified()
                ? cgroupV2Path(pid).map(dir -> dir.resolve("memory.events"))
                : cgroupV1Path(pid, "memory").map(dir -> dir.resolve("memory.oom_control"));
        return own.filter(Files::isReadable).orElse(proc.resolve("vmstat"));
    }

    /** The {@code oom_kill} count in a file of {@link #oomKillCounter}'s kinds. */
    OptionalLong oomKills(Path counter) {
        return read(counter)
                .flatMap(text -> text.lines()
                        .filter(line -> line.startsWith("oom_kill "))
                        .findFirst())
                .map(line -> parseLong(line.substring("oom_kill ".length()).strip()))
                .orElse(OptionalLong.empty());
    }

    private boolean unified() {
        return Files.exists(cgroups.resolve("cgroup.controllers"));
    }

    private Optional<Path> cgroupV2Path(long pid) {
        return cgroupLine(pid, line -> line.startsWith("0::")).map(line -> under(cgroups, line.substring(3)));
    }

    private Optional<Path> cgroupV1Path(long pid, String controller) {
        return cgroupLine(pid, line -> {
                    String[] parts = line.split(":", 3);
                    return parts.length == 3
                            && Arrays.asList(parts[1].split(",")).contains(controller);
                })
                .map(line -> under(cgroups.resolve(controller), line.split(":", 3)[2]));
    }

    private Optional<String> cgroupLine(long pid, Predicate<String> which) {
        return read(pidDir(pid).resolve("cgroup"))
                .flatMap(text -> text.lines().filter(which).findFirst());
    }

    /** {@code root} joined with a cgroup path such as {@code /system.slice/app.service}; never above {@code root}. */
    private static Path under(Path root, String cgroupPath) {
        Path joined = root;
        for (String part : cgroupPath.split("/", -1)) {
            if (!part.isEmpty() && !part.equals(".") && !part.equals("..")) {
                joined = joined.resolve(part);
            }
        }
        return joined;
    }

    /** The smallest limit found in {@code dir} and the directories above it, up to the cgroup root; null if none. */
    private <T extends Comparable<T>> T tightest(Path dir, Function<Path, Optional<T>> limitIn) {
        T tightest = null;
        for (Path at = dir; at != null && at.startsWith(cgroups); at = at.getParent()) {
            Optional<T> limit = limitIn.apply(at);
            if (limit.isPresent() && (tightest == null || limit.get().compareTo(tightest) < 0)) {
                tightest = limit.get();
            }
        }
        return tightest;
    }

    /** A byte limit; "max" (v2) is none. */
    private static Optional<Long> parseLimit(String text) {
        OptionalLong value = parseLong(text.strip());
        return value.isPresent() ? Optional.of(value.getAsLong()) : Optional.empty();
    }

    /** v2 {@code cpu.max}: "QUOTA PERIOD" in microseconds, or "max PERIOD" for none. */
    private static Optional<Double> parseCpuMax(String text) {
        String[] parts = text.strip().split(" +", -1);
        if (parts.length != 2) {
            return Optional.empty();
        }
        return quotaOverPeriod(parseLong(parts[0]), parseLong(parts[1]));
    }

    /** v1 {@code cpu.cfs_quota_us} (-1 for none) over {@code cpu.cfs_period_us}. */
    private Optional<Double> cfsQuota(Path dir) {
        return quotaOverPeriod(
                read(dir.resolve("cpu.cfs_quota_us"))
                        .map(t -> parseLong(t.strip()))
                        .orElse(OptionalLong.empty()),
                read(dir.resolve("cpu.cfs_period_us"))
                        .map(t -> parseLong(t.strip()))
                        .orElse(OptionalLong.empty()));
    }

    private static Optional<Double> quotaOverPeriod(OptionalLong quota, OptionalLong period) {
        return quota.isPresent() && period.isPresent() && quota.getAsLong() > 0 && period.getAsLong() > 0
                ? Optional.of((double) quota.getAsLong() / period.getAsLong())
                : Optional.empty();
    }

    private Path pidDir(long pid) {
        return proc.resolve(Long.toString(pid));
    }

    private static Optional<String> read(Path file) {
        try {
            // lenient decoding: a command line or an environment need not be UTF-8
            return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            // gone, or not ours to read: unknown
            return Optional.empty();
        }
    }

    private static OptionalLong parseLong(String text) {
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
