package io.aegisops.edge.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.ResourceUsage;
import io.aegisops.contracts.ScaleUpBounds;
import io.aegisops.edge.TestConfigs;
import io.aegisops.edge.config.ContainerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process runtime supervising real processes. An agent that dies is played by a runtime that lets go of its
 * state directory without stopping anything (as the kernel does for a killed agent); the next agent is a new
 * runtime on the same directory.
 */
class ProcessContainerRuntimeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ProcFs PROC = ProcFs.system();

    @TempDir
    Path stateDir;

    private final List<Process> strangers = new ArrayList<>();
    private ProcessContainerRuntime runtime;
    private StateDirectory held;

    @AfterEach
    void stopAll() {
        // the newest agent stops what it supervises; an agent that "died" has nothing left to do
        if (runtime != null) {
            runtime.close();
        }
        strangers.forEach(Process::destroyForcibly);
    }

    /** An agent on the state directory, its processes started (or adopted). */
    private ProcessContainerRuntime agent(ContainerConfig... containers) {
        held = StateDirectory.lock(stateDir);
        runtime = new ProcessContainerRuntime(List.of(containers), held, PROC, Duration.ofMillis(300));
        runtime.startAll();
        return runtime;
    }

    private ProcessContainerRuntime supervise(String name, String script) {
        return agent(process(name, script));
    }

    private static ContainerConfig process(String name, String script) {
        return TestConfigs.process(name, null, List.of("sh", "-c", script));
    }

    /** The agent dies (SIGKILL): the kernel releases its lock; what it supervised runs on. */
    private void agentDies() {
        held.close();
        runtime = null;
    }

    private PidFile recorded(String name) {
        return PidFile.read(stateDir.resolve(name + ".pid")).orElseThrow();
    }

    /** The process groups (copies) running with the mark of {@code name} in this state directory. */
    private Set<Long> copies(String name) throws Exception {
        String mark = name + "@" + stateDir.toRealPath();
        return PROC.pids().stream()
                .filter(pid ->
                        PROC.environment(pid, ProcessContainerRuntime.MARK).equals(Optional.of(mark)))
                .flatMap(pid -> PROC.stat(pid).filter(s -> !s.zombie()).stream())
                .map(ProcFs.Stat::processGroup)
                .collect(Collectors.toSet());
    }

    private static void awaitStatus(ProcessContainerRuntime runtime, String name, String status) {
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(runtime.inspect(name).status()).isEqualTo(status));
    }

    private static void awaitLogs(ProcessContainerRuntime runtime, String name, String text) {
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(runtime.logs(name, 100)).contains(text));
    }

    private static void awaitGone(long pid) {
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(PROC.stat(pid).filter(s -> !s.zombie()))
                        .as("process " + pid)
                        .isEmpty());
    }

    @Nested
    class ARunningProcess {

        @Test
        void isInspectedAsRunningSinceItStarted() {
            Instant before = Instant.now();
            supervise("app", "sleep 600");

            ContainerState state = runtime.inspect("app");

            assertThat(state.status()).isEqualTo("running");
            assertThat(state.exitCode()).isNull();
            assertThat(state.restartCount()).isZero();
            assertThat(state.health()).as("no Docker health check").isNull();
            assertThat(state.image()).as("no image").isNull();
            assertThat(state.startedAt()).isBetween(before, Instant.now());
        }

        @Test
        void leadsASessionAndProcessGroupOfItsOwn() throws Exception {
            supervise("app", "sleep 600");
            long pid = recorded("app").pid();

            ProcFs.Stat stat = PROC.stat(pid).orElseThrow();
            assertThat(stat.processGroup()).isEqualTo(pid);
            assertThat(stat.session()).isEqualTo(pid);
            assertThat(stat.startTicks()).isEqualTo(recorded("app").startTicks());
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(PROC.commandLine(pid))
                            .as("setsid made itself the command, in place")
                            .containsExactly("sh", "-c", "sleep 600"));
        }

        @Test
        void hasItsStdoutAndStderrAsLogsInAFileOfTheStateDirectory() throws Exception {
            supervise("app", "echo one; echo two >&2; echo three; sleep 600");
            awaitLogs(runtime, "app", "three");

            assertThat(runtime.logs("app", 100)).isEqualTo("one\ntwo\nthree\n");
            assertThat(runtime.logs("app", 2)).isEqualTo("two\nthree\n");
            assertThat(Files.readString(stateDir.resolve("app.log"))).isEqualTo("one\ntwo\nthree\n");
        }

        @Test
        void keepsOnlyTheNewestLines() throws Exception {
            int printed = ProcessContainerRuntime.KEPT_LINES + 500;
            supervise("app", "i=1; while [ $i -le " + printed + " ]; do echo line-$i; i=$((i+1)); done; sleep 600");
            awaitLogs(runtime, "app", "line-" + printed + "\n");

            String all = runtime.logs("app", Integer.MAX_VALUE);
            assertThat(all.lines())
                    .hasSize(ProcessContainerRuntime.KEPT_LINES)
                    .first()
                    .isEqualTo("line-501");
        }
    }

    @Nested
    class Evidence {

        @Test
        void memoryIsThatOfTheWholeProcessGroup() {
            supervise("app", "sleep 600 & sleep 600 & echo up; wait");
            awaitLogs(runtime, "app", "up");
            long leader = recorded("app").pid();

            ResourceUsage usage = runtime.resources("app");

            assertThat(PROC.group(leader)).hasSize(3);
            assertThat(usage.memoryBytes())
                    .as("the shell and its two sleeps")
                    .isGreaterThan(PROC.residentBytes(leader).orElseThrow());
        }

        @Test
        void cpuIsWhatTheGroupUsedOverTheSample() {
            ProcessContainerRuntime runtime =
                    agent(process("busy", "while :; do :; done"), process("idle", "sleep 600"));

            double busy = runtime.resources("busy").cpuCores();
            double idle = runtime.resources("idle").cpuCores();

            assertThat(busy).as("a shell spinning in a loop").isGreaterThan(0.05);
            assertThat(idle).as("a sleep").isLessThan(busy);
        }

        @Test
        void cpuIsMeasuredFromTheBackgroundReadingWithoutWaitingOutAWindow() throws Exception {
            held = StateDirectory.lock(stateDir);
            runtime = new ProcessContainerRuntime(
                    List.of(process("busy", "while :; do :; done")), held, PROC, Duration.ofMinutes(10));
            runtime.startAll();
            runtime.readCpu();
            Thread.sleep(300); // the CPU the loop uses over a fair window (at least 200 ms)

            double busy = assertTimeoutPreemptively(
                    Duration.ofSeconds(60),
                    () -> runtime.resources("busy").cpuCores(),
                    "a reading was there: no ten-minute window is waited out");

            assertThat(busy).as("a shell spinning in a loop").isGreaterThan(0.05);
        }

        @Test
        void limitsAreThoseOfTheCgroupItLivesIn() {
            supervise("app", "sleep 600");

            ResourceUsage usage = runtime.resources("app");

            // a supervised process lives in the agent's cgroup: the same limits, or none (null) for both
            ProcFs.Limits agents = PROC.limits(ProcessHandle.current().pid());
            assertThat(usage.memoryLimitBytes()).isEqualTo(agents.memoryBytes());
            assertThat(usage.cpuLimitCores()).isEqualTo(agents.cpuCores());
        }

        @Test
        void anExitWithACodeIsReportedWithItAndIsNoOomKill() {
            supervise("app", "exit 3");

            awaitStatus(runtime, "app", "exited");
            ContainerState state = runtime.inspect("app");
            assertThat(state.exitCode()).isEqualTo(3);
            assertThat(state.oomKilled()).isFalse();
            assertThat(runtime.resources("app")).isNull();
        }

        @Test
        void aSigkillThatTheKernelDidNotCountIsNoOomKill() {
            supervise("app", "kill -9 $$");

            awaitStatus(runtime, "app", "exited");
            ContainerState state = runtime.inspect("app");
            assertThat(state.exitCode()).as("128 + SIGKILL").isEqualTo(137);
            assertThat(state.oomKilled()).isFalse();
        }

        @Test
        void anOomKillIsASigkillTheKernelCounted() {
            OptionalLong two = OptionalLong.of(2);
            OptionalLong three = OptionalLong.of(3);
            OptionalLong unknown = OptionalLong.empty();

            assertThat(ProcessContainerRuntime.oomKilled(137, false, two, three))
                    .isTrue();
            assertThat(ProcessContainerRuntime.oomKilled(137, false, two, two)).isFalse();
            assertThat(ProcessContainerRuntime.oomKilled(137, true, two, three))
                    .as("the agent's own SIGKILL after the stop timeout")
                    .isFalse();
            assertThat(ProcessContainerRuntime.oomKilled(1, false, two, three)).isFalse();
            assertThat(ProcessContainerRuntime.oomKilled(137, false, unknown, three))
                    .as("no counter to read")
                    .isNull();
            assertThat(ProcessContainerRuntime.oomKilled(null, false, two, three))
                    .as("an exit only the dead agent saw")
                    .isNull();
        }
    }

    @Nested
    class Restart {

        @Test
        void stopsAndStartsTheProcessAgain() throws Exception {
            supervise("app", "echo started at $$; sleep 600");
            awaitLogs(runtime, "app", "started at");
            ContainerState before = runtime.inspect("app");

            runtime.restart("app", Duration.ofSeconds(5));

            ContainerState after = runtime.inspect("app");
            assertThat(after.status()).isEqualTo("running");
            assertThat(after.startedAt()).isAfter(before.startedAt());
            assertThat(after.restartCount()).isEqualTo(1);
            assertThat(recorded("app").restarts()).isEqualTo(1);
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(startLines())
                            .as("a second process printed its pid")
                            .isEqualTo(2));
        }

        private long startLines() {
            return runtime.logs("app", 10)
                    .lines()
                    .filter(l -> l.startsWith("started at"))
                    .distinct()
                    .count();
        }

        @Test
        void stopsTheWholeProcessGroup() throws Exception {
            supervise("app", "sleep 600 & echo child $!; wait");
            awaitLogs(runtime, "app", "child ");
            long child = Long.parseLong(runtime.logs("app", 1).strip().substring("child ".length()));

            runtime.restart("app", Duration.ofSeconds(5));

            awaitGone(child);
            assertThat(copies("app")).containsExactly(recorded("app").pid());
        }

        @Test
        void killsWhatOutlivedAKilledLeaderBeforeStartingAgain() throws Exception {
            supervise("app", "sleep 600 & echo child $!; wait");
            awaitLogs(runtime, "app", "child ");
            long child = Long.parseLong(runtime.logs("app", 1).strip().substring("child ".length()));
            long leader = recorded("app").pid();
            ProcessHandle.of(leader).orElseThrow().destroyForcibly();
            awaitStatus(runtime, "app", "exited");
            assertThat(PROC.stat(child)).as("its child, left behind").isPresent();

            runtime.restart("app", Duration.ofSeconds(5));

            awaitGone(child);
            assertThat(copies("app")).containsExactly(recorded("app").pid());
        }

        @Test
        void killsAProcessThatIgnoresSigtermAfterTheStopTimeout() throws Exception {
            supervise("app", "trap '' TERM; echo up at $$; while true; do sleep 0.2; done");
            awaitLogs(runtime, "app", "up at");
            ContainerState before = runtime.inspect("app");

            runtime.restart("app", Duration.ofMillis(500));

            ContainerState after = runtime.inspect("app");
            assertThat(after.status()).isEqualTo("running");
            assertThat(after.startedAt()).isAfter(before.startedAt());
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(runtime.logs("app", 10)
                                    .lines()
                                    .filter(line -> line.startsWith("up at"))
                                    .distinct())
                            .as("the process that ignored SIGTERM was replaced by a second one")
                            .hasSize(2));
        }

        @Test
        void startsAProcessThatHadExited() throws Exception {
            supervise("app", "echo ran; exit 3");
            awaitStatus(runtime, "app", "exited");

            runtime.restart("app", Duration.ofSeconds(1));

            assertThat(runtime.inspect("app").restartCount()).isEqualTo(1);
            awaitStatus(runtime, "app", "exited");
        }
    }

    @Nested
    class AfterTheAgentDies {

        @Test
        void theNextAgentAdoptsTheRunningProcessInsteadOfStartingASecond() throws Exception {
            supervise("app", "echo started by the first agent; sleep 600");
            awaitLogs(runtime, "app", "started by the first agent");
            PidFile first = recorded("app");
            Instant firstStart = runtime.inspect("app").startedAt();

            agentDies();
            ProcessContainerRuntime next = supervise("app", "echo started by the first agent; sleep 600");

            ContainerState state = next.inspect("app");
            assertThat(state.status()).isEqualTo("running");
            assertThat(state.startedAt()).isEqualTo(firstStart);
            assertThat(state.restartCount()).isZero();
            assertThat(recorded("app")).isEqualTo(first);
            assertThat(copies("app")).containsExactly(first.pid());
            assertThat(next.logs("app", 10)).isEqualTo("started by the first agent\n");
            assertThat(next.resources("app").memoryBytes()).isPositive();
        }

        @Test
        void anAdoptedProcessIsRestartedAsAGroupAndCountsOn() throws Exception {
            supervise("app", "sleep 600 & echo up; wait");
            awaitLogs(runtime, "app", "up");
            runtime.restart("app", Duration.ofSeconds(5));
            long before = recorded("app").pid();
            List<Long> group = PROC.group(before).stream().map(ProcFs.Stat::pid).toList();

            agentDies();
            ProcessContainerRuntime next = supervise("app", "sleep 600 & echo up; wait");
            next.restart("app", Duration.ofSeconds(5));

            group.forEach(ProcessContainerRuntimeTest::awaitGone);
            assertThat(next.inspect("app").restartCount()).isEqualTo(2);
            assertThat(copies("app")).containsExactly(recorded("app").pid()).doesNotContain(before);
        }

        @Test
        void anAdoptedProcessThatDiesHasAnUnknownExitCode() throws Exception {
            supervise("app", "sleep 600");
            long pid = recorded("app").pid();

            agentDies();
            ProcessContainerRuntime next = supervise("app", "sleep 600");
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            awaitStatus(next, "app", "exited");

            ContainerState state = next.inspect("app");
            assertThat(state.exitCode())
                    .as("only the dead agent, its parent, could learn it")
                    .isNull();
            assertThat(state.oomKilled()).isNull();
            assertThat(next.resources("app")).isNull();
        }

        @Test
        void aProcessThatEndedMeanwhileIsStartedAgainKeepingTheCount() throws Exception {
            supervise("app", "sleep 600");
            runtime.restart("app", Duration.ofSeconds(5));
            long pid = recorded("app").pid();
            agentDies();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            awaitGone(pid);

            ProcessContainerRuntime next = supervise("app", "sleep 600");

            assertThat(next.inspect("app").status()).isEqualTo("running");
            assertThat(next.inspect("app").restartCount()).isEqualTo(1);
            assertThat(copies("app")).containsExactly(recorded("app").pid());
        }

        @Test
        void aRecordedPidNowNamingAnotherProcessIsNeitherAdoptedNorKilled() throws Exception {
            Process stranger = new ProcessBuilder("sleep", "600").start();
            strangers.add(stranger);
            long ticks = PROC.stat(stranger.pid()).orElseThrow().startTicks();
            Files.createDirectories(stateDir);
            new PidFile(stranger.pid(), ticks - 1, List.of("sh", "-c", "sleep 600"), Instant.now(), 4)
                    .write(stateDir.resolve("app.pid"));

            ProcessContainerRuntime next = supervise("app", "sleep 600");

            assertThat(stranger.isAlive()).isTrue();
            assertThat(recorded("app").pid()).isNotEqualTo(stranger.pid());
            assertThat(next.inspect("app").status()).isEqualTo("running");
            assertThat(next.inspect("app").restartCount()).isEqualTo(4);
        }

        @Test
        void aProcessOfAnotherCommandLineIsReplaced() throws Exception {
            supervise("app", "sleep 600");
            long old = recorded("app").pid();

            agentDies();
            supervise("app", "sleep 601");

            awaitGone(old);
            assertThat(recorded("app").command()).containsExactly("sh", "-c", "sleep 601");
            assertThat(copies("app")).containsExactly(recorded("app").pid());
        }

        @Test
        void aProcessNoLongerConfiguredIsStopped() throws Exception {
            agent(process("old", "sleep 600"), process("app", "sleep 600"));
            long old = recorded("old").pid();

            agentDies();
            supervise("app", "sleep 600");

            awaitGone(old);
            assertThat(stateDir.resolve("old.pid")).doesNotExist();
            assertThat(copies("old")).isEmpty();
        }

        @Test
        void aMarkedCopyThatNoRecordNamesIsKilled() throws Exception {
            supervise("app", "sleep 600");
            long recordedPid = recorded("app").pid();
            agentDies();
            // a copy started by an agent that died before it could write the pid file
            ProcessBuilder stray = new ProcessBuilder("setsid", "sleep", "600");
            stray.environment().put(ProcessContainerRuntime.MARK, "app@" + stateDir.toRealPath());
            Process copy = stray.start();
            strangers.add(copy);
            await().atMost(WAIT).until(() -> copies("app").size() == 2);

            supervise("app", "sleep 600");

            assertThat(copy.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(copies("app")).containsExactly(recordedPid);
        }

        @Test
        void aSecondAgentOnTheSameStateDirectoryIsRefused() {
            supervise("app", "sleep 600");

            assertThatThrownBy(() -> StateDirectory.lock(stateDir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(
                            "another edge agent (pid " + ProcessHandle.current().pid() + ")");
        }
    }

    @Test
    void stopsItsProcessesWhenItCloses() throws Exception {
        supervise("app", "sleep 600");
        runtime.close();

        ContainerState state = runtime.inspect("app");
        assertThat(state.status()).isEqualTo("exited");
        assertThat(state.exitCode()).isEqualTo(143);
        assertThat(state.oomKilled()).isFalse();
        assertThat(copies("app")).isEmpty();
        runtime = null;
    }

    @Test
    void knowsOnlyTheConfiguredProcesses() {
        supervise("app", "sleep 600");

        assertThatThrownBy(() -> runtime.restart("other", Duration.ZERO))
                .isInstanceOf(ContainerNotFoundException.class);
        assertThatThrownBy(() -> runtime.inspect("other")).isInstanceOf(ContainerNotFoundException.class);
    }

    @Test
    void reportsACommandThatCannotStart() {
        held = StateDirectory.lock(stateDir);
        runtime = new ProcessContainerRuntime(
                List.of(TestConfigs.process("app", null, List.of("/nonexistent/binary"))), held);

        assertThatThrownBy(() -> runtime.restart("app", Duration.ZERO))
                .hasMessageContaining("cannot start 'app': /nonexistent/binary is no executable file");
        assertThat(runtime.inspect("app").status()).isEqualTo("created");
    }

    /** A process has no image and no limits: STOP works, ROLLBACK and SCALE_UP are refused with a clear error. */
    @Nested
    class Remedies {

        @Test
        void aStopEndsTheProcessAndTheAgentDoesNotStartItAgainByItself() {
            supervise("app", "sleep 600");

            runtime.stop("app", Duration.ofSeconds(2));

            assertThat(runtime.inspect("app").status()).isEqualTo("exited");
        }

        @Test
        void rollbackAndScaleUpAreRefusedAsUnsupported() {
            supervise("app", "sleep 600");

            assertThatThrownBy(() -> runtime.previousImage("app"))
                    .isInstanceOf(UnsupportedRemedyException.class)
                    .hasMessage("this runtime runs no images, so it cannot roll 'app' back (ROLLBACK needs the docker"
                            + " runtime)");
            assertThatThrownBy(() -> runtime.rollback("app", "app:1", Duration.ZERO))
                    .isInstanceOf(UnsupportedRemedyException.class);
            assertThatThrownBy(() -> runtime.scaleUp("app", new ScaleUpBounds(512, 128, null, null)))
                    .isInstanceOf(UnsupportedRemedyException.class)
                    .hasMessageContaining("SCALE_UP needs the docker runtime");
            assertThat(runtime.inspect("app").status()).isEqualTo("running");
        }
    }
}
