package io.aegisops.local;

import io.aegisops.contracts.Incident;
import io.aegisops.local.client.AegisClient;
import io.aegisops.local.client.ConnectionInfo;
import io.aegisops.local.console.ConsoleAssets;
import io.aegisops.local.demo.Demo;
import io.aegisops.local.demo.Story;
import io.aegisops.local.stack.EmbeddedStack;
import io.aegisops.local.stack.ServicePlacement;
import io.aegisops.local.stack.StackOptions;
import io.aegisops.local.stack.StackSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code aegis demo}: starts a fresh embedded stack, plays the stories on the real service (four faults, and a bad
 * release rolled back when the service runs as a container), prints a summary, and exits non-zero if any outcome is
 * not the expected one.
 */
@Command(
        name = "demo",
        description = {
            "start the embedded stack and play the self-healing story (5 incidents; 4 without Docker)",
            "It always starts from an empty stack, and on a free edge port when the one asked for is taken."
        })
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StackCommandOptions stackOptions;

    /** Only to say why not: the demo always starts from an empty stack. */
    @Option(names = "--data-dir", hidden = true)
    Path dataDir;

    private final PrintStream out;
    private final Map<String, String> env;
    private final Consumer<Path> startingStack;

    /**
     * @param env           read for the model pass-through only
     * @param startingStack called with the state directory once the demo may start its stack there
     */
    public DemoCommand(PrintStream out, Map<String, String> env, Consumer<Path> startingStack) {
        this.out = out;
        this.env = env;
        this.startingStack = startingStack;
    }

    @Override
    public Integer call() {
        if (dataDir != null) {
            throw new ParameterException(
                    spec.commandLine(), "--data-dir is for up; the demo always starts from an empty stack");
        }
        return stackOptions.runClaimed(stackOptions.options(common, null, env, false), startingStack, this::run);
    }

    private int run(StackOptions options) {
        if (options.port() != 0 && !AegisLocal.portIsFree(options.port())) {
            out.println("port " + options.port()
                    + " is taken (another stack, or LocalStack?): the demo uses a free port instead");
            options = options.withPort(0);
        }
        out.println("AegisOps demo: incidents on a real service, handled by the real pipeline on this machine.");
        out.println(
                "starting the embedded stack (the DynamoDB engine, Step Functions engine, edge agent, the service)...");
        long started = System.nanoTime();
        try (EmbeddedStack stack = EmbeddedStack.start(options);
                AegisClient client = stack.client()) {
            // the state directory is this stack's while it plays: the CLI can follow it, a second stack is refused
            ConnectionInfo info = stack.connectionInfo();
            info.write(options.stateDir());
            try {
                return play(stack, client, options, (System.nanoTime() - started) / 1_000_000);
            } finally {
                info.remove(options.stateDir());
            }
        }
    }

    private int play(EmbeddedStack stack, AegisClient client, StackOptions options, long startMillis) {
        printStack(stack, startMillis);
        ServicePlacement service = stack.service();
        List<Demo.Result> results = new Demo(client, stack.settings().appUrl(), service::deploy, out)
                .play(Story.all(
                        stack.settings().modelConfigured(),
                        service.runsImages() ? ServicePlacement.Container.BAD_RELEASE_IMAGE : null));
        out.println();
        out.print(summary(results));
        long failed = results.stream().filter(r -> !r.asExpected()).count();
        out.println();
        out.println(
                failed == 0
                        ? "All " + results.size() + " outcomes as expected."
                        : failed + " of " + results.size() + " outcomes were not the expected ones (see above).");
        out.println(
                "Run it yourself: ./aegis up, then break the service (the start-up text shows how) and follow with");
        out.println("./aegis incidents, ./aegis incident ID, ./aegis trace ID, ./aegis approve ID, or in a browser:");
        out.println("the operator console at " + ConsoleAssets.PATH + " on the edge port (./aegis up prints its URL).");
        out.println("Logs of this run: " + options.stateDir().resolve("logs"));
        return failed == 0 ? 0 : 1;
    }

    private void printStack(EmbeddedStack stack, long startMillis) {
        StackSettings s = stack.settings();
        out.printf(
                Locale.ROOT,
                "  up in %.1f s: edge port %s (REST API, DynamoDB, Step Functions), edge agent pid %d%n",
                startMillis / 1000.0,
                stack.endpoint(),
                stack.agent().pid());
        out.println("  console   " + stack.consoleUrl() + " while the demo runs (sign in with approverToken from "
                + ConnectionInfo.FILE_NAME + ")");
        out.println("  service   " + s.service() + " at " + s.appUrl() + ": "
                + stack.service().describe());
        if (stack.service() instanceof ServicePlacement.SupervisedProcess process) {
            out.println("            (not a container: " + process.reason() + ")");
        }
        out.println(
                "  diagnosis "
                        + (s.modelConfigured()
                                ? "runbook, then the model " + s.get("OPENAI_MODEL") + ", then rules"
                                : "runbook, then rules (no model: set OPENAI_MODEL, OPENAI_BASE_URL, OPENAI_API_KEY to ask one)"));
    }

    static String summary(List<Demo.Result> results) {
        StringBuilder table = new StringBuilder(String.format(
                Locale.ROOT,
                "%-2s %-22s %-44s %-8s %-9s %-8s %7s  %s%n",
                "#",
                "story",
                "incident",
                "source",
                "decision",
                "action",
                "MTTR",
                "result"));
        for (int n = 0; n < results.size(); n++) {
            Demo.Result r = results.get(n);
            Incident i = r.incident();
            table.append(String.format(
                    Locale.ROOT,
                    "%-2d %-22s %-44s %-8s %-9s %-8s %7s  %s%n",
                    n + 1,
                    r.story().title(),
                    i == null ? "-" : i.incidentId(),
                    i == null || i.diagnosis() == null ? "-" : i.diagnosis().source(),
                    i == null || i.decision() == null ? "-" : i.decision().mode(),
                    i == null ? "none" : Demo.remedy(i).map(Enum::name).orElse("none"),
                    i == null || i.mttrMs() == null ? "-" : String.format(Locale.ROOT, "%.1f s", i.mttrMs() / 1000.0),
                    (i == null ? "-" : i.status())
                            + (r.asExpected() ? " ✔" : " ✘ " + String.join("; ", r.problems()))));
        }
        return table.toString();
    }
}
