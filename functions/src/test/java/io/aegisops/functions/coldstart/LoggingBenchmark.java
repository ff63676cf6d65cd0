package io.aegisops.functions.coldstart;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.logging.EventLog;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the one logging path (SLF4J, Logback, {@code LogConfiguration}, {@code JsonLineEncoder}) costs a Lambda
 * function beside the hand-written logger it replaced ({@code pipeline.Log}: a Jackson tree printed on stdout,
 * kept here as the baseline), in the same process: the first line of each (the new one's includes SLF4J finding
 * Logback and Logback configuring itself, paid once per execution environment at init, and under SnapStart once
 * per published version, in the snapshot), and a line once warm. Each round is a fresh JVM with Lambda's flags on
 * the shaded jar; both orders are measured, as the first logger also pays for what the two share; and the same
 * configuration read from XML ({@code logback-benchmark.xml}), which is why it is code. Lines go to a discarding
 * stream: the figures are the loggers', not the terminal's.
 *
 * <p>Run: {@code ./mvnw -B -pl functions -am package -DskipTests}, then
 * {@code ./mvnw -B -pl functions -am test -Dtest=LoggingBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * (it measures the shaded jar when one was built; else the test class path). Not part of the default run.
 */
@Tag("benchmark")
class LoggingBenchmark {

    static final int ROUNDS = Integer.getInteger("logging.rounds", 7);
    static final int WARM_LINES = 20_000;
    static final String XML = "xml-";
    static final Pattern LINE =
            Pattern.compile("LOGGING jackson=(\\d+) oldFirst=(\\d+) newFirst=(\\d+) oldWarm=(\\d+) newWarm=(\\d+)");

    record Figures(long jacksonUs, long oldFirstUs, long newFirstUs, long oldWarmNs, long newWarmNs) {}

    @Test
    void printLoggingFigures() throws Exception {
        main(new String[0]);
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1) {
            measure(args[0].equals("new-first"));
            return;
        }
        ColdStartBenchmark.Classpaths classpaths = ColdStartBenchmark.Classpaths.find();
        System.out.println("classpath: " + classpaths.describe());
        for (String variant : List.of("old-first", "new-first", XML + "new-first")) {
            List<Figures> runs = new ArrayList<>();
            for (int i = 0; i < ROUNDS; i++) {
                runs.add(run(classpaths.forCase(false), variant));
            }
            System.out.printf(
                    "%-13s  jackson %5.1f ms  first line: old %5.1f ms, new %5.1f ms  warm line: old %5.2f µs, new %5.2f µs%n",
                    variant,
                    median(runs, Figures::jacksonUs) / 1000.0,
                    median(runs, Figures::oldFirstUs) / 1000.0,
                    median(runs, Figures::newFirstUs) / 1000.0,
                    median(runs, Figures::oldWarmNs) / 1000.0,
                    median(runs, Figures::newWarmNs) / 1000.0);
        }
        System.out.println("(median of " + ROUNDS + " fresh JVMs each; jackson = the shared mapper's first use,"
                + " before either logger; warm = per line, mean of " + WARM_LINES + ")");
        classpaths.printJarSizes();
    }

    static Figures run(String classpath, String variant) throws Exception {
        List<String> properties = List.of();
        String order = variant;
        if (variant.startsWith(XML)) {
            Path xml =
                    Path.of("target", "test-classes", "logback-benchmark.xml").toAbsolutePath();
            properties = List.of("-Dlogback.configurationFile=" + xml);
            order = variant.substring(XML.length());
        }
        String output = ColdStartBenchmark.runLikeLambda(
                classpath, properties, Map.of(), LoggingBenchmark.class.getName(), order);
        Matcher m = LINE.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException(variant + " printed no figures:\n" + output);
        }
        return new Figures(
                Long.parseLong(m.group(1)),
                Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)),
                Long.parseLong(m.group(4)),
                Long.parseLong(m.group(5)));
    }

    /** One round, in a fresh JVM: prints its figures on the real stdout. */
    static void measure(boolean newLoggerFirst) {
        PrintStream console = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        long jackson = micros(() -> Json.mapper().createObjectNode());
        long oldFirst;
        long newFirst;
        if (newLoggerFirst) {
            newFirst = micros(LoggingBenchmark::newLine);
            oldFirst = micros(LoggingBenchmark::oldLine);
        } else {
            oldFirst = micros(LoggingBenchmark::oldLine);
            newFirst = micros(LoggingBenchmark::newLine);
        }
        long oldWarm = nanosPerLine(LoggingBenchmark::oldLine);
        long newWarm = nanosPerLine(LoggingBenchmark::newLine);
        console.println("LOGGING jackson=" + jackson + " oldFirst=" + oldFirst + " newFirst=" + newFirst + " oldWarm="
                + oldWarm + " newWarm=" + newWarm);
    }

    private static final String INCIDENT = "inc-generic-562c86c3f0b454d281e8277dc54572b5";

    /** A line as the handlers write one: an event with an incident, a command and a few values. */
    private static void newLine() {
        EventLog.of(LoggingBenchmark.class)
                .info(
                        "evidence.requested",
                        "incidentId",
                        INCIDENT,
                        "commandId",
                        INCIDENT + "#inspect#1",
                        "hostId",
                        "edge-1",
                        "dryRun",
                        false);
    }

    /** The same line through the replaced logger (pipeline.Log's write, as it was). */
    private static void oldLine() {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("incidentId", INCIDENT);
        fields.put("commandId", INCIDENT + "#inspect#1");
        fields.put("hostId", "edge-1");
        fields.put("dryRun", false);
        ObjectNode line = Json.mapper().createObjectNode();
        line.put("ts", Instant.now().toString());
        line.put("level", "INFO");
        line.put("event", "evidence.requested");
        fields.forEach((k, v) -> {
            if (!line.has(k)) {
                line.set(k, Json.mapper().valueToTree(v));
            }
        });
        System.out.println(line);
    }

    private static long micros(Runnable work) {
        long started = System.nanoTime();
        work.run();
        return (System.nanoTime() - started) / 1000;
    }

    private static long nanosPerLine(Runnable line) {
        for (int i = 0; i < WARM_LINES; i++) {
            line.run();
        }
        long started = System.nanoTime();
        for (int i = 0; i < WARM_LINES; i++) {
            line.run();
        }
        return (System.nanoTime() - started) / WARM_LINES;
    }

    private static long median(List<Figures> runs, java.util.function.ToLongFunction<Figures> field) {
        long[] values = runs.stream().mapToLong(field).sorted().toArray();
        return values[values.length / 2];
    }
}
