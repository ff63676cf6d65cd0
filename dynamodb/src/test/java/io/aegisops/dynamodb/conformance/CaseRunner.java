package io.aegisops.dynamodb.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.dynamodb.conformance.CaseFile.Case;
import io.aegisops.dynamodb.conformance.CaseFile.Expect;
import io.aegisops.dynamodb.conformance.CaseFile.Step;
import io.aegisops.dynamodb.conformance.WireClient.Answer;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs one case on moto and on the engine and compares every step's answers. */
final class CaseRunner {

    /** A case's result. {@code motoProblem} is set where the case itself is broken: moto failed its setup or crashed. */
    record Outcome(String motoProblem, List<String> differences, List<String> notes, String transcript) {

        boolean matched() {
            return motoProblem == null && differences.isEmpty();
        }
    }

    private static final Pattern TABLE = Pattern.compile("\\$\\{table(\\d*)}");
    /** "${repeat:N:text}" is text N times over: large values (item and key size limits) stay readable in the cases. */
    private static final Pattern REPEAT = Pattern.compile("\\$\\{repeat:(\\d+):([^}]*)}");
    private static final int MAX_PAGES = 50;

    private final ObjectMapper json;
    private final WireClient moto;
    private final WireClient engine;

    CaseRunner(ObjectMapper json, WireClient moto, WireClient engine) {
        this.json = json;
        this.moto = moto;
        this.engine = engine;
    }

    /**
     * Runs {@code c}; {@code number} makes its table names unique in the run: "${table}" becomes c0042-1,
     * "${table2}" c0042-2, "${case}" c0042 (the prefix of them all).
     */
    Outcome run(CaseFile file, Case c, int number) {
        String prefix = "c%04d".formatted(number);
        StringBuilder transcript = new StringBuilder();
        List<String> differences = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        boolean engineReady = true;
        for (JsonNode setup : expand(file.fixtures(), c.setup())) {
            String op = setup.get("op").asText();
            String request = substitute(setup.get("request"), prefix);
            Answer onMoto = moto.send(op, request);
            if (!onMoto.ok()) {
                return new Outcome("setup " + op + " failed on moto: " + onMoto, differences, notes, transcript.toString());
            }
            Answer onEngine = engineReady ? engine.send(op, request) : null;
            if (engineReady && !onEngine.ok()) {
                // The steps still run on moto, which checks that the case itself is sound.
                differences.add("setup " + op + " " + request + " failed on the engine: " + onEngine.status() + " " + onEngine.body());
                engineReady = false;
            }
        }
        for (int i = 0; i < c.steps().size(); i++) {
            Step step = c.steps().get(i);
            String request = substitute(step.request(), prefix);
            Answer onMoto = execute(moto, step, request);
            Answer onEngine = engineReady ? execute(engine, step, request) : null;
            String label = "step " + (i + 1) + " " + step.op();
            transcript.append(label).append(' ').append(request)
                    .append("\n  moto:   ").append(onMoto.status()).append(' ').append(onMoto.body())
                    .append("\n  engine: ").append(onEngine == null ? "(not run: its setup failed)" : onEngine.status() + " " + onEngine.body())
                    .append('\n');
            JsonNode reference;
            if (step.expect() != null) {
                reference = Normalizer.normalize(step, expected(step.expect(), prefix));
                if (reference.equals(Normalizer.normalize(step, onMoto))) {
                    notes.add(label + ": moto now gives AWS's recorded answer; the case's expect may go");
                }
            } else if (onMoto.status() == 200 || onMoto.status() == 400) {
                reference = Normalizer.normalize(step, onMoto);
            } else {
                return new Outcome(label + " broke moto: " + onMoto, differences, notes, transcript.toString());
            }
            if (onEngine != null) {
                JsonDiff.differences(reference, Normalizer.normalize(step, onEngine))
                        .forEach(d -> differences.add(label + " " + d));
            }
        }
        return new Outcome(null, differences, notes, transcript.toString());
    }

    /** Fixture names and item lists unfolded into plain {@code {"op", "request"}} wire requests. */
    private List<JsonNode> expand(Map<String, List<JsonNode>> fixtures, List<JsonNode> entries) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode entry : entries) {
            if (entry.isTextual()) {
                List<JsonNode> fixture = fixtures.get(entry.asText());
                if (fixture == null) {
                    throw new IllegalArgumentException("no fixture " + entry);
                }
                out.addAll(expand(fixtures, fixture));
            } else if (entry.has("put")) {
                for (JsonNode item : entry.get("items")) {
                    ObjectNode request = json.createObjectNode().put("TableName", entry.get("put").asText());
                    request.set("Item", item);
                    out.add(json.createObjectNode().put("op", "PutItem").set("request", request));
                }
            } else if (entry.has("op") && entry.has("request")) {
                out.add(entry);
            } else {
                throw new IllegalArgumentException("not a setup entry: " + entry);
            }
        }
        return out;
    }

    private Answer execute(WireClient client, Step step, String request) {
        if (step.allSegments()) {
            return segments(client, step, request);
        }
        if (step.paginate()) {
            return pages(client, step.op(), read(request), step.op().equals("Scan") && !step.orderMatters());
        }
        return client.send(step.op(), request);
    }

    /**
     * Follows LastEvaluatedKey (LastEvaluatedTableName for ListTables). Query and ListTables pages are compared
     * one by one; a Scan's pages split the table at points that depend on its hash order, so only the page count,
     * the counts and the items (as a multiset) are.
     */
    private Answer pages(WireClient client, String op, ObjectNode request, boolean merged) {
        boolean tables = op.equals("ListTables");
        String last = tables ? "LastEvaluatedTableName" : "LastEvaluatedKey";
        String start = tables ? "ExclusiveStartTableName" : "ExclusiveStartKey";
        ArrayNode pages = json.createArrayNode();
        ArrayNode items = json.createArrayNode();
        long count = 0;
        long scanned = 0;
        while (pages.size() < MAX_PAGES) {
            Answer answer = client.send(op, request.toString());
            if (!answer.ok()) {
                return answer;
            }
            pages.add(answer.body());
            answer.body().path("Items").forEach(items::add);
            count += answer.body().path("Count").asLong();
            scanned += answer.body().path("ScannedCount").asLong();
            JsonNode next = answer.body().get(last);
            if (next == null) {
                break;
            }
            request.set(start, next);
        }
        ObjectNode body = json.createObjectNode();
        if (merged) {
            body.put("PageCount", pages.size()).put("Count", count).put("ScannedCount", scanned).set("Items", items);
        } else {
            body.set("Pages", pages);
        }
        return new Answer(200, body);
    }

    /** Scans each Segment of TotalSegments to its end: the union is compared (as a multiset) with the other side's. */
    private Answer segments(WireClient client, Step step, String request) {
        int total = read(request).path("TotalSegments").asInt();
        ArrayNode items = json.createArrayNode();
        long count = 0;
        for (int segment = 0; segment < total; segment++) {
            ObjectNode one = read(request);
            one.put("Segment", segment);
            Answer answer = pages(client, step.op(), one, true);
            if (!answer.ok()) {
                return answer;
            }
            answer.body().get("Items").forEach(items::add);
            count += answer.body().get("Count").asLong();
        }
        ObjectNode body = json.createObjectNode().put("Count", count);
        body.set("Items", items);
        return new Answer(200, body);
    }

    private Answer expected(Expect expect, String prefix) {
        ObjectNode body = expect.body() == null ? json.createObjectNode() : read(substitute(expect.body(), prefix));
        if (expect.type() != null) {
            body.put("__type", "com.amazonaws.dynamodb.v20120810#" + expect.type());
        }
        if (expect.message() != null) {
            body.put("message", substitute(expect.message(), prefix));
        }
        return new Answer(expect.status(), body);
    }

    private static String substitute(JsonNode template, String prefix) {
        return substitute(template.toString(), prefix);
    }

    private static String substitute(String template, String prefix) {
        String text = TABLE.matcher(template.replace("${case}", prefix))
                .replaceAll(r -> prefix + "-" + (r.group(1).isEmpty() ? "1" : r.group(1)));
        return REPEAT.matcher(text).replaceAll(r -> Matcher.quoteReplacement(r.group(2).repeat(Integer.parseInt(r.group(1)))));
    }

    private ObjectNode read(String text) {
        try {
            return (ObjectNode) json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
