package io.aegisops.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.ScaleUpBounds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    private static String fixture(String name) {
        try (var in = ConfigLoaderTest.class.getResourceAsStream("/config/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AgentConfig parse(String fixture, Map<String, String> env) {
        return ConfigLoader.parse(fixture(fixture), env, fixture);
    }

    private static List<String> problems(String json, Map<String, String> env) {
        try {
            ConfigLoader.parse(json, env, "test");
        } catch (InvalidConfigException e) {
            return e.problems();
        }
        throw new AssertionError("configuration was accepted: " + json);
    }

    @Nested
    class AValidFile {

        @Test
        void givesEverySettingItNames() {
            AgentConfig config = parse("full.json", Map.of());

            assertThat(config.hostId()).isEqualTo("edge-1");
            assertThat(config.runtime()).isEqualTo(RuntimeKind.DOCKER);
            assertThat(config.commandsTable()).isEqualTo("prod-commands");
            assertThat(config.concurrency()).isEqualTo(4);
            assertThat(config.pollInterval()).isEqualTo(Duration.ofMillis(1500));
            assertThat(config.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
            assertThat(config.lease()).isEqualTo(Duration.ofSeconds(90));
            assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(15));
            assertThat(config.maxCommandAge()).isEqualTo(Duration.ofMinutes(5));
            assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(20));
            assertThat(config.httpPort()).isEqualTo(9471);
            ContainerConfig buggy = config.container("buggy-app").orElseThrow();
            assertThat(buggy.allowedActions()).containsExactly(CommandType.values());
            assertThat(buggy.healthUrl()).isEqualTo(URI.create("http://127.0.0.1:8080/health"));
            assertThat(buggy.stopTimeoutSeconds()).isEqualTo(5);
            assertThat(buggy.readyTimeoutSeconds()).isEqualTo(30);
            assertThat(buggy.probeAttempts()).isEqualTo(4);
            assertThat(buggy.scaleUp()).isEqualTo(new ScaleUpBounds(512, 128, 2.0, 0.5));
        }

        @Test
        void acceptsActionNamesInAnyCase() {
            ContainerConfig payments =
                    parse("full.json", Map.of()).container("payments").orElseThrow();

            assertThat(payments.allowedActions()).containsExactly(CommandType.INSPECT, CommandType.LOGS);
            assertThat(payments.allows(CommandType.RESTART)).isFalse();
            assertThat(payments.healthUrl()).isNull();
        }

        @Test
        void fillsDefaultsForWhatItLeavesOut() {
            AgentConfig config = parse("minimal.json", Map.of());

            assertThat(config.runtime()).isEqualTo(RuntimeKind.DOCKER);
            assertThat(config.dockerHost()).isEqualTo("unix:///var/run/docker.sock");
            assertThat(config.commandsTable()).isEqualTo("aegis-commands");
            assertThat(config.concurrency()).isEqualTo(2);
            assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(2));
            assertThat(config.lease()).isEqualTo(Duration.ofSeconds(60));
            assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
            assertThat(config.maxCommandAge()).isEqualTo(Duration.ofMinutes(10));
            assertThat(config.httpPort()).isEqualTo(ConfigLoader.DEFAULT_HTTP_PORT);
            assertThat(config.stateDir())
                    .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "aegisops-edge-edge-1"));
            ContainerConfig buggy = config.container("buggy-app").orElseThrow();
            assertThat(buggy.stopTimeoutSeconds()).isEqualTo(10);
            assertThat(buggy.readyTimeoutSeconds()).isEqualTo(60);
            assertThat(buggy.probeAttempts()).isEqualTo(3);
        }

        @Test
        void describesAProcessToSupervise() {
            AgentConfig config = parse("process.json", Map.of());

            assertThat(config.runtime()).isEqualTo(RuntimeKind.PROCESS);
            assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/aegisops-edge"));
            ProcessSpec process = config.container("buggy-app").orElseThrow().process();
            assertThat(process.command()).containsExactly("java", "-jar", "buggy-app/target/buggy-app.jar");
            assertThat(process.environment()).containsEntry("BUGGY_PORT", "8080");
        }

        @Test
        void theExampleShippedWithTheAgentIsValidAndSpellsOutTheDefaults() {
            AgentConfig example = ConfigLoader.load(Path.of("edge-agent.example.json"), Map.of());
            AgentConfig defaults = ConfigLoader.parse(
                    "{\"hostId\": \"edge-1\", \"containers\": "
                            + "[{\"name\": \"x\", \"allowedActions\": [\"LOGS\"]}]}",
                    Map.of(),
                    "defaults");

            assertThat(example.containers())
                    .extracting(ContainerConfig::name)
                    .containsExactly("buggy-app", "payments-db");
            assertThat(example)
                    .usingRecursiveComparison()
                    .ignoringFields("containers")
                    .isEqualTo(defaults);
            assertThat(example.container("buggy-app").orElseThrow())
                    .usingRecursiveComparison()
                    .ignoringFields("name", "allowedActions", "healthUrl", "scaleUp")
                    .isEqualTo(defaults.container("x").orElseThrow());
        }

        @Test
        void isReadFromAPath() {
            Path file = Path.of("src/test/resources/config/minimal.json");

            assertThat(ConfigLoader.load(file, Map.of()).hostId()).isEqualTo("edge-1");
        }
    }

    @Nested
    class TheEnvironment {

        @Test
        void overridesTheFile() {
            AgentConfig config = parse(
                    "full.json",
                    Map.of(
                            "AEGIS_HOST_ID", "edge-2",
                            "AEGIS_TABLE_PREFIX", "staging-",
                            "AEGIS_CONCURRENCY", "8",
                            "AEGIS_POLL_INTERVAL_MS", "500",
                            "AEGIS_LEASE_SECONDS", "120",
                            "AEGIS_HEARTBEAT_SECONDS", "20",
                            "AEGIS_HTTP_PORT", "-1",
                            "AEGIS_DOCKER_HOST", "tcp://127.0.0.1:2375"));

            assertThat(config.hostId()).isEqualTo("edge-2");
            assertThat(config.commandsTable()).isEqualTo("staging-commands");
            assertThat(config.concurrency()).isEqualTo(8);
            assertThat(config.pollInterval()).isEqualTo(Duration.ofMillis(500));
            assertThat(config.lease()).isEqualTo(Duration.ofMinutes(2));
            assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(20));
            assertThat(config.httpPort()).isEqualTo(-1);
            assertThat(config.dockerHost()).isEqualTo("tcp://127.0.0.1:2375");
        }

        @Test
        void suppliesTheDockerHostDockerClientsUseWhenTheFileNamesNone() {
            AgentConfig config = parse("minimal.json", Map.of("DOCKER_HOST", "tcp://10.0.0.5:2376"));

            assertThat(config.dockerHost()).isEqualTo("tcp://10.0.0.5:2376");
        }

        @Test
        void canMoveTheStateDirectory() {
            AgentConfig config = parse("process.json", Map.of("AEGIS_STATE_DIR", "/srv/edge-state"));

            assertThat(config.stateDir()).isEqualTo(Path.of("/srv/edge-state"));
        }

        @Test
        void canSupplyTheHostIdTheFileLacks() {
            String json = "{\"containers\": [{\"name\": \"web\", \"allowedActions\": [\"PROBE\"]}]}";

            assertThat(ConfigLoader.parse(json, Map.of("AEGIS_HOST_ID", "edge-9"), "inline")
                            .hostId())
                    .isEqualTo("edge-9");
        }

        @Test
        void thatIsNotANumberIsRefusedByName() {
            assertThat(problems(fixture("minimal.json"), Map.of("AEGIS_CONCURRENCY", "many")))
                    .containsExactly("AEGIS_CONCURRENCY 'many' is not a whole number");
        }
    }

    @Nested
    class TheLivenessPeriod {

        @Test
        void isFourMinutesByDefaultSoThatAnIdleAgentStaysAtFourRequestsAMinute() {
            assertThat(parse("minimal.json", Map.of()).liveness()).isEqualTo(Duration.ofMinutes(4));
        }

        @Test
        void isSetFromTheFileOrTheEnvironmentAndRefusedBeyondFiveMinutes() {
            String file = """
                    {"hostId": "edge-1", "livenessSeconds": 60,
                     "containers": [{"name": "buggy-app", "allowedActions": ["RESTART"]}]}""";

            assertThat(ConfigLoader.parse(file, Map.of(), "test").liveness()).isEqualTo(Duration.ofMinutes(1));
            assertThat(ConfigLoader.parse(file, Map.of(ConfigLoader.LIVENESS_SECONDS, "2"), "test")
                            .liveness())
                    .isEqualTo(Duration.ofSeconds(2));
            assertThat(problems(file.replace("60", "301"), Map.of()))
                    .anySatisfy(p -> assertThat(p).contains("livenessSeconds is 301"));
        }
    }

    @Nested
    class TheDoorbell {

        private static final String WITH_QUEUE = """
                {"hostId": "edge-1", "doorbellQueue": "aegis-edge-edge-1", "safetyPollSeconds": 120,
                 "containers": [{"name": "buggy-app", "allowedActions": ["RESTART"]}]}""";

        @Test
        void isAbsentFromAnOldConfigurationWhichKeepsPollingTheTable() {
            AgentConfig config = parse("minimal.json", Map.of());

            assertThat(config.doorbellQueue()).isEmpty();
            assertThat(config.safetyPoll()).isEqualTo(ConfigLoader.DEFAULT_SAFETY_POLL);
        }

        @Test
        void namesTheHostsQueueAndTheSafetyPoll() {
            AgentConfig config = ConfigLoader.parse(WITH_QUEUE, Map.of(), "test");

            assertThat(config.doorbellQueue()).contains("aegis-edge-edge-1");
            assertThat(config.safetyPoll()).isEqualTo(Duration.ofMinutes(2));
        }

        @Test
        void isSetFromTheEnvironmentToo() {
            AgentConfig config = parse(
                    "minimal.json", Map.of(ConfigLoader.DOORBELL_QUEUE, "q-1", ConfigLoader.SAFETY_POLL_SECONDS, "30"));

            assertThat(config.doorbellQueue()).contains("q-1");
            assertThat(config.safetyPoll()).isEqualTo(Duration.ofSeconds(30));
        }

        @Test
        void refusesANameSqsWouldRefuseAndASafetyPollOutOfRange() {
            List<String> problems =
                    problems(WITH_QUEUE.replace("aegis-edge-edge-1", "edge.1").replace("120", "2"), Map.of());

            assertThat(problems)
                    .anySatisfy(p -> assertThat(p).contains("doorbellQueue 'edge.1'"))
                    .anySatisfy(p -> assertThat(p).contains("safetyPollSeconds is 2"));
        }
    }

    @Nested
    class AnInvalidFile {

        @Test
        void isRefusedWithEveryProblemNamed() {
            assertThat(problems(fixture("invalid-many.json"), Map.of()))
                    .containsExactlyInAnyOrder(
                            "hostId is required (or set AEGIS_HOST_ID)",
                            "runtime 'kubernetes' must be docker or process",
                            "concurrency is 0, must be between 1 and 32",
                            "heartbeatSeconds (8) must be at most half of leaseSeconds (10), so a live agent always renews its claim before the lease lapses",
                            "containers[0] 'web'.allowedActions: unknown action 'SHELL' (known: [RESTART, ROLLBACK, SCALE_UP, STOP, PROBE, INSPECT, LOGS])",
                            "containers[0] 'web'.healthUrl 'ftp://web/health' must be an absolute http:// or https:// URL",
                            "containers[1] 'web' is listed twice",
                            "containers[1] 'web'.allowedActions is empty: allow at least one of [RESTART, ROLLBACK, SCALE_UP, STOP, PROBE, INSPECT, LOGS]",
                            "containers[2].name is required",
                            "containers[2].probeAttempts is 50, must be between 1 and 20");
        }

        @Test
        void withAMisspeltFieldIsRefusedRatherThanAllowingLessOrMore() {
            assertThat(problems(fixture("unknown-field.json"), Map.of()))
                    .singleElement()
                    .asString()
                    .startsWith("containers[0].allowedAction: Unrecognized field \"allowedAction\"");
        }

        @Test
        void withoutContainersIsRefused() {
            assertThat(problems("{\"hostId\": \"edge-1\"}", Map.of()))
                    .containsExactly(
                            "containers is empty: list the containers the agent may touch and the actions allowed on each");
        }

        @Test
        void forTheProcessRuntimeNeedsACommandLinePerContainer() {
            String json =
                    "{\"hostId\": \"h\", \"runtime\": \"process\", \"containers\": [{\"name\": \"web\", \"allowedActions\": [\"RESTART\"]}]}";

            assertThat(problems(json, Map.of()))
                    .containsExactly("containers[0] 'web'.process.command is required with runtime process");
        }

        @Test
        void forTheProcessRuntimeNeedsNamesThatCanNameFiles() {
            String json = "{\"hostId\": \"h\", \"runtime\": \"process\", \"containers\": [{\"name\": \"../web\","
                    + " \"allowedActions\": [\"RESTART\"], \"process\": {\"command\": [\"sleep\", \"1\"]}}]}";

            assertThat(problems(json, Map.of()))
                    .containsExactly("containers[0] '../web'.name must be letters, digits, '_', '.' or '-' (not first)"
                            + " with runtime process: it names the process's files in the state directory");
        }

        @Test
        void forTheProcessRuntimeRefusesRollbackAndScaleUp() {
            String json = "{\"hostId\": \"h\", \"runtime\": \"process\", \"containers\": [{\"name\": \"web\","
                    + " \"allowedActions\": [\"RESTART\", \"ROLLBACK\", \"SCALE_UP\", \"STOP\"],"
                    + " \"scaleUp\": {\"maxMemoryMb\": 512, \"memoryStepMb\": 128},"
                    + " \"process\": {\"command\": [\"java\"]}}]}";

            assertThat(problems(json, Map.of()))
                    .containsExactly(
                            "containers[0] 'web'.allowedActions: ROLLBACK needs the docker runtime (a supervised process"
                                    + " has no image to roll back and no limits to raise)",
                            "containers[0] 'web'.allowedActions: SCALE_UP needs the docker runtime (a supervised process"
                                    + " has no image to roll back and no limits to raise)");
        }

        @Test
        void allowingScaleUpNeedsItsBounds() {
            String json = "{\"hostId\": \"h\", \"containers\": [{\"name\": \"web\","
                    + " \"allowedActions\": [\"SCALE_UP\"]}]}";

            assertThat(problems(json, Map.of()))
                    .containsExactly(
                            "containers[0] 'web'.allowedActions: SCALE_UP needs scaleUp bounds (maxMemoryMb and"
                                    + " memoryStepMb, maxCpus and cpuStep, or both pairs)");
        }

        @Test
        void boundsWhoseStepExceedsTheirMaximumAreRefusedWhereTheyAre() {
            String json = "{\"hostId\": \"h\", \"containers\": [{\"name\": \"web\","
                    + " \"allowedActions\": [\"SCALE_UP\"], \"scaleUp\": {\"maxMemoryMb\": 128, \"memoryStepMb\": 256}}]}";

            assertThat(problems(json, Map.of()))
                    .singleElement()
                    .asString()
                    .startsWith("containers[0].scaleUp: ")
                    .contains("memoryStepMb <= maxMemoryMb");
        }

        @Test
        void thatIsNotJsonIsRefused() {
            assertThat(problems("hostId: edge-1", Map.of()))
                    .singleElement()
                    .asString()
                    .startsWith("not valid JSON");
        }

        @Test
        void thatCannotBeReadIsRefusedWithItsPath() {
            assertThatThrownBy(() -> ConfigLoader.load(Path.of("/nonexistent/agent.json"), Map.of()))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("/nonexistent/agent.json")
                    .hasMessageContaining("cannot read the file");
        }

        @Test
        void withABadHostIdOrDockerHostIsRefused() {
            String json = "{\"hostId\": \"edge 1/../x\", \"dockerHost\": \"/var/run/docker.sock\", "
                    + "\"containers\": [{\"name\": \"web\", \"allowedActions\": [\"LOGS\"]}]}";

            assertThat(problems(json, Map.of()))
                    .containsExactlyInAnyOrder(
                            "hostId 'edge 1/../x' must be 1-128 characters of letters, digits, '.', '_', ':' or '-'",
                            "dockerHost '/var/run/docker.sock' must be unix://PATH, tcp://HOST:PORT or npipe://PATH");
        }
    }
}
