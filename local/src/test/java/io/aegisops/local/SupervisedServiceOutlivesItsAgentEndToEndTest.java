package io.aegisops.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Json;
import io.aegisops.local.client.AegisClient;
import io.aegisops.local.stack.EdgeAgentProcess;
import io.aegisops.local.stack.EmbeddedStack;
import io.aegisops.local.stack.StackOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: the edge agent dies (SIGKILL) while it supervises the service (process runtime). The service runs on;
 * the next agent adopts it instead of starting a copy that cannot bind the service's port; then one fault (a memory
 * leak switched on in the service), one incident, one restart, RESOLVED, and one healthy copy of the service.
 */
class SupervisedServiceOutlivesItsAgentEndToEndTest {

    @Test
    void aKilledAgentsServiceIsAdoptedAndItsNextIncidentResolvedWithOneRestart() throws Exception {
        StackOptions options = TestStack.options("outlives", StackOptions.AppRuntime.PROCESS, Map.of());
        try (EmbeddedStack stack = EmbeddedStack.start(options);
                AegisClient client = stack.client()) {
            String container = stack.settings().container();
            Path pidFile = EdgeAgentProcess.stateDir(options).resolve(container + ".pid");
            String mark = container + "@" + EdgeAgentProcess.stateDir(options).toRealPath();
            long service = pid(pidFile);

            stack.killAgent();

            assertThat(client.get(stack.settings().healthUrl()).status())
                    .as("the service outlives its agent")
                    .isEqualTo(200);
            stack.startAgent();
            assertThat(Files.readString(stack.agent().logFile())).contains("\"supervisor.adopted\"");
            assertThat(pid(pidFile)).isEqualTo(service);
            assertThat(copies(mark))
                    .as("one copy of the service, the adopted one")
                    .containsExactly(service);

            client.post(stack.settings().appUrl().resolve("/faults/memory?mbPerSecond=16&holdSeconds=86400"));
            Incident opened = TestStack.awaitIncident(
                    client,
                    "the leak's incident",
                    Duration.ofSeconds(90),
                    i -> i.alert().alertType().equals("HighMemoryUsage"));
            Incident closed = TestStack.awaitClosed(client, opened.incidentId(), Duration.ofMinutes(2));

            assertThat(closed.status()).isEqualTo(IncidentStatus.RESOLVED);
            assertThat(closed.commandResults())
                    .filteredOn(result -> result.type() == CommandType.RESTART)
                    .singleElement()
                    .satisfies(restart -> {
                        assertThat(restart.success()).isTrue();
                        assertThat(restart.before().status()).isEqualTo("running");
                        assertThat(restart.after().restartCount()).isEqualTo(1);
                    });
            long restarted = pid(pidFile);
            assertThat(restarted).isNotEqualTo(service);
            assertThat(running(service)).as("the adopted copy is gone").isFalse();
            assertThat(copies(mark)).containsExactly(restarted);
            assertThat(client.get(stack.settings().healthUrl()).status()).isEqualTo(200);
        }
    }

    private static long pid(Path pidFile) throws IOException {
        return Json.mapper().readTree(pidFile.toFile()).get("pid").asLong();
    }

    /** The process groups whose members carry the agent's mark for the service: its running copies. */
    private static List<Long> copies(String mark) {
        return ProcessHandle.allProcesses()
                .filter(process -> environment(process.pid()).contains("AEGIS_SUPERVISED=" + mark))
                .map(process -> processGroup(process.pid()))
                .flatMap(Optional::stream)
                .distinct()
                .toList();
    }

    private static List<String> environment(long pid) {
        try {
            return Arrays.asList(new String(
                            Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")), StandardCharsets.UTF_8)
                    .split("\0", -1));
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Whether the process runs. A killed adopted process is reparented to PID 1 and stays a zombie until that reaps
     * it (ProcessHandle calls a zombie alive), so a zombie counts as gone: it holds no port and runs no code.
     */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException gone) {
            return false;
        }
    }

    /** Field 5 of /proc/PID/stat (after the command name in parentheses). */
    private static Optional<Long> processGroup(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
            return Optional.of(Long.parseLong(fields[2]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
