package io.aegisops.edge.runtime;

import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.ResourceUsage;
import io.aegisops.contracts.logging.EventLog;
import io.aegisops.edge.config.ContainerConfig;
import io.aegisops.edge.config.ProcessSpec;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * For machines without a Docker engine (Linux): each configured "container" is a local process the agent starts and
 * supervises, the command line run directly (never through a shell) under {@code setsid}, so that it leads a session
 * and process group of its own, outside the agent's.
 *
 * <ul>
 *   <li><b>Outliving the agent.</b> Its output goes to {@code NAME.log} in the {@link StateDirectory}, and it is
 *       recorded in {@code NAME.pid} (pid and kernel start time, see {@link PidFile}). An agent that dies, even by
 *       SIGKILL, leaves it running; the next agent finds it there and adopts it (inspects it, reads its log,
 *       restarts it), stops it if the configuration no longer lists it or lists another command line, and kills
 *       any process carrying its mark ({@code AEGIS_SUPERVISED=NAME@DIR} in the environment) that the records do
 *       not account for. Never two copies, never an orphan no agent manages.</li>
 *   <li><b>Restart</b> signals the whole process group: SIGTERM, SIGKILL after the stop timeout, then starts anew.
 *       Members that outlived their leader (killed alone) are killed before anything starts again, as the rest of a
 *       container dies with its main process. Closing the runtime (the agent's orderly shutdown) stops every process
 *       the same way.</li>
 *   <li><b>Evidence</b> as Docker's: running or exited, the exit code and whether the kernel's OOM killer ended it
 *       (both unknown, null, for a process an earlier agent started: only a parent learns how its child ended),
 *       restarts by any agent, the start, and memory and CPU of the process group against its cgroup's limits,
 *       from {@link ProcFs}.</li>
 * </ul>
 */
public final class ProcessContainerRuntime implements ContainerRuntime {

    /** The most log lines one read returns. */
    static final int KEPT_LINES = 2000;

    /** The environment variable that marks a supervised process as this state directory's. */
    static final String MARK = "AEGIS_SUPERVISED";

    /** A log larger than this is moved aside to {@code NAME.log.1} when its process next starts. */
    static final long ROTATE_LOG_BYTES = 16L * 1024 * 1024;

    static final Duration DEFAULT_CPU_SAMPLE = Duration.ofMillis(500);

    private static final EventLog LOG = EventLog.of(ProcessContainerRuntime.class);
    private static final File NO_INPUT = new File("/dev/null");
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final StateDirectory state;
    private final ProcFs procfs;
    private final Duration cpuSample;
    private final String setsid;
    private final String kill;
    private final long ownGroup;
    private final Map<String, Supervised> supervised = new LinkedHashMap<>();
    private Thread cpuReader;

    /** Takes over what an earlier agent left in {@code state} (see the class comment); starts nothing yet. */
    public ProcessContainerRuntime(List<ContainerConfig> containers, StateDirectory state) {
        this(containers, state, ProcFs.system(), DEFAULT_CPU_SAMPLE);
    }

    /** @param cpuSample how long a {@link #resources} call watches the CPU counters */
    ProcessContainerRuntime(List<ContainerConfig> containers, StateDirectory state, ProcFs procfs, Duration cpuSample) {
        this.state = state;
        this.procfs = procfs;
        this.cpuSample = cpuSample;
        this.setsid = onPath("setsid");
        this.kill = onPath("kill");
        this.ownGroup = procfs.stat(ProcessHandle.current().pid())
                .map(ProcFs.Stat::processGroup)
                .orElseThrow(() -> new IllegalStateException("the process runtime needs Linux's /proc"));
        for (ContainerConfig container : containers) {
            if (container.process() != null && !container.process().command().isEmpty()) {
                supervised.put(
                        container.name(),
                        new Supervised(
                                container.name(),
                                container.process(),
                                Duration.ofSeconds(container.stopTimeoutSeconds())));
            }
        }
        supervised.values().forEach(Supervised::recover);
        stopUnconfigured();
        killStrays();
    }

    /**
     * Starts every supervised process that is not running (one adopted from an earlier agent is), and the
     * background reader of their CPU counters.
     */
    public synchronized void startAll() {
        supervised.values().forEach(Supervised::startIfStopped);
        if (cpuReader == null && !supervised.isEmpty()) {
            cpuReader = Thread.ofVirtual().name("cpu-reader").start(this::readCpuUntilClosed);
        }
    }

    /** Keeps a recent reading of each process's CPU counters, so evidence need not wait out a window. */
    private void readCpuUntilClosed() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(CpuReadings.PERIOD);
            } catch (InterruptedException closing) {
                return;
            }
            readCpu();
        }
    }

    /** Records each running process's CPU counters now (what the background reader does every period). */
    void readCpu() {
        supervised.values().forEach(Supervised::readCpu);
    }

    @Override
    public ContainerState inspect(String container) {
        return find(container).state();
    }

    @Override
    public ResourceUsage resources(String container) {
        return find(container).resources();
    }

    @Override
    public void restart(String container, Duration stopTimeout) {
        find(container).restart(stopTimeout);
    }

    @Override
    public String logs(String container, int lines) {
        return LogTail.read(find(container).logFile, Math.min(lines, KEPT_LINES));
    }

    /** SIGTERM, then SIGKILL after {@code stopTimeout}; the agent does not start it again until a RESTART. */
    @Override
    public void stop(String container, Duration stopTimeout) {
        find(container).stopNow(stopTimeout);
    }

    /** Stops every supervised process (group) and lets go of the state directory. */
    @Override
    public void close() {
        synchronized (this) {
            if (cpuReader != null) {
                cpuReader.interrupt();
            }
        }
        try {
            supervised.values().forEach(Supervised::stopOnClose);
        } finally {
            state.close();
        }
    }

    private Supervised find(String container) {
        Supervised process = supervised.get(container);
        if (process == null) {
            throw new ContainerNotFoundException(container);
        }
        return process;
    }

    private String mark(String name) {
        return name + "@" + state.path();
    }

    /** Records left by an earlier agent for names no longer configured: their processes are stopped. */
    private void stopUnconfigured() {
        try (Stream<Path> files = Files.list(state.path())) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pid"))
                    .toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.pid$", "");
                if (supervised.containsKey(name)) {
                    continue;
                }
                PidFile.read(file).filter(record -> ours(record, name)).ifPresent(record -> {
                    LOG.warn("supervisor.stopping_unconfigured", "container", name, "pid", record.pid());
                    stopGroup(record, null, KILL_WAIT);
                });
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the state directory " + state.path(), e);
        }
    }

    /**
     * Kills every process carrying one of this directory's marks that is not in the process group of the recorded
     * (adopted) process of its name: a copy whose record was lost, e.g. when an agent died between starting it and
     * writing its pid file.
     */
    private void killStrays() {
        String suffix = "@" + state.path();
        for (long pid : procfs.pids()) {
            Optional<String> mark = procfs.environment(pid, MARK).filter(m -> m.endsWith(suffix));
            Optional<ProcFs.Stat> stat = procfs.stat(pid);
            if (mark.isEmpty() || stat.isEmpty() || stat.get().zombie()) {
                continue;
            }
            Supervised owner = supervised.get(mark.get().substring(0, mark.get().length() - suffix.length()));
            if (owner != null && owner.runningGroup().orElse(-1) == stat.get().processGroup()) {
                continue;
            }
            LOG.warn("supervisor.killing_stray", "mark", mark.get(), "pid", pid);
            if (stat.get().processGroup() == pid) {
                signalGroup(pid, "KILL");
            } else {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** The recorded process is still the one recorded (same start) and carries this directory's mark for it. */
    private boolean ours(PidFile record, String name) {
        return record.startTicks() >= 0
                && procfs.alive(record.pid(), record.startTicks()).isPresent()
                && procfs.environment(record.pid(), MARK).equals(Optional.of(mark(name)));
    }

    /**
     * Stops a process group: SIGTERM, SIGKILL once {@code timeout} has passed with the leader alive, then SIGKILL
     * for any member left behind. {@code child} is the leader's {@link Process} when this agent started it.
     */
    private void stopGroup(PidFile record, Process child, Duration timeout) {
        long group = record.pid();
        signalGroup(group, "TERM");
        if (!awaitGone(record, child, timeout)) {
            signalGroup(group, "KILL");
            awaitGone(record, child, KILL_WAIT);
        }
        if (!procfs.group(group).isEmpty()) {
            signalGroup(group, "KILL");
        }
    }

    private boolean awaitGone(PidFile record, Process child, Duration timeout) {
        try {
            if (child != null) {
                return child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (procfs.alive(record.pid(), record.startTicks()).isPresent()) {
                if (System.nanoTime() >= deadline) {
                    return false;
                }
                Thread.sleep(POLL);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code kill -SIGNAL -- -GROUP}: the kernel signals every member at once, so none forks away in between. */
    private void signalGroup(long group, String signal) {
        if (group <= 1 || group == ownGroup) {
            throw new IllegalStateException(
                    "refusing to signal process group " + group + " (the agent's own, or init)");
        }
        try {
            new ProcessBuilder(kill, "-s", signal, "--", "-" + group)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + kill, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : (path + ":/usr/bin:/bin").split(":", -1)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("the process runtime needs '" + program + "' (util-linux, procps) on PATH");
    }

    /**
     * Whether the kernel's OOM killer ended a process. It kills with SIGKILL (exit status 128 + 9) and counts each
     * kill ({@code oom_kill}); a SIGKILL the agent sent while stopping it, or any other exit, is no OOM kill.
     */
    static Boolean oomKilled(
            Integer exitCode, boolean stoppedByAgent, OptionalLong killsAtStart, OptionalLong killsAtExit) {
        if (exitCode == null) {
            return null;
        }
        if (stoppedByAgent || exitCode != 128 + 9) {
            return false;
        }
        if (killsAtStart.isEmpty() || killsAtExit.isEmpty()) {
            return null;
        }
        return killsAtExit.getAsLong() > killsAtStart.getAsLong();
    }

    private final class Supervised {
        private final String name;
        private final ProcessSpec spec;
        private final Duration defaultStopTimeout;
        private final Path pidFile;
        private final Path logFile;
        /** The current (or last) process; null before the first start. */
        private PidFile record;
        /** The process as this agent's child, when this agent started it; null for an adopted one. */
        private Process child;

        private boolean stoppedByAgent;
        private Path oomCounter;
        private OptionalLong oomKillsAtStart = OptionalLong.empty();
        private volatile OptionalLong oomKillsAtExit = OptionalLong.empty();
        private final CpuReadings<ProcFs.GroupSample> cpu = new CpuReadings<>();

        Supervised(String name, ProcessSpec spec, Duration defaultStopTimeout) {
            this.name = name;
            this.spec = spec;
            this.defaultStopTimeout = defaultStopTimeout;
            this.pidFile = state.path().resolve(name + ".pid");
            this.logFile = state.path().resolve(name + ".log");
        }

        /** Adopts the recorded process if it still runs this configuration; stops it if it runs another. */
        synchronized void recover() {
            record = PidFile.read(pidFile).orElse(null);
            if (record == null || !ours(record, name)) {
                return;
            }
            if (record.command().equals(spec.command())) {
                LOG.info("supervisor.adopted", "container", name, "pid", record.pid(), "startedAt", record.startedAt());
            } else {
                LOG.warn(
                        "supervisor.stopping_reconfigured",
                        "container",
                        name,
                        "pid",
                        record.pid(),
                        "reason",
                        "its command line is no longer the configured one");
                stopGroup(record, null, defaultStopTimeout);
            }
        }

        synchronized void startIfStopped() {
            if (!running()) {
                stop(defaultStopTimeout);
                start(record == null ? 0 : record.restarts());
            }
        }

        synchronized void restart(Duration stopTimeout) {
            stop(stopTimeout);
            start(record == null ? 1 : record.restarts() + 1);
        }

        synchronized void stopNow(Duration timeout) {
            stop(timeout);
        }

        synchronized void stopOnClose() {
            stop(defaultStopTimeout);
        }

        /** The process group of the running process (its leader's pid). */
        synchronized OptionalLong runningGroup() {
            return running() ? OptionalLong.of(record.pid()) : OptionalLong.empty();
        }

        synchronized ContainerState state() {
            if (record == null) {
                return new ContainerState("created", null, null, 0, null, null);
            }
            if (running()) {
                return new ContainerState("running", null, false, record.restarts(), null, record.startedAt());
            }
            Integer exitCode = child == null ? null : child.exitValue();
            // the count at its exit, or (should this look come before the exit callback ran) the count now
            OptionalLong killsAtExit =
                    oomKillsAtExit.isPresent() || oomCounter == null ? oomKillsAtExit : procfs.oomKills(oomCounter);
            return new ContainerState(
                    "exited",
                    exitCode,
                    oomKilled(exitCode, stoppedByAgent, oomKillsAtStart, killsAtExit),
                    record.restarts(),
                    null,
                    record.startedAt());
        }

        /**
         * Memory now; CPU from the background reader's last fit reading until now, or (none fit: just started, or
         * no reader) over a {@code cpuSample} window waited out here.
         */
        ResourceUsage resources() {
            long group = runningGroup().orElse(-1);
            if (group < 0) {
                return null;
            }
            long now = System.nanoTime();
            ProcFs.GroupSample second = procfs.sample(group);
            CpuReadings.Reading<ProcFs.GroupSample> first =
                    cpu.start(group, now).orElse(null);
            if (first == null) {
                first = new CpuReadings.Reading<>(group, now, second);
                try {
                    Thread.sleep(cpuSample);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
                now = System.nanoTime();
                second = procfs.sample(group);
            }
            if (second.members() == 0) {
                return null;
            }
            cpu.record(new CpuReadings.Reading<>(group, now, second));
            ProcFs.Limits limits = procfs.limits(group);
            return new ResourceUsage(
                    second.residentBytes(),
                    limits.memoryBytes(),
                    ProcFs.cores(first.sample(), second, now - first.atNanos()),
                    limits.cpuCores());
        }

        void readCpu() {
            long group = runningGroup().orElse(-1);
            if (group >= 0) {
                long at = System.nanoTime();
                cpu.record(new CpuReadings.Reading<>(group, at, procfs.sample(group)));
            }
        }

        private boolean running() {
            if (child != null) {
                return child.isAlive();
            }
            return record != null
                    && record.startTicks() >= 0
                    && procfs.alive(record.pid(), record.startTicks()).isPresent();
        }

        private void start(int restarts) {
            // setsid would start even a missing program, and exit 127: say so before, as a start that failed
            String program = spec.command().getFirst();
            if (!executable(program)) {
                throw new UncheckedIOException(
                        "cannot start '" + name + "': " + program + " is no executable file",
                        new java.io.FileNotFoundException(program));
            }
            rotateLog();
            List<String> command = new ArrayList<>(List.of(setsid));
            command.addAll(spec.command());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(NO_INPUT)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            if (spec.workingDirectory() != null) {
                builder.directory(new File(spec.workingDirectory()));
            }
            builder.environment().putAll(spec.environment());
            builder.environment().put(MARK, mark(name));
            Process started;
            try {
                started = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot start '" + name + "' (" + spec.command().getFirst() + ")", e);
            }
            Optional<ProcFs.Stat> leader = awaitOwnSession(started);
            PidFile next = new PidFile(
                    started.pid(),
                    leader.map(ProcFs.Stat::startTicks).orElse(-1L),
                    spec.command(),
                    Instant.now(),
                    restarts);
            try {
                next.write(pidFile);
            } catch (RuntimeException unrecorded) {
                // a process no record names is one the next agent could not manage: it must not run
                stopGroup(next, started, Duration.ZERO);
                throw unrecorded;
            }
            record = next;
            child = started;
            stoppedByAgent = false;
            oomCounter = procfs.oomKillCounter(started.pid());
            oomKillsAtStart = procfs.oomKills(oomCounter);
            oomKillsAtExit = OptionalLong.empty();
            Path counter = oomCounter;
            // nothing to wait for: the count is read when (and if) the process ends
            CompletableFuture<Void> unused = started.onExit().thenRun(() -> oomKillsAtExit = procfs.oomKills(counter));
            LOG.info("supervisor.started", "container", name, "pid", started.pid(), "log", logFile.toString());
        }

        /**
         * Waits the moment it takes {@code setsid} to make the new process a session (and group) leader, so that a
         * stop right after the start signals its own group; empty if it ended first.
         */
        private Optional<ProcFs.Stat> awaitOwnSession(Process started) {
            long deadline = System.nanoTime() + KILL_WAIT.toNanos();
            while (started.isAlive() && System.nanoTime() < deadline) {
                Optional<ProcFs.Stat> stat = procfs.stat(started.pid());
                if (stat.isPresent() && stat.get().session() == started.pid()) {
                    return stat;
                }
                Thread.onSpinWait();
            }
            if (started.isAlive()) {
                started.destroyForcibly();
                throw new IllegalStateException("'" + name + "' did not become a session leader under " + setsid);
            }
            return Optional.empty();
        }

        /** A path (relative to the working directory) names an executable file; a bare name is looked up on PATH. */
        private boolean executable(String program) {
            if (program.contains("/")) {
                Path path = Path.of(program);
                Path base = spec.workingDirectory() == null ? Path.of("") : Path.of(spec.workingDirectory());
                return Files.isExecutable(base.resolve(path)) && !Files.isDirectory(base.resolve(path));
            }
            String path =
                    spec.environment().getOrDefault("PATH", System.getenv().getOrDefault("PATH", ""));
            for (String dir : path.split(":", -1)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
                if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                    return true;
                }
            }
            return false;
        }

        private void stop(Duration timeout) {
            if (running()) {
                stoppedByAgent = true;
                stopGroup(record, child, timeout);
            } else if (record != null) {
                killRemains(record);
            }
        }

        /**
         * Members of the group that outlived its leader (it was killed alone, say): killed, as the kernel ends the
         * rest of a container when its main process ends. While any member lives the group's id cannot be reused,
         * and the mark shows they are this process's.
         */
        private void killRemains(PidFile ended) {
            List<ProcFs.Stat> remains = procfs.group(ended.pid());
            if (remains.stream()
                    .anyMatch(member -> procfs.environment(member.pid(), MARK).equals(Optional.of(mark(name))))) {
                LOG.warn(
                        "supervisor.killing_remains",
                        "container",
                        name,
                        "group",
                        ended.pid(),
                        "members",
                        remains.size());
                signalGroup(ended.pid(), "KILL");
            }
        }

        private void rotateLog() {
            try {
                if (Files.isRegularFile(logFile) && Files.size(logFile) > ROTATE_LOG_BYTES) {
                    Files.move(
                            logFile,
                            logFile.resolveSibling(logFile.getFileName() + ".1"),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot rotate " + logFile, e);
            }
        }
    }
}
