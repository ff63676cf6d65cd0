package io.aegisops.local;

import io.aegisops.local.stack.StackOptions;
import io.aegisops.local.stack.StackSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options of the commands that start a stack, {@code up} and {@code demo} (a picocli mixin). */
public final class StackCommandOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(
            names = "--runtime",
            paramLabel = "auto|docker|process",
            description =
                    "how the service runs (default: auto, a container when a Docker engine and the local base image are there)")
    String runtime = "auto";

    @Option(
            names = "--port",
            paramLabel = "N",
            description = "the edge port (default: ${DEFAULT-VALUE}; 0: any free port)")
    int port = StackOptions.DEFAULT_PORT;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "override a setting (timeouts, thresholds; see docs/architecture.md); repeatable")
    List<String> settings = new ArrayList<>();

    /**
     * The stack's options. Usage errors are thrown before anything is read or touched; only then is the state
     * directory resolved.
     *
     * @param env            read for the model pass-through only ({@link StackSettings#MODEL_VARIABLES})
     * @param pinServicePort {@code up}: the service on {@link AegisLocal#DEFAULT_SERVICE_PORT} when that port is free
     */
    public StackOptions options(CommonOptions common, Path dataDir, Map<String, String> env, boolean pinServicePort) {
        StackOptions.AppRuntime appRuntime;
        try {
            appRuntime = StackOptions.AppRuntime.valueOf(runtime.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "--runtime must be auto, docker or process");
        }
        Map<String, String> overrides = new HashMap<>();
        StackSettings.MODEL_VARIABLES.forEach(name -> {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                overrides.put(name, value);
            }
        });
        for (String set : settings) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw new ParameterException(command.commandLine(), "--set takes KEY=VALUE, got '" + set + "'");
            }
            overrides.put(set.substring(0, eq), set.substring(eq + 1));
        }
        if (pinServicePort
                && !overrides.containsKey(StackSettings.APP_PORT)
                && AegisLocal.portIsFree(AegisLocal.DEFAULT_SERVICE_PORT)) {
            // a stable address for the service's fault switches, as the README shows them
            overrides.put(StackSettings.APP_PORT, Integer.toString(AegisLocal.DEFAULT_SERVICE_PORT));
        }
        return new StackOptions(StackOptions.findHome(), common.stateDir(), port, dataDir, appRuntime, overrides);
    }

    /**
     * Runs {@code stack} holding the state directory ({@link RunningStack#claim}) until it returns; refuses when
     * another stack is starting or running there ({@link RunningStack.AlreadyRunningException}: exit code 2, nothing
     * of it touched). {@code startingStack} gets the directory first (the logs go there).
     */
    @SuppressWarnings("try") // the claim is held while the stack runs, never read
    public int runClaimed(StackOptions options, Consumer<Path> startingStack, ToIntFunction<StackOptions> stack) {
        try (RunningStack.Claim claim = RunningStack.claim(options.stateDir(), command.name())) {
            startingStack.accept(options.stateDir());
            return stack.applyAsInt(options);
        }
    }
}
