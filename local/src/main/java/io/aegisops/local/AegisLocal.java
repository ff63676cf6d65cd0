package io.aegisops.local;

import io.aegisops.local.stack.StackOptions;
import io.aegisops.local.stack.StackSettings;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** {@code aegis-local}: the command line of the embedded stack (run through {@code ./aegis}). */
public final class AegisLocal {

    static final String USAGE = """
            usage: aegis <command> [options]

              demo                       start the embedded stack and play the self-healing story (4 incidents)
              up                         start the embedded stack and keep it running until Ctrl-C
              alert --file F             send an alert (any supported format) to the running stack
              alert --type T [--service S] [--container C] [--severity SEV] [--summary TEXT]
                                         send a generic alert built from the flags
              incidents [--status S]     list incidents, newest first
              incident ID                one incident: diagnosis, decision, commands, timeline
              approve ID [--comment C]   approve the restart an incident waits for
              reject ID [--comment C]    reject it
              trace ID                   the incident's execution, state by state, with durations
              help                       show this text

            options of demo and up:
              --runtime auto|docker|process   how the demo service runs (auto: a container when Docker works)
              --port N                        the edge port (default 4566; demo: any free port if taken)
              --data-dir DIR                  (up) keep DynamoDB's data in DIR across restarts
              --set KEY=VALUE                 override a setting (timeouts, thresholds; see docs/architecture.md)
            every command: --state-dir DIR   where logs and local.json live (default: .aegis in the checkout)

            A model is used when OPENAI_MODEL (and OPENAI_BASE_URL, OPENAI_API_KEY) are set in the environment.
            """;

    static final int DEFAULT_SERVICE_PORT = 8081;

    static final Set<String> STACK_OPTIONS = Set.of("--runtime", "--port", "--data-dir", "--set", "--state-dir");

    private AegisLocal() {
    }

    public static void main(String[] args) {
        PrintStream console = System.out;
        // The handlers and the engines log one JSON object per line on stdout; the console is for people.
        int exit = run(args, console, System.err, System.getenv(), AegisLocal::redirectLogs);
        console.flush();
        System.exit(exit);
    }

    /** Runs one command and returns the process exit code. {@code env} is read for the model pass-through only. */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return run(args, out, err, env, stateDir -> {
        });
    }

    /**
     * @param startingStack called with the state directory once {@code up} or {@code demo} may start a stack
     *                      there (the other stack's logs stay untouched when it may not)
     */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, Consumer<Path> startingStack) {
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        String command = args[0];
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (command) {
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    yield 0;
                }
                case "up" -> new UpCommand(out).run(claimStateDir(command, stackOptions(rest, env, false), startingStack));
                case "demo" -> new io.aegisops.local.demo.DemoCommand(out).run(claimStateDir(command, stackOptions(rest, env, true), startingStack));
                case "alert", "incidents", "incident", "approve", "reject", "trace" -> new CliCommands(out, stateDir(rest)).run(command, rest);
                default -> throw new Arguments.UsageException("unknown command: " + command);
            };
        } catch (Arguments.UsageException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (RunningStack.AlreadyRunningException e) {
            err.println(e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("aegis " + command + ": " + e.getMessage());
            return 1;
        }
    }

    private static StackOptions claimStateDir(String command, StackOptions options, Consumer<Path> startingStack) {
        RunningStack.refuseIfRunning(options.stateDir(), command);
        startingStack.accept(options.stateDir());
        return options;
    }

    static StackOptions stackOptions(List<String> args, Map<String, String> env, boolean demo) {
        Arguments parsed = Arguments.parse(args, STACK_OPTIONS);
        parsed.noPositionals();
        StackOptions.AppRuntime runtime;
        try {
            runtime = StackOptions.AppRuntime.valueOf(parsed.option("--runtime").orElse("auto").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Arguments.UsageException("--runtime must be auto, docker or process");
        }
        Map<String, String> overrides = new HashMap<>();
        StackSettings.MODEL_VARIABLES.forEach(name -> {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                overrides.put(name, value);
            }
        });
        for (String set : parsed.all("--set")) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw new Arguments.UsageException("--set takes KEY=VALUE, got '" + set + "'");
            }
            overrides.put(set.substring(0, eq), set.substring(eq + 1));
        }
        if (!demo && !overrides.containsKey(StackSettings.APP_PORT) && portIsFree(DEFAULT_SERVICE_PORT)) {
            // a stable address for the service's fault switches, as the README shows them
            overrides.put(StackSettings.APP_PORT, Integer.toString(DEFAULT_SERVICE_PORT));
        }
        Path dataDir = parsed.option("--data-dir").map(Path::of).orElse(null);
        if (demo && dataDir != null) {
            throw new Arguments.UsageException("--data-dir is for up; the demo always starts from an empty stack");
        }
        return new StackOptions(StackOptions.findHome(), stateDir(args), parsed.integer("--port", StackOptions.DEFAULT_PORT),
                dataDir, runtime, overrides);
    }

    /** {@code --state-dir}, else {@code .aegis} in the checkout. */
    static Path stateDir(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--state-dir") && i + 1 < args.size()) {
                return Path.of(args.get(i + 1));
            }
            if (args.get(i).startsWith("--state-dir=")) {
                return Path.of(args.get(i).substring("--state-dir=".length()));
            }
        }
        return StackOptions.findHome().resolve(".aegis");
    }

    /** Whether nothing listens on the loopback port. */
    public static boolean portIsFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void redirectLogs(Path stateDir) {
        try {
            Path logs = Files.createDirectories(stateDir.resolve("logs"));
            PrintStream log = new PrintStream(new FileOutputStream(logs.resolve("stack.log").toFile(), false), true, StandardCharsets.UTF_8);
            System.setOut(log);
            System.setErr(log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write logs under " + stateDir, e);
        }
    }
}
