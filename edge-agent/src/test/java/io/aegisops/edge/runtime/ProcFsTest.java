package io.aegisops.edge.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.edge.ops.ResidentMemory;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link ProcFs} on files copied from a real /proc (see procfs/README.md), and on this JVM's own /proc/self. */
class ProcFsTest {

    private static final long SHELL = 25327;
    private static final long SLEEP = 25329;
    private static final long ODD = 26687;

    private static Path fixture(String name) {
        try {
            return Path.of(Objects.requireNonNull(ProcFsTest.class.getResource("/procfs/" + name))
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Nested
    class OnTheFixture {

        private final ProcFs v1 = new ProcFs(fixture("proc"), fixture("cgroup-v1"));
        private final ProcFs v2 = new ProcFs(fixture("proc"), fixture("cgroup-v2"));

        @Test
        void readsTheStatFieldsItNeeds() {
            assertThat(v1.stat(SLEEP)).contains(new ProcFs.Stat(SLEEP, 'S', SHELL, SHELL, 300, 2121457));
        }

        @Test
        void readsAStatWhoseCommandNameHoldsSpacesAndParentheses() {
            assertThat(v1.stat(ODD)).contains(new ProcFs.Stat(ODD, 'S', ODD, ODD, 0, 2122325));
        }

        @Test
        void knowsAProcessByPidAndStartTimeTogether() {
            assertThat(v1.alive(SLEEP, 2121457)).isPresent();
            assertThat(v1.alive(SLEEP, 2121456))
                    .as("the same pid, started at another time")
                    .isEmpty();
            assertThat(v1.alive(4242, 2121457)).as("no such pid").isEmpty();
        }

        @Test
        void readsResidentMemoryCommandLineAndEnvironment() {
            assertThat(v1.residentBytes(SHELL)).hasValue(1624L * 1024);
            assertThat(v1.commandLine(SHELL)).containsExactly("sh", "-c", "sleep 600 & wait");
            assertThat(v1.environment(SHELL, "AEGIS_SUPERVISED")).contains("web@/var/lib/aegis");
            assertThat(v1.environment(ODD, "AEGIS_SUPERVISED")).isEmpty();
        }

        @Test
        void listsTheMembersOfAProcessGroup() {
            assertThat(v1.pids()).containsExactly(SHELL, SLEEP, ODD);
            assertThat(v1.group(SHELL)).extracting(ProcFs.Stat::pid).containsExactly(SHELL, SLEEP);
        }

        @Test
        void sumsTheGroupsMemoryAndCpuTicks() {
            ProcFs.GroupSample sample = v1.sample(SHELL);

            assertThat(sample).isEqualTo(new ProcFs.GroupSample((1624L + 1784) * 1024, 10 + 300, 2));
        }

        @Test
        void turnsTicksOverTimeIntoCores() {
            ProcFs.GroupSample before = new ProcFs.GroupSample(0, 1000, 1);
            ProcFs.GroupSample after = new ProcFs.GroupSample(0, 1075, 1);

            assertThat(ProcFs.cores(before, after, 500_000_000L)).isEqualTo(1.5);
            assertThat(ProcFs.cores(after, before, 500_000_000L))
                    .as("members that left took their ticks")
                    .isZero();
        }

        @Test
        void takesTheTightestCgroupV1LimitsAlongThePath() {
            ProcFs.Limits limits = v1.limits(SHELL);

            assertThat(limits.memoryBytes())
                    .as("the parent's 512 MiB; the cgroup's own is v1's 'unlimited'")
                    .isEqualTo(512L * 1024 * 1024);
            assertThat(limits.cpuCores())
                    .as("cpu is at the root: 150 ms per 100 ms")
                    .isEqualTo(1.5);
        }

        @Test
        void takesTheTightestCgroupV2LimitsAlongThePath() {
            ProcFs.Limits limits = v2.limits(ODD);

            assertThat(limits.memoryBytes())
                    .as("the slice's 256 MiB under the service's 1 GiB")
                    .isEqualTo(256L << 20);
            assertThat(limits.cpuCores())
                    .as("the service's 50 ms per 100 ms; the slice's is max")
                    .isEqualTo(0.5);
        }

        @Test
        void hasNoLimitsWithoutACgroupEntry() {
            assertThat(v2.limits(SHELL))
                    .as("its cgroup is the v2 root, which has no limit files")
                    .isEqualTo(new ProcFs.Limits(null, null));
            assertThat(v2.limits(4242)).as("no such process").isEqualTo(new ProcFs.Limits(null, null));
        }

        @Test
        void countsOomKillsInTheProcesssCgroupElseOnTheMachine() {
            Path v1Counter = v1.oomKillCounter(SHELL);
            Path v2Counter = v2.oomKillCounter(ODD);

            assertThat(v1Counter.getFileName()).hasToString("memory.oom_control");
            assertThat(v1.oomKills(v1Counter)).hasValue(2);
            assertThat(v2Counter.getFileName()).hasToString("memory.events");
            assertThat(v2.oomKills(v2Counter)).hasValue(1);
            assertThat(v2.oomKillCounter(SHELL))
                    .as("no memory.events at the root")
                    .isEqualTo(fixture("proc/vmstat"));
            assertThat(v2.oomKills(fixture("proc/vmstat"))).hasValue(0);
        }
    }

    @Nested
    class OnThisJvm {

        private final ProcFs system = ProcFs.system();
        private final long self = ProcessHandle.current().pid();

        @Test
        void findsItselfRunningInItsOwnGroup() {
            ProcFs.Stat stat = system.stat(self).orElseThrow();

            assertThat(stat.pid()).isEqualTo(self);
            assertThat(stat.state()).isIn('R', 'S');
            assertThat(system.alive(self, stat.startTicks()))
                    .as("the same process (its CPU ticks go on between the two reads)")
                    .hasValueSatisfying(alive -> assertThat(alive)
                            .extracting(ProcFs.Stat::pid, ProcFs.Stat::startTicks, ProcFs.Stat::processGroup)
                            .containsExactly(self, stat.startTicks(), stat.processGroup()));
            assertThat(system.group(stat.processGroup()))
                    .extracting(ProcFs.Stat::pid)
                    .contains(self);
            assertThat(system.pids()).contains(self, 1L);
        }

        @Test
        void readsTheSameResidentMemoryAsTheAgentsOwnMetric() {
            long kernel = system.residentBytes(self).orElseThrow();
            long metric = ResidentMemory.ofSelf().orElseThrow();

            // two reads a moment apart of a live JVM: within a few MiB of each other
            assertThat(kernel).isPositive().isCloseTo(metric, org.assertj.core.data.Offset.offset(8L << 20));
        }

        @Test
        void readsItsCommandLineAndEnvironment() {
            List<String> command = system.commandLine(self);

            assertThat(command.getFirst())
                    .isEqualTo(ProcessHandle.current().info().command().orElseThrow());
            assertThat(system.environment(self, "PATH")).isEqualTo(Optional.ofNullable(System.getenv("PATH")));
        }

        @Test
        void seesCpuTimeThatThisJvmUsed() {
            long before = system.stat(self).orElseThrow().cpuTicks();
            long spin = System.nanoTime() + 200_000_000L;
            double sink = 0;
            while (System.nanoTime() < spin) {
                sink += Math.sqrt(sink + 1);
            }

            assertThat(sink).isPositive();
            assertThat(system.stat(self).orElseThrow().cpuTicks()).isGreaterThan(before);
        }

        @Test
        void readsLimitsAndAnOomKillCounterOrSaysItCannot() {
            ProcFs.Limits limits = system.limits(self);

            assertThat(limits.memoryBytes() == null || limits.memoryBytes() > 0).isTrue();
            assertThat(limits.cpuCores() == null || limits.cpuCores() > 0).isTrue();
            assertThat(system.oomKills(system.oomKillCounter(self)))
                    .as("every kernel since 4.13 counts OOM kills in /proc/vmstat")
                    .isPresent();
        }
    }
}
