package io.aegisops.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.IncidentStatus;
import io.aegisops.local.client.ConnectionInfo;
import io.aegisops.local.stack.StackOptions;
import io.aegisops.local.stack.StackSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Unit: the command line. Every command has its help, {@code --version} tells the build, the read commands take
 * {@code --json}, options keep the hand-written parser's spellings, and every usage error exits with 2 before
 * any stack is looked up: the state directory holds a {@code local.json} no command could read (a stack
 * command would remove it as stale), and it is still there, untouched, alone.
 */
class CommandLineTest {

    private static final List<String> COMMANDS =
            List.of("demo", "up", "alert", "incidents", "unmatched", "incident", "approve", "reject", "trace", "help");
    private static final String UNREADABLE = "{not json";

    @TempDir
    Path stateDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<Path> started = new ArrayList<>();

    @BeforeEach
    void aStateDirectoryNoCommandMayRead() throws IOException {
        Files.writeString(stateDir.resolve(ConnectionInfo.FILE_NAME), UNREADABLE);
    }

    private int run(String... args) {
        return AegisLocal.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(),
                started::add);
    }

    private int runInStateDir(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--state-dir", stateDir.toString()));
        return run(all.toArray(String[]::new));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static CommandLine parsed(String... args) {
        CommandLine cli = AegisLocal.commandLine(System.out, Map.of(), dir -> {});
        cli.parseArgs(args);
        return cli;
    }

    private void assertTheStateDirectoryIsUntouched() throws IOException {
        assertThat(started).as("no stack started").isEmpty();
        try (Stream<Path> files = Files.list(stateDir)) {
            assertThat(files).containsExactly(stateDir.resolve(ConnectionInfo.FILE_NAME));
        }
        assertThat(stateDir.resolve(ConnectionInfo.FILE_NAME)).hasContent(UNREADABLE);
    }

    @Test
    void theTreeHoldsEveryCommand() {
        assertThat(AegisLocal.commandLine(System.out, Map.of(), dir -> {})
                        .getSubcommands()
                        .keySet())
                .containsExactlyInAnyOrderElementsOf(COMMANDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-h", "--help"})
    void everyCommandHasItsHelp(String flag) throws IOException {
        for (String command : COMMANDS) {
            out.reset();
            assertThat(command.equals("help") ? run(command, flag) : runInStateDir(command, flag))
                    .as(command)
                    .isZero();
            assertThat(output())
                    .as(command)
                    .startsWith("usage: aegis " + command + " [-h]")
                    .contains("options:", flag);
        }
        assertThat(errors()).isEmpty();
        assertTheStateDirectoryIsUntouched();
    }

    @Test
    void theHelpOfAnIncidentCommandNeedsNoIncident() {
        assertThat(run("approve", "--help")).isZero();
        assertThat(output())
                .contains(
                        "usage: aegis approve [-h] [--force] [--comment=TEXT] [--state-dir=DIR] ID", "--comment=TEXT");
    }

    @Test
    void helpNamesACommand() {
        assertThat(run("help", "trace")).isZero();
        assertThat(output()).startsWith("usage: aegis trace");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-h", "--help", "help"})
    void theTopLevelHelpShowsEachCommandWithItsOptions(String flag) {
        assertThat(run(flag)).isZero();
        assertThat(output())
                .startsWith("usage: aegis <command> [options]")
                .contains("  up [--runtime auto|docker|process] [--port N] [--set KEY=VALUE]", "[--data-dir DIR]")
                .contains(
                        "  incidents [--status S] [--json]",
                        "  incident ID [--json]",
                        "  approve ID [--comment TEXT]",
                        "  reject ID [--comment TEXT]",
                        "  trace ID [--json]",
                        "-V, --version",
                        "--state-dir DIR");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-V", "--version"})
    void theVersionIsTheBuildsOne(String flag) {
        assertThat(run(flag)).isZero();
        assertThat(AegisLocal.Version.of())
                .as("version.properties, filtered by Maven")
                .matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(output()).isEqualTo("aegis " + AegisLocal.Version.of() + System.lineSeparator());
    }

    @Test
    void theReadCommandsTakeJson() {
        CommandLine cli = AegisLocal.commandLine(System.out, Map.of(), dir -> {});
        for (String command : COMMANDS) {
            boolean reads = List.of("alert", "incidents", "unmatched", "incident", "trace")
                    .contains(command);
            assertThat(cli.getSubcommands().get(command).getCommandSpec().findOption("--json") != null)
                    .as(command)
                    .isEqualTo(reads);
        }
        CliCommands.ShowIncident incident = parsed("incident", "inc-1", "--json")
                .getSubcommands()
                .get("incident")
                .getCommand();
        assertThat(incident.json).isTrue();
        assertThat(incident.id).isEqualTo("inc-1");
    }

    @Test
    void optionsInBothSpellingsTheLastOfARepeatedOneCountsAndSetsAddUp() {
        UpCommand up = parsed(
                        "up",
                        "--port",
                        "1",
                        "--port=4567",
                        "--set=A=1",
                        "--set",
                        "B=2=3",
                        "--runtime=PROCESS",
                        "--data-dir",
                        "/tmp/data")
                .getSubcommands()
                .get("up")
                .getCommand();
        StackOptions options =
                up.stackOptions.options(up.common, up.dataDir, Map.of("OPENAI_MODEL", "m", "PATH", "/bin"), false);
        assertThat(options.port()).isEqualTo(4567);
        assertThat(options.runtime()).isEqualTo(StackOptions.AppRuntime.PROCESS);
        assertThat(options.dataDir()).isEqualTo(Path.of("/tmp/data"));
        assertThat(options.overrides())
                .containsExactlyInAnyOrderEntriesOf(Map.of("A", "1", "B", "2=3", "OPENAI_MODEL", "m"));
        assertThat(options.overrides()).doesNotContainKey(StackSettings.APP_PORT);

        CliCommands.Incidents incidents = parsed("incidents", "--status=awaiting_approval")
                .getSubcommands()
                .get("incidents")
                .getCommand();
        assertThat(incidents.status).isEqualTo(IncidentStatus.AWAITING_APPROVAL);
        CliCommands.Approve approve = parsed("approve", "--comment", "@alice: go", "inc-1")
                .getSubcommands()
                .get("approve")
                .getCommand();
        assertThat(approve.comment).as("no argument file").isEqualTo("@alice: go");
    }

    @Test
    void upPinsTheWebhookTokenAndTurnsTheServicesOwnAlertsOff() {
        UpCommand up = parsed("up", "--token", "prometheus-token-0001", "--no-self-alerts", "--set", "X=1")
                .getSubcommands()
                .get("up")
                .getCommand();

        assertThat(up.options(Map.of()).overrides())
                .containsEntry(StackSettings.WEBHOOK_TOKENS, "prometheus-token-0001")
                .containsEntry(StackSettings.APP_WEBHOOK_TOKEN, "prometheus-token-0001")
                .containsEntry(StackSettings.APP_WEBHOOK_URL, "")
                .containsEntry("X", "1");
    }

    @Test
    void withoutTheMonitoringOptionsUpKeepsANewTokenAndTheServicesOwnAlerts() {
        UpCommand up = parsed("up").getSubcommands().get("up").getCommand();

        assertThat(up.options(Map.of()).overrides())
                .doesNotContainKeys(
                        StackSettings.WEBHOOK_TOKENS, StackSettings.APP_WEBHOOK_TOKEN, StackSettings.APP_WEBHOOK_URL);
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of(
                        List.of("deploy-everything"), "unknown command: deploy-everything", "usage: aegis <command>"),
                Arguments.of(List.of("--bogus"), "'--bogus'", "usage: aegis <command>"),
                Arguments.of(
                        List.of("up", "--runtime", "kubernetes"),
                        "--runtime must be auto, docker or process",
                        "usage: aegis up"),
                Arguments.of(List.of("up", "--port", "x"), "'x' is not an int", "usage: aegis up"),
                Arguments.of(
                        List.of("up", "--set", "NOEQUALS"), "--set takes KEY=VALUE, got 'NOEQUALS'", "usage: aegis up"),
                Arguments.of(List.of("up", "--set", "=x"), "--set takes KEY=VALUE", "usage: aegis up"),
                Arguments.of(List.of("up", "now"), "Unmatched argument at index 1: 'now'", "usage: aegis up"),
                Arguments.of(
                        List.of("up", "--token", "too-short"),
                        "--token needs at least 16 printable characters",
                        "usage: aegis up"),
                Arguments.of(
                        List.of("up", "--token", "long-enough-but,two"), "without spaces or commas", "usage: aegis up"),
                Arguments.of(
                        List.of("unmatched", "inc-1"),
                        "Unmatched argument at index 1: 'inc-1'",
                        "usage: aegis unmatched"),
                Arguments.of(List.of("demo", "--data-dir", "/tmp/x"), "--data-dir is for up", "usage: aegis demo"),
                Arguments.of(
                        List.of("demo", "--runtime", "vm"),
                        "--runtime must be auto, docker or process",
                        "usage: aegis demo"),
                Arguments.of(List.of("alert"), "alert needs --file F or --type T", "usage: aegis alert"),
                Arguments.of(
                        List.of("alert", "--file", "a.json", "--type", "HighMemoryUsage"),
                        "give --file or --type, not both",
                        "usage: aegis alert"),
                Arguments.of(
                        List.of("alert", "--type"),
                        "Expected parameter for option '--type' but found '--state-dir'",
                        "usage: aegis alert"),
                Arguments.of(
                        List.of("incidents", "--status", "nope"),
                        "Invalid value for option '--status'",
                        "usage: aegis incidents"),
                Arguments.of(
                        List.of("incidents", "inc-1"),
                        "Unmatched argument at index 1: 'inc-1'",
                        "usage: aegis incidents"),
                Arguments.of(List.of("incidents", "--force"), "Unknown option: '--force'", "usage: aegis incidents"),
                Arguments.of(List.of("incident"), "Missing required parameter: 'ID'", "usage: aegis incident"),
                Arguments.of(
                        List.of("incident", "inc-1", "inc-2"),
                        "Unmatched argument at index 2: 'inc-2'",
                        "usage: aegis incident"),
                Arguments.of(
                        List.of("approve", "--comment", "ok"),
                        "Missing required parameter: 'ID'",
                        "usage: aegis approve"),
                Arguments.of(List.of("reject"), "Missing required parameter: 'ID'", "usage: aegis reject"),
                Arguments.of(List.of("trace", "--json"), "Missing required parameter: 'ID'", "usage: aegis trace"));
    }

    @ParameterizedTest
    @MethodSource("usageErrors")
    void usageErrorsExitWith2BeforeAnyStackIsLookedUp(List<String> args, String message, String usage)
            throws IOException {
        assertThat(runInStateDir(args.toArray(String[]::new))).as(errors()).isEqualTo(2);
        assertThat(errors()).contains(message).contains(usage);
        assertThat(output()).isEmpty();
        assertTheStateDirectoryIsUntouched();
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(errors()).startsWith("aegis: which command?").contains("usage: aegis <command> [options]");
        assertThat(output()).isEmpty();
    }

    @Test
    void withGoodArgumentsTheCommandReadsTheStateDirectoryAndFailsWith1() {
        assertThat(runInStateDir("incidents", "--json")).isEqualTo(1);
        assertThat(errors()).startsWith("aegis incidents: ").doesNotContain("usage:");
        assertThat(output()).isEmpty();
    }
}
