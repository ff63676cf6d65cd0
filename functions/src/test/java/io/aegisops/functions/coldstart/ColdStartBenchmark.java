package io.aegisops.functions.coldstart;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.tables.DynamoTables;
import io.aegisops.dynamodb.DynamoDbServer;
import io.aegisops.functions.ingest.Credentials;
import io.aegisops.functions.ingest.IngestSettings;
import io.aegisops.functions.pipeline.Events;
import io.aegisops.functions.pipeline.Fixtures;
import io.aegisops.functions.pipeline.Stores;
import io.aegisops.testsupport.FakeOpenAiServer;
import io.aegisops.testsupport.LocalAws;
import io.aegisops.testsupport.RecordingStepFunctionsServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Cold start of each handler: a fresh JVM per run (as a new Lambda execution environment), the handler
 * built by its no-argument constructor from the environment, then invoked twice with a real payload against
 * the DynamoDB engine (and a local model server for Diagnose with a model, the recording Step Functions server for
 * Ingest's StartExecution). Each handler runs unprimed, and primed:
 * SnapStart's hooks run between construction and the first call ({@link ColdStartProbe}), as in a restored snapshot.
 * Prints median figures per handler against two references run the same way: the floor ({@link DynamoFloorHandler}:
 * a DynamoDB client and one GetItem) and the floor plus the least Jackson a handler uses ({@link JacksonFloorHandler}),
 * then the goal (a restored handler's first call at most 1.15x the floor's first call) and the sizes of the
 * Lambda jars.
 *
 * <p>Run (it measures the shaded jars as Lambda loads them, and the test phase comes before package, so package
 * first): {@code ./mvnw -B -pl functions -am package -DskipTests -Plambda-llm}, then {@code ./mvnw -B -pl functions
 * -am verify -Plambda-llm -Dtest=ColdStartBenchmark -Dsurefire.failIfNoSpecifiedTests=false}. Not part of the default
 * run. {@code -Dcoldstart.rounds=N} (5), {@code -Dcoldstart.only=Notify,Learn} (the references always run),
 * {@code -Dcoldstart.jvmArgs="..."} adds options to every measured JVM, {@code {main}} in them standing for the
 * handler's simple name (e.g. {@code -XX:StartFlightRecording=filename=/tmp/{main}-%p.jfr}), and
 * {@code -Dcoldstart.probeJar=FILE} puts the probe's classes from a jar instead of target/test-classes (a CDS archive
 * takes jars only).
 */
@Tag("benchmark")
class ColdStartBenchmark {

    static final int ROUNDS = Integer.getInteger("coldstart.rounds", 5);
    static final String STATE_MACHINE = "arn:aws:states:us-east-1:000000000000:stateMachine:aegis-pipeline";
    static final String WEBHOOK_TOKEN = "coldstart-webhook-token-0001";
    /** Names of the handlers to run ({@code -Dcoldstart.only=Notify,Learn}); the references always run. */
    static final List<String> ONLY = listProperty("coldstart.only", ",");
    /** Extra options for every measured JVM, space-separated; {@code {main}} stands for the handler's simple name. */
    static final List<String> JVM_ARGS = listProperty("coldstart.jvmArgs", " ");

    /** The system property {@code name} split at {@code separator}, blanks dropped; empty when unset. */
    static List<String> listProperty(String name, String separator) {
        return Arrays.stream(System.getProperty(name, "").split(separator))
                .filter(part -> !part.isBlank())
                .toList();
    }

    static final Pattern LINE =
            Pattern.compile("COLDSTART jvm=(\\d+) init=(\\d+) prime=(\\d+) first=(\\d+) second=(\\d+)");
    /** The simulated CRaC of the tests, through which {@code org.crac.Core} runs the hooks on any JDK. */
    static final String SIMULATED_CRAC = "-Dorg.crac.Core.Compat=io.aegisops.functions.snapshot.simulated";

    record Case(String name, String handler, boolean needsModelJar, Function<String, String> payload) {}

    record Figures(long jvm, long init, long prime, long first, long second) {
        /** Everything before the first answer, in one JVM. */
        long coldTotal() {
            return jvm + init + prime + first;
        }
    }

    @Test
    void printColdStartFigures() throws Exception {
        main(new String[0]);
    }

    public static void main(String[] args) throws Exception {
        try (DynamoDbServer dynamoServer = DynamoDbServer.startInMemory();
                RecordingStepFunctionsServer stepFunctions = RecordingStepFunctionsServer.start();
                FakeOpenAiServer model = new FakeOpenAiServer(
                        request -> FakeOpenAiServer.Reply.content(FakeOpenAiServer.RESTART_DIAGNOSIS))) {
            String prefix = "bench-";
            var client = LocalAws.dynamo(dynamoServer.endpoint());
            DynamoTables.createAll(client, prefix);
            Stores stores = Stores.over(client, prefix);

            Map<String, String> env = new HashMap<>();
            env.put("AWS_ENDPOINT_URL", dynamoServer.endpoint().toString());
            env.put("AWS_REGION", "us-east-1");
            env.put("AWS_ACCESS_KEY_ID", "local");
            env.put("AWS_SECRET_ACCESS_KEY", "local");
            env.put("AEGIS_TABLE_PREFIX", prefix);
            env.put("AWS_ENDPOINT_URL_SFN", stepFunctions.endpoint().toString());
            env.put(IngestSettings.STATE_MACHINE_ARN, STATE_MACHINE);
            env.put(Credentials.WEBHOOK_TOKENS, WEBHOOK_TOKEN);
            env.put("AEGIS_RESTART_COOLDOWN_SECONDS", "0");
            env.put("AEGIS_TARGETS", """
                    {"targets": [{"service": "buggy-app", "hostId": "edge-1", "container": "buggy-app",
                      "healthUrl": "http://127.0.0.1:8080/health", "allowedActions": ["RESTART"],
                      "restartBudget": {"max": 1000, "windowMinutes": 30}}]}""");

            List<Case> cases = List.of(
                    new Case(
                            "floor (GetItem)",
                            DynamoFloorHandler.class.getName(),
                            false,
                            id -> "{\"incidentId\": \"" + id + "\"}"),
                    new Case(
                            "trivial", TrivialHandler.class.getName(), false, id -> "{\"incidentId\": \"" + id + "\"}"),
                    new Case("floor + Jackson", JacksonFloorHandler.class.getName(), false, id -> Events.diagnose(id)),
                    new Case(
                            "CollectEvidence",
                            "io.aegisops.functions.evidence.CollectEvidenceHandler",
                            false,
                            id -> Events.load("collect-evidence.json", Map.of("incidentId", id))),
                    new Case(
                            "Diagnose (rules)",
                            "io.aegisops.functions.diagnose.DiagnoseHandler",
                            false,
                            id -> Events.diagnose(id)),
                    new Case(
                            "Diagnose (model)",
                            "io.aegisops.functions.diagnose.DiagnoseHandler",
                            true,
                            id -> Events.diagnose(id)),
                    new Case(
                            "RequestApproval",
                            "io.aegisops.functions.approval.RequestApprovalHandler",
                            false,
                            id -> Events.load("request-approval.json", Map.of("incidentId", id))),
                    new Case(
                            "Remediate",
                            "io.aegisops.functions.remediate.RemediateHandler",
                            false,
                            id -> Events.load(
                                    "remediate.json",
                                    Map.of(
                                            "incidentId",
                                            id,
                                            "service",
                                            "buggy-app",
                                            "action",
                                            "RESTART",
                                            "mode",
                                            "AUTO"))),
                    new Case(
                            "Verify",
                            "io.aegisops.functions.verify.VerifyHandler",
                            false,
                            id -> Events.load("verify.json", Map.of("incidentId", id, "attempt", "1"))),
                    new Case(
                            "Learn",
                            "io.aegisops.functions.learn.LearnHandler",
                            false,
                            id -> Events.load("learn-resolved.json", Map.of("incidentId", id))),
                    new Case(
                            "Notify",
                            "io.aegisops.functions.notify.NotifyHandler",
                            false,
                            id -> Events.load("notify.json", Map.of("event", "RESOLVED", "incidentId", id))),
                    new Case(
                            "Ingest (new alert)",
                            "io.aegisops.functions.ingest.IngestHandler",
                            false,
                            ColdStartBenchmark::newAlertEvent));

            Classpaths classpaths = Classpaths.find();
            System.out.println("classpath: " + classpaths.describe());
            System.out.printf(
                    "%-18s %6s %6s %6s %6s %6s %7s %7s | %6s %6s %6s %6s %7s %7s%n",
                    "handler", "jvm", "init", "first", "second", "cold", "÷floor", "÷+Jacks", "init", "prime", "first",
                    "cold", "÷floor", "first÷");
            Figures floor = null;
            Figures withJackson = null;
            List<Double> restored = new ArrayList<>();
            List<Double> oneJvm = new ArrayList<>();
            List<Double> overJackson = new ArrayList<>();
            for (Case c : cases) {
                boolean reference = c.handler().startsWith(ColdStartBenchmark.class.getPackageName());
                if (!reference && !ONLY.isEmpty() && ONLY.stream().noneMatch(c.name()::startsWith)) {
                    continue;
                }
                int startedBefore = stepFunctions.startCalls().size();
                Figures unprimed = measure(c, false, classpaths, stores, env, model);
                Figures primed = measure(c, true, classpaths, stores, env, model);
                if (c.handler().endsWith("IngestHandler")
                        && stepFunctions.startCalls().size() - startedBefore != 2 * (ROUNDS + 1)) {
                    // ingest answers a refusal as a response, not an exception: check each first call opened one
                    throw new IllegalStateException("Ingest did not start one execution per fresh JVM: "
                            + stepFunctions
                                    .startCalls()
                                    .subList(
                                            startedBefore,
                                            stepFunctions.startCalls().size()));
                }
                if (c.handler().equals(DynamoFloorHandler.class.getName())) {
                    floor = unprimed;
                } else if (c.handler().equals(JacksonFloorHandler.class.getName())) {
                    withJackson = unprimed;
                }
                double cold = unprimed.coldTotal() / (double) floor.coldTotal();
                double jackson =
                        withJackson == null ? Double.NaN : unprimed.coldTotal() / (double) withJackson.coldTotal();
                double primedCold = primed.coldTotal() / (double) floor.coldTotal();
                double first = primed.first() / (double) floor.first();
                if (!reference) {
                    restored.add(first);
                    oneJvm.add(cold);
                    overJackson.add(jackson);
                }
                System.out.printf(
                        "%-18s %6d %6d %6d %6d %6d %7.2f %7.2f | %6d %6d %6d %6d %7.2f %7.2f%n",
                        c.name(),
                        unprimed.jvm(),
                        unprimed.init(),
                        unprimed.first(),
                        unprimed.second(),
                        unprimed.coldTotal(),
                        cold,
                        jackson,
                        primed.init(),
                        primed.prime(),
                        primed.first(),
                        primed.coldTotal(),
                        primedCold,
                        first);
            }
            System.out.println("(ms, median of " + ROUNDS + " fresh JVMs; left unprimed, right primed;"
                    + " cold = jvm + init + prime + first, all before the first answer in one JVM; ÷floor = cold /"
                    + " the floor's; ÷+Jacks = cold / floor + Jackson's; first÷ = the primed first call / the floor's"
                    + " first call. Under SnapStart init and prime are paid once per published version, in the"
                    + " snapshot: a restored instance pays the restore, then the primed first call)");
            System.out.printf(
                    "SnapStart, the primed first call ÷ the floor's first call: %s (issue 17: ≤ 1.15x)%n",
                    range(restored));
            System.out.printf(
                    "without SnapStart, one JVM, everything before the first answer ÷ the floor's: %s;"
                            + " ÷ floor + Jackson's: %s%n",
                    range(oneJvm), range(overJackson));
            classpaths.printJarSizes();
            client.close();
        }
    }

    /**
     * A webhook alert POSTed through API Gateway: of a type of its own per round, so that it opens a new incident
     * (a transaction and a StartExecution) rather than joining the open one of an earlier round.
     */
    static String newAlertEvent(String id) {
        ObjectNode alert = Json.mapper()
                .createObjectNode()
                .put("incident_id", id + "-alert")
                .put("container_name", "buggy-app")
                .put("alert_type", "ColdStart-" + id)
                .put("severity", "critical")
                .put("timestamp", "2026-11-21T03:12:45Z");
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("resource", "/{proxy+}");
        event.put("path", "/alerts");
        event.put("httpMethod", "POST");
        event.set(
                "headers",
                Json.mapper()
                        .createObjectNode()
                        .put("authorization", "Bearer " + WEBHOOK_TOKEN)
                        .put("content-type", "application/json"));
        event.put("body", Json.write(alert));
        event.put("isBase64Encoded", false);
        return Json.write(event);
    }

    static String range(List<Double> ratios) {
        return ratios.isEmpty()
                ? "-"
                : String.format(
                        "%.2f-%.2fx",
                        ratios.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                        ratios.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
    }

    /** The median figures of {@code c} over {@link #ROUNDS} fresh JVMs, after one uncounted round. */
    static Figures measure(
            Case c,
            boolean primed,
            Classpaths classpaths,
            Stores stores,
            Map<String, String> env,
            FakeOpenAiServer model)
            throws Exception {
        List<Figures> runs = new ArrayList<>();
        for (int round = 0; round <= ROUNDS; round++) { // round 0 warms the file cache and is not counted
            String id = Fixtures.newIncidentId();
            stores.incidents().create(Fixtures.received(id));
            Path payload = Files.createTempFile("coldstart", ".json");
            Files.writeString(payload, c.payload().apply(id));
            Map<String, String> caseEnv = new HashMap<>(env);
            if (c.needsModelJar()) {
                caseEnv.put("OPENAI_BASE_URL", model.baseUrl());
                caseEnv.put("OPENAI_API_KEY", "sk-bench");
                caseEnv.put("OPENAI_MODEL", "bench-model");
            }
            Figures figures = run(classpaths.forCase(c.needsModelJar()), c.handler(), payload, caseEnv, primed);
            if (round > 0) {
                runs.add(figures);
            }
            Files.delete(payload);
        }
        return median(runs);
    }

    static Figures run(String classpath, String handler, Path payload, Map<String, String> env, boolean primed)
            throws Exception {
        String output = runLikeLambda(
                classpath,
                primed ? List.of(SIMULATED_CRAC) : List.of(),
                env,
                ColdStartProbe.class.getName(),
                handler,
                payload.toString(),
                primed ? ColdStartProbe.PRIMED : "unprimed");
        Matcher m = LINE.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException(handler + " printed no figures:\n" + output);
        }
        return new Figures(
                Long.parseLong(m.group(1)),
                Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)),
                Long.parseLong(m.group(4)),
                Long.parseLong(m.group(5)));
    }

    /**
     * Runs {@code mainClass} in a fresh JVM started as Lambda's java25 runtime (the CDK app's) starts one (tiered compilation
     * stopped at C1, the serial GC), with {@code properties} ({@code -Dname=value}) and {@code env}; its output.
     */
    static String runLikeLambda(
            String classpath, List<String> properties, Map<String, String> env, String mainClass, String... args)
            throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(
                java.toString(),
                "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xshare:auto"));
        for (String arg : JVM_ARGS) {
            command.add(arg.replace("{main}", args[0].substring(args[0].lastIndexOf('.') + 1)));
        }
        command.addAll(properties);
        command.addAll(List.of("-cp", classpath, mainClass));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(mainClass + " " + String.join(" ", args) + " failed:\n" + output);
        }
        return output;
    }

    static Figures median(List<Figures> runs) {
        return new Figures(
                median(runs, Figures::jvm),
                median(runs, Figures::init),
                median(runs, Figures::prime),
                median(runs, Figures::first),
                median(runs, Figures::second));
    }

    static long median(List<Figures> runs, java.util.function.ToLongFunction<Figures> field) {
        long[] values = runs.stream().mapToLong(field).sorted().toArray();
        return values[values.length / 2];
    }

    /**
     * The shaded Lambda jars when the package phase built them (plus the test classes for the probe), else
     * the test class path.
     */
    record Classpaths(Path slimJar, Path modelJar, String testClasspath) {
        static Classpaths find() throws Exception {
            Path target = Path.of("target").toAbsolutePath();
            Path slim = null;
            Path withModel = null;
            if (Files.isDirectory(target)) {
                try (var files = Files.list(target)) {
                    for (Path p : files.toList()) {
                        String name = p.getFileName().toString();
                        if (name.endsWith("-lambda.jar")) {
                            slim = p;
                        } else if (name.endsWith("-lambda-llm.jar")) {
                            withModel = p;
                        }
                    }
                }
            }
            return new Classpaths(slim, withModel, System.getProperty("java.class.path"));
        }

        String forCase(boolean needsModel) {
            Path jar = needsModel ? modelJar : slimJar;
            if (jar == null) {
                return testClasspath;
            }
            // the probe and the trivial handler come from the test classes; their other dependencies are in the jar
            String probe = System.getProperty("coldstart.probeJar");
            return jar
                    + File.pathSeparator
                    + (probe != null ? probe : Path.of("target", "test-classes").toAbsolutePath());
        }

        String describe() {
            return slimJar == null
                    ? "test class path (run package first to measure the shaded jars)"
                    : slimJar + " / " + modelJar;
        }

        void printJarSizes() throws Exception {
            if (slimJar == null) {
                System.out.println("jar sizes: run package first to print them");
                return;
            }
            if (modelJar == null) {
                System.out.println("aegis-functions-lambda-llm.jar: not built (add -Plambda-llm)");
            }
            for (Path jar : modelJar == null ? List.of(slimJar) : List.of(slimJar, modelJar)) {
                long unzipped = 0;
                try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
                    for (var entries = zip.entries(); entries.hasMoreElements(); ) {
                        unzipped += Math.max(0, entries.nextElement().getSize());
                    }
                }
                System.out.printf(
                        "%s: %.1f MB (%.1f MB unzipped)%n", jar.getFileName(), Files.size(jar) / 1e6, unzipped / 1e6);
            }
        }
    }
}
