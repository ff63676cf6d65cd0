package io.aegisops.local;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code aegis-local}: the command line of the embedded stack (run through {@code ./aegis}), on picocli.
 * Exit codes: 0 done; 1 the command failed (no stack, an answer that is not a success, an outcome of the demo
 * that differs); 2 a usage error (reported before any stack is looked up) or a stack that may not start.
 */
public final class AegisLocal {

    static final int DEFAULT_SERVICE_PORT = 8081;

    static final int FAILED = 1;
    static final int USAGE = CommandLine.ExitCode.USAGE;

    /** Columns of the help texts (picocli's default). */
    private static final int WIDTH = 80;

    private AegisLocal() {}

    public static void main(String[] args) {
        PrintStream console = System.out;
        // Log lines (the handlers' and the libraries', one JSON object each) are written to System.out: to stderr
        // until a stack sends them to its stack.log. The command's own output goes to the console, so that --json
        // prints nothing else.
        System.setOut(System.err);
        int exit = run(args, console, System.err, System.getenv(), AegisLocal::redirectLogs);
        console.flush();
        System.exit(exit);
    }

    /** Runs one command and returns the process exit code. {@code env} is read for the model pass-through only. */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return run(args, out, err, env, stateDir -> {});
    }

    /**
     * @param startingStack called with the state directory once {@code up} or {@code demo} may start a stack
     *                      there (the other stack's logs stay untouched when it may not)
     */
    static int run(
            String[] args, PrintStream out, PrintStream err, Map<String, String> env, Consumer<Path> startingStack) {
        // the commands print what alerts carry: through a filter that keeps it from driving the terminal
        PrintStream safeOut = new PrintStream(new TerminalSafeOutput(out, out.charset()), true, out.charset());
        CommandLine cli = commandLine(safeOut, env, startingStack);
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, out.charset()), true);
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, err.charset()), true);
        cli.setOut(outWriter);
        cli.setErr(errWriter);
        try {
            return cli.execute(args);
        } finally {
            safeOut.flush();
            outWriter.flush();
            errWriter.flush();
        }
    }

    /** The command tree; the commands write to {@code out}. */
    static CommandLine commandLine(PrintStream out, Map<String, String> env, Consumer<Path> startingStack) {
        CommandLine cli = new CommandLine(new Aegis())
                .addSubcommand(new DemoCommand(out, env, startingStack))
                .addSubcommand(new UpCommand(out, env, startingStack));
        CliCommands.all(out).forEach(cli::addSubcommand);
        cli.addSubcommand(new CommandLine.HelpCommand());
        // as the hand-written parser did: the last of a repeated option counts, @ starts no argument file
        cli.setOverwrittenOptionsAllowed(true);
        cli.setExpandAtFiles(false);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler(AegisLocal::usageError);
        cli.setExecutionExceptionHandler(AegisLocal::failure);
        cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, AegisLocal::commandList);
        cli.getSubcommands()
                .get("help")
                .getCommandSpec()
                .usageMessage()
                .header(new String[0])
                .description("show the help of a command, e.g. aegis help approve");
        Stream.concat(Stream.of(cli), cli.getSubcommands().values().stream())
                .forEach(command -> command.getCommandSpec()
                        .usageMessage()
                        .synopsisHeading("usage: ")
                        .descriptionHeading("%n")
                        .parameterListHeading("%narguments:%n")
                        .optionListHeading("%noptions:%n"));
        return cli;
    }

    /** {@code aegis} itself: a command is needed. */
    @Command(
            name = "aegis",
            versionProvider = Version.class,
            customSynopsis = "aegis <command> [options]",
            description =
                    "The AegisOps embedded stack on this machine: the demo, the stack, and the commands that follow its incidents.",
            commandListHeading = "%ncommands:%n",
            footer = {
                "%nEvery command takes -h/--help (its options) and --state-dir DIR (where the logs and local.json live;"
                        + " default: .aegis in the checkout).",
                "A model is used when OPENAI_MODEL (and OPENAI_BASE_URL, OPENAI_API_KEY) are set in the environment."
            })
    static final class Aegis implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "show this help and exit")
        boolean help;

        @Option(
                names = {"-V", "--version"},
                versionHelp = true,
                description = "print the version and exit")
        boolean version;

        @Override
        public Integer call() {
            throw new ParameterException(spec.commandLine(), "which command?");
        }
    }

    /** {@code --version}: the project's version, which Maven writes into {@code version.properties}. */
    static final class Version implements IVersionProvider {

        static final String DEVELOPMENT = "development";

        @Override
        public String[] getVersion() {
            return new String[] {"aegis " + of()};
        }

        /** The project's version, or {@code development} when the resource was not built by Maven. */
        static String of() {
            try (InputStream in = AegisLocal.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    Properties properties = new Properties();
                    properties.load(in);
                    String version = properties.getProperty("version", "").trim();
                    if (!version.isEmpty() && !version.startsWith("${")) {
                        return version;
                    }
                }
            } catch (IOException e) {
                // no version to tell
            }
            return DEVELOPMENT;
        }
    }

    /** The top-level command list: each command with its arguments and options, then what it does. */
    private static String commandList(Help help) {
        StringBuilder list = new StringBuilder();
        help.subcommands().values().forEach(sub -> {
            UsageMessageSpec usage = sub.commandSpec().usageMessage();
            String[] what = usage.header().length > 0 ? usage.header() : usage.description();
            wrap(list, brief(sub.commandSpec()), "  ", "    ");
            wrap(list, List.of((what.length == 0 ? "" : what[0]).split(" ")), "        ", "        ");
        });
        return list.toString();
    }

    /** Appends the words wrapped within {@link #WIDTH} columns, the first line indented by {@code first}. */
    private static void wrap(StringBuilder out, List<String> words, String first, String next) {
        StringBuilder line = new StringBuilder(first);
        boolean empty = true;
        for (String word : words) {
            if (!empty && line.length() + 1 + word.length() > WIDTH) {
                out.append(line).append('\n');
                line = new StringBuilder(next);
                empty = true;
            }
            line.append(empty ? "" : " ").append(word);
            empty = false;
        }
        out.append(line).append('\n');
    }

    /** {@code approve ID [--comment TEXT]}: the command's arguments and options but help and {@code --state-dir}. */
    private static List<String> brief(CommandSpec spec) {
        List<String> words = new ArrayList<>();
        words.add(spec.name());
        spec.positionalParameters()
                .forEach(p -> words.add(p.arity().min() == 0 ? "[" + p.paramLabel() + "]" : p.paramLabel()));
        for (OptionSpec option : spec.options()) {
            if (!option.usageHelp()
                    && !option.versionHelp()
                    && !option.hidden()
                    && !option.longestName().equals(CommonOptions.STATE_DIR)) {
                words.add("[" + option.longestName() + (option.typeInfo().isBoolean() ? "" : " " + option.paramLabel())
                        + "]");
            }
        }
        return words;
    }

    /** A usage error: the message and the command's usage on stderr, exit code 2. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        boolean unknownCommand = e instanceof UnmatchedArgumentException unmatched
                && cli.getParent() == null
                && !unmatched.getUnmatched().isEmpty()
                && !unmatched.getUnmatched().getFirst().startsWith("-");
        String name = cli.getCommandSpec().qualifiedName();
        err.println(name + ": "
                + (unknownCommand
                        ? "unknown command: "
                                + ((UnmatchedArgumentException) e)
                                        .getUnmatched()
                                        .getFirst()
                        : e.getMessage()));
        UnmatchedArgumentException.printSuggestions(e, err);
        err.print(cli.getUsageMessage());
        return USAGE;
    }

    /** A command that failed: exit code 2 when another stack owns the state directory, else 1, with the reason. */
    private static int failure(Exception e, CommandLine cli, ParseResult parsed) {
        if (e instanceof RunningStack.AlreadyRunningException) {
            cli.getErr().println(e.getMessage());
            return USAGE;
        }
        cli.getErr().println(cli.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        return FAILED;
    }

    /** Whether nothing listens on the loopback port. */
    public static boolean portIsFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.isBound();
        } catch (IOException e) {
            return false;
        }
    }

    private static void redirectLogs(Path stateDir) {
        try {
            Path logs = Files.createDirectories(stateDir.resolve("logs"));
            PrintStream log = new PrintStream(
                    new FileOutputStream(logs.resolve("stack.log").toFile(), false), true, StandardCharsets.UTF_8);
            System.setOut(log);
            System.setErr(log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write logs under " + stateDir, e);
        }
    }
}
