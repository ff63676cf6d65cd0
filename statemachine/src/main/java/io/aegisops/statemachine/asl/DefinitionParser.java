package io.aegisops.statemachine.asl;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.statemachine.asl.State.Catcher;
import io.aegisops.statemachine.asl.State.ChoiceState;
import io.aegisops.statemachine.asl.State.FailState;
import io.aegisops.statemachine.asl.State.MapState;
import io.aegisops.statemachine.asl.State.ParallelState;
import io.aegisops.statemachine.asl.State.PassState;
import io.aegisops.statemachine.asl.State.Retrier;
import io.aegisops.statemachine.asl.State.Seconds;
import io.aegisops.statemachine.asl.State.SucceedState;
import io.aegisops.statemachine.asl.State.TaskState;
import io.aegisops.statemachine.asl.State.WaitState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds a {@link StateMachineDefinition} and collects every problem with its location
 * ({@code /States/<name>/<field>}), in the style of Step Functions' InvalidDefinition messages.
 */
final class DefinitionParser {

    private static final long MAX_SECONDS = 99_999_999L;

    private static final Set<String> COMMON = Set.of("Type", "Comment", "QueryLanguage");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "Pass", Set.of("InputPath", "OutputPath", "Parameters", "Result", "ResultPath", "Next", "End"),
            "Task",
                    Set.of(
                            "Resource",
                            "InputPath",
                            "OutputPath",
                            "Parameters",
                            "ResultSelector",
                            "ResultPath",
                            "TimeoutSeconds",
                            "TimeoutSecondsPath",
                            "HeartbeatSeconds",
                            "HeartbeatSecondsPath",
                            "Retry",
                            "Catch",
                            "Next",
                            "End",
                            "Credentials"),
            "Choice", Set.of("InputPath", "OutputPath", "Choices", "Default"),
            "Wait",
                    Set.of(
                            "InputPath",
                            "OutputPath",
                            "Seconds",
                            "Timestamp",
                            "SecondsPath",
                            "TimestampPath",
                            "Next",
                            "End"),
            "Succeed", Set.of("InputPath", "OutputPath"),
            "Fail", Set.of("Error", "ErrorPath", "Cause", "CausePath"),
            "Parallel",
                    Set.of(
                            "Branches",
                            "InputPath",
                            "OutputPath",
                            "Parameters",
                            "ResultSelector",
                            "ResultPath",
                            "Retry",
                            "Catch",
                            "Next",
                            "End"),
            "Map",
                    Set.of(
                            "ItemProcessor",
                            "Iterator",
                            "ItemsPath",
                            "ItemSelector",
                            "Parameters",
                            "MaxConcurrency",
                            "MaxConcurrencyPath",
                            "InputPath",
                            "OutputPath",
                            "ResultSelector",
                            "ResultPath",
                            "Retry",
                            "Catch",
                            "Next",
                            "End"));
    /** Valid States Language this engine does not run: refused by name rather than ignored. */
    private static final Set<String> UNSUPPORTED = Set.of(
            "Assign",
            "Arguments",
            "Output",
            "Items",
            "ItemReader",
            "ItemBatcher",
            "ResultWriter",
            "ToleratedFailurePercentage",
            "ToleratedFailurePercentagePath",
            "ToleratedFailureCount",
            "ToleratedFailureCountPath",
            "Label");

    private final List<String> problems = new ArrayList<>();
    private final Set<String> allNames = new HashSet<>();

    StateMachineDefinition parse(String json) {
        JsonNode root;
        try {
            root = JsonValues.parse(json);
        } catch (IllegalArgumentException e) {
            throw new InvalidDefinitionException(List.of("INVALID_JSON_DESCRIPTION: " + e.getMessage()));
        }
        if (!root.isObject()) {
            throw new InvalidDefinitionException(
                    List.of("SCHEMA_VALIDATION_FAILED: The definition must be a JSON OBJECT at /"));
        }
        checkFields(root, Set.of("Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage"), "");
        checkQueryLanguage(root, "");
        StateGraph graph = graph(root, "");
        Long timeout = root.has("TimeoutSeconds") ? seconds(root, "TimeoutSeconds", "", 1) : null;
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException(problems);
        }
        return new StateMachineDefinition(graph, timeout, root.path("Comment").asText(null));
    }

    private StateGraph graph(JsonNode node, String location) {
        JsonNode startAt = node.get("StartAt");
        JsonNode states = node.get("States");
        if (startAt == null || !startAt.isTextual()) {
            problems.add("SCHEMA_VALIDATION_FAILED: The field 'StartAt' is required and must be a STRING at " + location
                    + "/StartAt");
        }
        if (states == null || !states.isObject() || states.isEmpty()) {
            problems.add("SCHEMA_VALIDATION_FAILED: The field 'States' is required and must be a non-empty OBJECT at "
                    + location + "/States");
            return new StateGraph(startAt == null ? null : startAt.asText(), Map.of());
        }
        Map<String, State> parsed = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            String here = location + "/States/" + name;
            if (name.isEmpty() || name.length() > 80) {
                problems.add("SCHEMA_VALIDATION_FAILED: A state name must have 1 to 80 characters at " + here);
            }
            if (!allNames.add(name)) {
                problems.add("DUPLICATE_STATE_NAME: Duplicate State name: '" + name + "' at " + here);
            }
            State state = state(name, entry.getValue(), here);
            if (state != null) {
                parsed.put(name, state);
            }
        }
        String start = startAt == null ? null : startAt.asText();
        if (start != null && !states.has(start)) {
            problems.add(
                    "MISSING_TRANSITION_TARGET: Missing 'StartAt' target: '" + start + "' at " + location + "/StartAt");
        }
        checkTransitions(parsed, location);
        if (start != null && states.has(start)) {
            checkReachable(start, parsed, location);
        }
        return new StateGraph(start, Map.copyOf(parsed));
    }

    private State state(String name, JsonNode node, String here) {
        if (!node.isObject()) {
            problems.add("SCHEMA_VALIDATION_FAILED: A state must be an OBJECT at " + here);
            return null;
        }
        String type = node.path("Type").asText("");
        Set<String> allowed = FIELDS.get(type);
        if (allowed == null) {
            problems.add(
                    "SCHEMA_VALIDATION_FAILED: The field 'Type' must be one of Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map at "
                            + here + "/Type");
            return null;
        }
        Set<String> fields = new HashSet<>(COMMON);
        fields.addAll(allowed);
        checkFields(node, fields, here);
        checkQueryLanguage(node, here);
        return switch (type) {
            case "Pass" ->
                new PassState(name, flow(node, here, true, false, true), node.get("Result"), next(node, here));
            case "Task" -> task(name, node, here);
            case "Choice" -> choice(name, node, here);
            case "Wait" -> waitState(name, node, here);
            case "Succeed" -> new SucceedState(name, flow(node, here, false, false, false));
            case "Fail" -> fail(name, node, here);
            case "Parallel" -> parallel(name, node, here);
            case "Map" -> map(name, node, here);
            default -> throw new IllegalStateException(type);
        };
    }

    private TaskState task(String name, JsonNode node, String here) {
        JsonNode resource = node.get("Resource");
        if (resource == null || !resource.isTextual() || !resource.textValue().startsWith("arn:")) {
            problems.add("SCHEMA_VALIDATION_FAILED: The field 'Resource' is required and must be an ARN STRING at "
                    + here + "/Resource");
        }
        Seconds timeout = secondsOrPath(node, "TimeoutSeconds", here);
        Seconds heartbeat = secondsOrPath(node, "HeartbeatSeconds", here);
        if (timeout != null
                && heartbeat != null
                && timeout.fixed() != null
                && heartbeat.fixed() != null
                && heartbeat.fixed() >= timeout.fixed()) {
            problems.add("SCHEMA_VALIDATION_FAILED: 'HeartbeatSeconds' must be smaller than 'TimeoutSeconds' at " + here
                    + "/HeartbeatSeconds");
        }
        return new TaskState(
                name,
                resource == null ? null : resource.asText(),
                flow(node, here, true, true, true),
                timeout,
                heartbeat,
                retriers(node, here),
                catchers(node, here),
                next(node, here));
    }

    private ChoiceState choice(String name, JsonNode node, String here) {
        JsonNode choices = node.get("Choices");
        List<ChoiceRule> rules = new ArrayList<>();
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            problems.add("SCHEMA_VALIDATION_FAILED: The field 'Choices' is required and must be a non-empty ARRAY at "
                    + here + "/Choices");
        } else {
            for (int i = 0; i < choices.size(); i++) {
                JsonNode rule = choices.get(i);
                Condition condition = ConditionParser.parse(rule, here + "/Choices/" + i, true, problems);
                rules.add(new ChoiceRule(condition, rule.path("Next").asText(null)));
            }
        }
        JsonNode defaultNext = node.get("Default");
        if (defaultNext != null && !defaultNext.isTextual()) {
            problems.add("SCHEMA_VALIDATION_FAILED: The value for the field 'Default' must be a STRING at " + here
                    + "/Default");
        }
        return new ChoiceState(
                name,
                flow(node, here, false, false, false),
                List.copyOf(rules),
                defaultNext == null ? null : defaultNext.asText());
    }

    private WaitState waitState(String name, JsonNode node, String here) {
        List<String> given = new ArrayList<>();
        for (String field : List.of("Seconds", "Timestamp", "SecondsPath", "TimestampPath")) {
            if (node.has(field)) {
                given.add(field);
            }
        }
        if (given.size() != 1) {
            problems.add(
                    "SCHEMA_VALIDATION_FAILED: A Wait state needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath, found "
                            + (given.isEmpty() ? "none" : given) + " at " + here);
        }
        Long seconds = node.has("Seconds") ? seconds(node, "Seconds", here, 0) : null;
        String timestamp = null;
        if (node.has("Timestamp")) {
            timestamp = node.get("Timestamp").asText();
            if (!node.get("Timestamp").isTextual()
                    || Timestamps.parse(timestamp).isEmpty()) {
                problems.add(
                        "SCHEMA_VALIDATION_FAILED: The value for the field 'Timestamp' must be an RFC 3339 timestamp at "
                                + here + "/Timestamp");
            }
        }
        return new WaitState(
                name,
                flow(node, here, false, false, false),
                seconds,
                timestamp,
                referencePath(node, "SecondsPath", here),
                referencePath(node, "TimestampPath", here),
                next(node, here));
    }

    private FailState fail(String name, JsonNode node, String here) {
        exclusive(node, "Error", "ErrorPath", here);
        exclusive(node, "Cause", "CausePath", here);
        return new FailState(
                name,
                text(node, "Error", here),
                expression(node, "ErrorPath", here),
                text(node, "Cause", here),
                expression(node, "CausePath", here));
    }

    private ParallelState parallel(String name, JsonNode node, String here) {
        JsonNode branches = node.get("Branches");
        List<StateGraph> graphs = new ArrayList<>();
        if (branches == null || !branches.isArray() || branches.isEmpty()) {
            problems.add("SCHEMA_VALIDATION_FAILED: The field 'Branches' is required and must be a non-empty ARRAY at "
                    + here + "/Branches");
        } else {
            for (int i = 0; i < branches.size(); i++) {
                String branchLocation = here + "/Branches/" + i;
                checkFields(branches.get(i), Set.of("StartAt", "States", "Comment"), branchLocation);
                graphs.add(graph(branches.get(i), branchLocation));
            }
        }
        return new ParallelState(
                name,
                flow(node, here, true, true, true),
                List.copyOf(graphs),
                retriers(node, here),
                catchers(node, here),
                next(node, here));
    }

    private MapState map(String name, JsonNode node, String here) {
        exclusive(node, "ItemProcessor", "Iterator", here);
        exclusive(node, "ItemSelector", "Parameters", here);
        exclusive(node, "MaxConcurrency", "MaxConcurrencyPath", here);
        String processorField = node.has("Iterator") ? "Iterator" : "ItemProcessor";
        JsonNode processor = node.get(processorField);
        StateGraph graph = null;
        if (processor == null || !processor.isObject()) {
            problems.add("SCHEMA_VALIDATION_FAILED: The field 'ItemProcessor' is required and must be an OBJECT at "
                    + here + "/ItemProcessor");
        } else {
            String processorLocation = here + "/" + processorField;
            checkFields(processor, Set.of("StartAt", "States", "Comment", "ProcessorConfig"), processorLocation);
            String mode = processor.path("ProcessorConfig").path("Mode").asText("INLINE");
            if (!mode.equals("INLINE")) {
                problems.add("UNSUPPORTED_FEATURE: Only the INLINE Map mode runs on the local engine, not '" + mode
                        + "' at " + processorLocation + "/ProcessorConfig/Mode");
            }
            graph = graph(processor, processorLocation);
        }
        JsonNode selector = node.has("ItemSelector") ? node.get("ItemSelector") : node.get("Parameters");
        PayloadTemplate itemSelector = selector == null
                ? null
                : template(selector, node.has("ItemSelector") ? "ItemSelector" : "Parameters", here);
        int maxConcurrency = node.has("MaxConcurrency") ? (int) seconds(node, "MaxConcurrency", here, 0) : 0;
        ValueExpression.PathValue itemsPath = referencePath(node, "ItemsPath", here);
        DataFlow flow = flow(node, here, false, true, true);
        return new MapState(
                name,
                flow,
                itemsPath == null ? ValueExpression.PathValue.parse("$") : itemsPath,
                itemSelector,
                graph,
                maxConcurrency,
                referencePath(node, "MaxConcurrencyPath", here),
                retriers(node, here),
                catchers(node, here),
                next(node, here));
    }

    // ---------------------------------------------------------------- fields

    private void checkFields(JsonNode node, Set<String> allowed, String here) {
        if (!node.isObject()) {
            problems.add("SCHEMA_VALIDATION_FAILED: Expected an OBJECT at " + (here.isEmpty() ? "/" : here));
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (UNSUPPORTED.contains(field)) {
                problems.add("UNSUPPORTED_FEATURE: The field '" + field + "' is not supported by the local engine at "
                        + here + "/" + field);
            } else if (!allowed.contains(field)) {
                problems.add("SCHEMA_VALIDATION_FAILED: The field '" + field + "' is not supported"
                        + (node.has("Type")
                                ? " by states of type '" + node.get("Type").asText() + "'"
                                : "") + " at " + here + "/" + field);
            }
        }
    }

    private void checkQueryLanguage(JsonNode node, String here) {
        JsonNode language = node.get("QueryLanguage");
        if (language != null && !"JSONPath".equals(language.asText())) {
            problems.add("UNSUPPORTED_FEATURE: Only the JSONPath query language runs on the local engine, not '"
                    + language.asText() + "' at " + here + "/QueryLanguage");
        }
    }

    private DataFlow flow(JsonNode node, String here, boolean parameters, boolean resultSelector, boolean resultPath) {
        return new DataFlow(
                optionalPath(node, "InputPath", here, false),
                parameters && node.has("Parameters") ? template(node.get("Parameters"), "Parameters", here) : null,
                resultSelector && node.has("ResultSelector")
                        ? template(node.get("ResultSelector"), "ResultSelector", here)
                        : null,
                resultPath ? optionalPath(node, "ResultPath", here, true) : JsonPath.ROOT,
                optionalPath(node, "OutputPath", here, false));
    }

    private PayloadTemplate template(JsonNode value, String field, String here) {
        if (!value.isObject()) {
            problems.add("SCHEMA_VALIDATION_FAILED: The value for the field '" + field + "' must be an OBJECT at "
                    + here + "/" + field);
        }
        return PayloadTemplate.parse(value, here + "/" + field, problems);
    }

    /** Absent: {@code $}; JSON null: null; otherwise the parsed path. */
    private JsonPath optionalPath(JsonNode node, String field, String here, boolean reference) {
        JsonNode value = node.get(field);
        if (value == null) {
            return JsonPath.ROOT;
        }
        if (value.isNull()) {
            return null;
        }
        JsonPath path = parsePath(value, field, here);
        if (path != null && reference && !path.isReferencePath()) {
            problems.add("INVALID_JSON_PATH: The value for the field '" + field
                    + "' must be a reference path (names and indexes only) at " + here + "/" + field);
        }
        return path == null ? JsonPath.ROOT : path;
    }

    private JsonPath parsePath(JsonNode value, String field, String here) {
        return parsed(value, field, here, "a valid JSONPath", JsonPath::parse);
    }

    private ValueExpression.PathValue referencePath(JsonNode node, String field, String here) {
        JsonNode value = node.get(field);
        if (value == null) {
            return null;
        }
        ValueExpression.PathValue path =
                parsed(value, field, here, "a valid JSONPath", ValueExpression.PathValue::parse);
        if (path != null && !path.path().isReferencePath()) {
            problems.add("INVALID_JSON_PATH: The value for the field '" + field + "' must be a reference path at "
                    + here + "/" + field);
        }
        return path;
    }

    private ValueExpression expression(JsonNode node, String field, String here) {
        JsonNode value = node.get(field);
        return value == null
                ? null
                : parsed(value, field, here, "a valid JSONPath or intrinsic function", ValueExpression::parse);
    }

    /** The field's string parsed by {@code parser}; null, with the problem noted, when it is no string or not {@code what}. */
    private <T> T parsed(JsonNode value, String field, String here, String what, Function<String, T> parser) {
        if (!value.isTextual()) {
            problems.add("SCHEMA_VALIDATION_FAILED: The value for the field '" + field + "' must be a STRING at " + here
                    + "/" + field);
            return null;
        }
        try {
            return parser.apply(value.textValue());
        } catch (IllegalArgumentException e) {
            problems.add("INVALID_JSON_PATH: The value for the field '" + field + "' must be " + what + ": "
                    + e.getMessage() + " at " + here + "/" + field);
            return null;
        }
    }

    private String text(JsonNode node, String field, String here) {
        JsonNode value = node.get(field);
        if (value != null && !value.isTextual()) {
            problems.add("SCHEMA_VALIDATION_FAILED: The value for the field '" + field + "' must be a STRING at " + here
                    + "/" + field);
        }
        return value == null ? null : value.asText();
    }

    private void exclusive(JsonNode node, String a, String b, String here) {
        if (node.has(a) && node.has(b)) {
            problems.add(
                    "SCHEMA_VALIDATION_FAILED: The fields '" + a + "' and '" + b + "' cannot both be given at " + here);
        }
    }

    private long seconds(JsonNode node, String field, String here, long minimum) {
        JsonNode value = node.get(field);
        if (!JsonValues.isInteger(value) || value.asLong() < minimum || value.asLong() > MAX_SECONDS) {
            problems.add("SCHEMA_VALIDATION_FAILED: The value for the field '" + field + "' must be an INTEGER from "
                    + minimum + " to " + MAX_SECONDS + " at " + here + "/" + field);
            return minimum;
        }
        return value.asLong();
    }

    private Seconds secondsOrPath(JsonNode node, String field, String here) {
        exclusive(node, field, field + "Path", here);
        if (node.has(field)) {
            return new Seconds(seconds(node, field, here, 1), null);
        }
        ValueExpression.PathValue path = referencePath(node, field + "Path", here);
        return path == null ? null : new Seconds(null, path);
    }

    private String next(JsonNode node, String here) {
        JsonNode next = node.get("Next");
        JsonNode end = node.get("End");
        boolean ends = end != null && end.isBoolean() && end.booleanValue();
        if (end != null && !end.isBoolean()) {
            problems.add(
                    "SCHEMA_VALIDATION_FAILED: The value for the field 'End' must be a BOOLEAN at " + here + "/End");
        }
        if (next != null && !next.isTextual()) {
            problems.add(
                    "SCHEMA_VALIDATION_FAILED: The value for the field 'Next' must be a STRING at " + here + "/Next");
        }
        if ((next != null) == ends) {
            problems.add("SCHEMA_VALIDATION_FAILED: A state needs either 'Next' or \"End\": true at " + here);
        }
        return next == null ? null : next.asText();
    }

    // ---------------------------------------------------------------- Retry and Catch

    private List<Retrier> retriers(JsonNode node, String here) {
        List<JsonNode> retry = optionalArray(node, "Retry", here);
        List<Retrier> retriers = new ArrayList<>();
        for (int i = 0; i < retry.size(); i++) {
            JsonNode r = retry.get(i);
            String at = here + "/Retry/" + i;
            checkFields(
                    r,
                    Set.of(
                            "ErrorEquals",
                            "IntervalSeconds",
                            "MaxAttempts",
                            "BackoffRate",
                            "MaxDelaySeconds",
                            "JitterStrategy",
                            "Comment"),
                    at);
            List<String> errors = errorEquals(r, at, i == retry.size() - 1);
            long interval = r.has("IntervalSeconds") ? seconds(r, "IntervalSeconds", at, 1) : 1;
            int maxAttempts = r.has("MaxAttempts") ? (int) seconds(r, "MaxAttempts", at, 0) : 3;
            double backoff = 2.0;
            if (r.has("BackoffRate")) {
                JsonNode rate = r.get("BackoffRate");
                if (!rate.isNumber() || rate.asDouble() < 1.0) {
                    problems.add(
                            "SCHEMA_VALIDATION_FAILED: The value for the field 'BackoffRate' must be a NUMBER of at least 1.0 at "
                                    + at + "/BackoffRate");
                } else {
                    backoff = rate.asDouble();
                }
            }
            Long maxDelay = r.has("MaxDelaySeconds") ? seconds(r, "MaxDelaySeconds", at, 1) : null;
            String jitter = r.path("JitterStrategy").asText("NONE");
            if (!jitter.equals("FULL") && !jitter.equals("NONE")) {
                problems.add(
                        "SCHEMA_VALIDATION_FAILED: The value for the field 'JitterStrategy' must be FULL or NONE at "
                                + at + "/JitterStrategy");
            }
            retriers.add(new Retrier(errors, interval, maxAttempts, backoff, maxDelay, jitter.equals("FULL")));
        }
        return List.copyOf(retriers);
    }

    private List<Catcher> catchers(JsonNode node, String here) {
        List<JsonNode> catches = optionalArray(node, "Catch", here);
        List<Catcher> catchers = new ArrayList<>();
        for (int i = 0; i < catches.size(); i++) {
            JsonNode c = catches.get(i);
            String at = here + "/Catch/" + i;
            checkFields(c, Set.of("ErrorEquals", "Next", "ResultPath", "Comment"), at);
            List<String> errors = errorEquals(c, at, i == catches.size() - 1);
            if (!c.path("Next").isTextual()) {
                problems.add("SCHEMA_VALIDATION_FAILED: The field 'Next' is required and must be a STRING at " + at);
            }
            catchers.add(new Catcher(errors, c.path("Next").asText(null), optionalPath(c, "ResultPath", at, true)));
        }
        return List.copyOf(catchers);
    }

    /** The elements of an optional array field: none when it is absent, none (with the problem noted) when it is no array. */
    private List<JsonNode> optionalArray(JsonNode node, String field, String here) {
        JsonNode value = node.get(field);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            problems.add("SCHEMA_VALIDATION_FAILED: The value for the field '" + field + "' must be an ARRAY at " + here
                    + "/" + field);
            return List.of();
        }
        List<JsonNode> elements = new ArrayList<>();
        value.forEach(elements::add);
        return elements;
    }

    private List<String> errorEquals(JsonNode node, String at, boolean last) {
        JsonNode errors = node.get("ErrorEquals");
        if (errors == null || !errors.isArray() || errors.isEmpty()) {
            problems.add(
                    "SCHEMA_VALIDATION_FAILED: The field 'ErrorEquals' is required and must be a non-empty ARRAY at "
                            + at);
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (JsonNode error : errors) {
            if (!error.isTextual()) {
                problems.add("SCHEMA_VALIDATION_FAILED: Error names must be STRINGs at " + at + "/ErrorEquals");
            } else {
                names.add(error.textValue());
            }
        }
        if (names.contains(StatesError.ALL) && (names.size() > 1 || !last)) {
            problems.add("SCHEMA_VALIDATION_FAILED: 'States.ALL' must appear alone, in the last retrier or catcher at "
                    + at + "/ErrorEquals");
        }
        return List.copyOf(names);
    }

    // ---------------------------------------------------------------- graph checks

    private void checkTransitions(Map<String, State> states, String location) {
        states.forEach((name, state) -> {
            String here = location + "/States/" + name;
            for (Map.Entry<String, String> target : targets(state).entrySet()) {
                if (target.getValue() != null && !states.containsKey(target.getValue())) {
                    problems.add("MISSING_TRANSITION_TARGET: Missing '" + target.getKey() + "' target: "
                            + target.getValue() + " at " + here + "/" + target.getKey());
                }
            }
        });
    }

    /** Field (with position) → the state it names. */
    private static Map<String, String> targets(State state) {
        Map<String, String> targets = new LinkedHashMap<>();
        switch (state) {
            case PassState s -> targets.put("Next", s.next());
            case WaitState s -> targets.put("Next", s.next());
            case TaskState s -> {
                targets.put("Next", s.next());
                catchTargets(s.catchers(), targets);
            }
            case ParallelState s -> {
                targets.put("Next", s.next());
                catchTargets(s.catchers(), targets);
            }
            case MapState s -> {
                targets.put("Next", s.next());
                catchTargets(s.catchers(), targets);
            }
            case ChoiceState s -> {
                for (int i = 0; i < s.choices().size(); i++) {
                    targets.put("Choices/" + i + "/Next", s.choices().get(i).next());
                }
                targets.put("Default", s.defaultNext());
            }
            case SucceedState s -> {}
            case FailState s -> {}
        }
        return targets;
    }

    private static void catchTargets(List<Catcher> catchers, Map<String, String> targets) {
        for (int i = 0; i < catchers.size(); i++) {
            targets.put("Catch/" + i + "/Next", catchers.get(i).next());
        }
    }

    private void checkReachable(String start, Map<String, State> states, String location) {
        Set<String> seen = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(start));
        while (!pending.isEmpty()) {
            String name = pending.pop();
            State state = states.get(name);
            if (state != null && seen.add(name)) {
                targets(state).values().stream()
                        .filter(t -> t != null && !seen.contains(t))
                        .forEach(pending::push);
            }
        }
        states.keySet().stream()
                .filter(name -> !seen.contains(name))
                .forEach(name -> problems.add(
                        "UNREACHABLE_STATE: State '" + name + "' is not reachable at " + location + "/States/" + name));
    }
}
