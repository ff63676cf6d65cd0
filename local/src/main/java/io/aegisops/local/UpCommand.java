package io.aegisops.local;

import io.aegisops.local.client.ConnectionInfo;
import io.aegisops.local.notify.NotificationInbox;
import io.aegisops.local.stack.EmbeddedStack;
import io.aegisops.local.stack.ServicePlacement;
import io.aegisops.local.stack.StackOptions;
import io.aegisops.local.stack.StackSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code aegis up}: starts the stack, says what runs where and how to use it, runs until Ctrl-C. */
@Command(name = "up", description = "start the embedded stack and keep it running until Ctrl-C")
final class UpCommand implements Callable<Integer> {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    /** What ingest requires of a webhook token (AEGIS_WEBHOOK_TOKENS). */
    private static final int MIN_TOKEN_LENGTH = 16;

    @Mixin
    CommonOptions common;

    @Mixin
    StackCommandOptions stackOptions;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "keep the incidents, the runbook and the credentials in DIR across restarts")
    Path dataDir;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "the alert senders' bearer token (at least 16 characters), instead of a new one at every"
                    + " start: what an Alertmanager receiver's http_config.authorization presents")
    String token;

    @Option(
            names = "--no-self-alerts",
            description = "the service raises no alerts of its own: detection is left to your monitoring"
                    + " (Prometheus and Alertmanager, Grafana)")
    boolean noSelfAlerts;

    @Spec
    CommandSpec spec;

    private final PrintStream out;
    private final Map<String, String> env;
    private final Consumer<Path> startingStack;

    /** @see AegisLocal#run(String[], PrintStream, PrintStream, Map, Consumer) */
    UpCommand(PrintStream out, Map<String, String> env, Consumer<Path> startingStack) {
        this.out = out;
        this.env = env;
        this.startingStack = startingStack;
    }

    @Override
    public Integer call() {
        return stackOptions.runClaimed(options(env), startingStack, this::run);
    }

    /** The stack's options, {@code --token} and {@code --no-self-alerts} on top of {@code --set}. */
    StackOptions options(Map<String, String> environment) {
        return stackOptions.options(common, dataDir, environment, true).withOverrides(monitoringOverrides());
    }

    /** {@code --token} and {@code --no-self-alerts} as settings; a bad token is a usage error. */
    private Map<String, String> monitoringOverrides() {
        Map<String, String> overrides = new HashMap<>();
        if (token != null) {
            if (token.length() < MIN_TOKEN_LENGTH || !token.matches("[\\x21-\\x7e&&[^,]]+")) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--token needs at least " + MIN_TOKEN_LENGTH
                                + " printable characters, without spaces or commas");
            }
            overrides.put(StackSettings.WEBHOOK_TOKENS, token);
            overrides.put(StackSettings.APP_WEBHOOK_TOKEN, token);
        }
        if (noSelfAlerts) {
            overrides.put(StackSettings.APP_WEBHOOK_URL, "");
        }
        return overrides;
    }

    private int run(StackOptions options) {
        long started = System.nanoTime();
        out.println("starting the AegisOps embedded stack...");
        EmbeddedStack stack = EmbeddedStack.start(options);
        ConnectionInfo info = stack.connectionInfo();
        info.write(options.stateDir());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            out.println("\nstopping: edge agent, service, Step Functions, the DynamoDB and SQS engines...");
            info.remove(options.stateDir());
            stack.close();
            out.println("stopped.");
            stopped.countDown();
        }));
        printBanner(stack, options, (System.nanoTime() - started) / 1_000_000);
        stack.onNotification(this::printNotification);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private void printBanner(EmbeddedStack stack, StackOptions options, long startMillis) {
        StackSettings s = stack.settings();
        ServicePlacement service = stack.service();
        String edge = stack.endpoint().toString();
        Path logs = options.stateDir().resolve("logs");
        out.printf(
                Locale.ROOT,
                "%nAegisOps is up (%.1f s). Everything below runs on this machine; no AWS account is used.%n%n",
                startMillis / 1000.0);
        row("edge port", edge + "   REST API, DynamoDB, Step Functions and SQS APIs (AWS_ENDPOINT_URL=" + edge + ")");
        row("console", stack.consoleUrl() + "   the operator console; sign in with the approver token below");
        row(
                "DynamoDB",
                "the DynamoDB engine, "
                        + (options.dataDir() == null
                                ? "in memory (--data-dir DIR keeps it)"
                                : "files in " + options.dataDir()));
        row(
                "Step Functions",
                "local engine running " + EmbeddedStack.STATE_MACHINE_NAME + " (" + stack.stateMachineArn() + ")");
        row(
                "SQS",
                "the SQS engine, in memory: standard queues, long polling (aws sqs ... --endpoint-url " + edge + ")");
        row("functions", "ingest, evidence, diagnose, approval, remediate, verify, learn, notify: in this process");
        row(
                "edge agent",
                "own process, pid " + stack.agent().pid() + ", host " + s.hostId() + ", log "
                        + stack.agent().logFile());
        row("service", s.service() + " at " + s.appUrl() + ": " + service.describe());
        if (service instanceof ServicePlacement.SupervisedProcess) {
            row("", "(not a container: " + service.reason() + ")");
        }
        row(
                "model",
                s.modelConfigured()
                        ? s.get("OPENAI_MODEL") + " at " + s.values().getOrDefault("OPENAI_BASE_URL", "api.openai.com")
                        : "none: runbook, then rules (set OPENAI_MODEL, OPENAI_BASE_URL, OPENAI_API_KEY to ask one)");
        row("notifications", "Slack messages land at " + edge + "/_aegis/slack and are printed below");
        row("logs", logs.resolve("stack.log") + " (one JSON object per line)");
        if (!stack.strandedIncidents().isEmpty()) {
            row(
                    "note",
                    stack.strandedIncidents().size() + " incident(s) open when the stack last stopped were escalated");
        }
        out.println();
        out.println("Send an alert (webhook " + edge + "/alerts):");
        out.println("  Authorization: Bearer " + s.webhookToken());
        out.println("  or sign it: X-Aegis-Signature: t=<unix>,v1=<hex HMAC-SHA256 of t.body> with secret "
                + s.hmacSecret());
        out.println("  curl -sS " + edge + "/alerts -H 'Authorization: Bearer " + s.webhookToken()
                + "' -H 'Content-Type: application/json' \\");
        out.println("       -d '{\"alert_type\":\"HighMemoryUsage\",\"severity\":\"HIGH\",\"service\":\"" + s.service()
                + "\",\"container_name\":\"" + s.service()
                + "\",\"summary\":\"heap above 85%\",\"timestamp\":\"'$(date -u +%FT%TZ)'\"}'");
        out.println("  ./aegis alert --type HighMemoryUsage --service " + s.service());
        if (s.selfAlerts()) {
            out.println("Or make the service fail for real, and let it raise the alert itself:");
        } else {
            out.println("Or make the service fail for real; it raises no alert of its own (--no-self-alerts), so your"
                    + " Prometheus must:");
        }
        out.println("  curl -X POST '" + s.appUrl()
                + "/faults/memory?mbPerSecond=16&holdSeconds=86400'   (also: cpu, latency, errors, crash)");
        printMonitoring(stack, s, options);
        out.println("Then:");
        out.println(
                "  ./aegis incidents · ./aegis incident ID · ./aegis trace ID · ./aegis approve ID · ./aegis reject ID");
        out.println("  approver " + s.approver() + ", token " + s.approverToken()
                + " (GET /incidents, POST /incidents/ID/approval)");
        out.println(
                "The CLI reads " + options.stateDir().resolve(ConnectionInfo.FILE_NAME) + ". Ctrl-C stops everything.");
        out.println();
    }

    /** The scrape job and the receiver to paste, and what makes them keep working (docs/integrations.md). */
    private void printMonitoring(EmbeddedStack stack, StackSettings s, StackOptions options) {
        out.println("Prometheus and Alertmanager (docs/integrations.md): scrape the service (prometheus.yml,"
                + " scrape_configs:)");
        out.print(MonitoringSnippets.scrapeJob(s).indent(2));
        out.println("and send alerts here (alertmanager.yml, receivers:; route to it with the shipped route):");
        out.print(MonitoringSnippets.receiver(stack.endpoint(), s).indent(2));
        if (token == null && options.dataDir() == null) {
            out.println("  This token is new at every start: pin it with --token TOKEN (or keep it with --data-dir).");
        }
        if (s.selfAlerts()) {
            out.println("  The service also alerts by itself, before a Prometheus rule's for: runs out;"
                    + " --no-self-alerts leaves that to Prometheus.");
        }
        out.println("  Alerts that match no target are escalated and listed by ./aegis unmatched.");
    }

    private void row(String name, String value) {
        out.printf(Locale.ROOT, "  %-15s %s%n", name, value);
    }

    private void printNotification(NotificationInbox.Notification n) {
        String text = n.body().path("text").asText("(no text)");
        String incident = n.body()
                .at("/blocks/1/fields/0/text")
                .asText("")
                .replace("*Incident*\n", "")
                .replace("`", "");
        out.printf(
                Locale.ROOT,
                "%s  slack  %s  %s%n",
                LocalTime.ofInstant(n.receivedAt(), ZoneId.systemDefault()).format(CLOCK),
                text,
                incident);
    }
}
