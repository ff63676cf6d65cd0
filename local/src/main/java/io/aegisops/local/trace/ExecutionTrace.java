package io.aegisops.local.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryRequest;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * An execution's history read as the Step Functions console shows it: one row per state visited, with when
 * it was entered (from the start of the execution), how long it took, what happened to its task (retries,
 * failures, timeouts) and, for the pipeline's steps, what they found or did.
 */
public record ExecutionTrace(String executionArn, String status, Instant startDate, Instant stopDate,
                             String error, String cause, List<StateVisit> visits) {

    /**
     * One visit of a state.
     *
     * @param type    Task, Pass, Choice, Wait, Succeed or Fail
     * @param exited  null while it runs (and for a Fail state)
     * @param notes   what happened in between: retries, task failures and timeouts
     * @param failed  the task's last error when the state was left through a Catch, else null
     * @param output  the state's output (the state document), or null
     */
    public record StateVisit(String name, String type, Instant entered, Instant exited, List<String> notes, String failed,
                             JsonNode output) {

        public Duration duration() {
            return exited == null ? null : Duration.between(entered, exited);
        }

        public boolean finished() {
            return exited != null;
        }
    }

    public ExecutionTrace {
        visits = List.copyOf(visits);
    }

    /** Describes the execution and reads every page of its history through the Step Functions API. */
    public static ExecutionTrace load(SfnClient sfn, String executionArn) {
        DescribeExecutionResponse execution = sfn.describeExecution(b -> b.executionArn(executionArn));
        List<HistoryEvent> events = new ArrayList<>();
        sfn.getExecutionHistoryPaginator(GetExecutionHistoryRequest.builder().executionArn(executionArn).maxResults(1000).build())
                .forEach(page -> events.addAll(page.events()));
        return of(execution, events);
    }

    public static ExecutionTrace of(DescribeExecutionResponse execution, List<HistoryEvent> events) {
        List<VisitBuilder> visits = new ArrayList<>();
        VisitBuilder current = null;
        int scheduled = 0;
        for (HistoryEvent event : events) {
            String type = event.typeAsString();
            if (type.endsWith("StateEntered")) {
                current = new VisitBuilder(event.stateEnteredEventDetails().name(), type.substring(0, type.length() - "StateEntered".length()),
                        event.timestamp());
                visits.add(current);
                scheduled = 0;
            } else if (type.endsWith("StateExited") && current != null) {
                current.exited = event.timestamp();
                current.output = parse(event.stateExitedEventDetails().output());
            } else if (current != null) {
                switch (type) {
                    case "TaskScheduled", "LambdaFunctionScheduled" -> {
                        if (++scheduled > 1) {
                            current.notes.add("retry " + (scheduled - 1) + " at +" + seconds(current.entered, event.timestamp()));
                        }
                    }
                    case "TaskFailed" -> current.fail(event.taskFailedEventDetails().error(), event.taskFailedEventDetails().cause(), "failed");
                    case "TaskTimedOut" -> current.fail(event.taskTimedOutEventDetails().error(), event.taskTimedOutEventDetails().cause(), "timed out");
                    case "LambdaFunctionFailed" -> current.fail(event.lambdaFunctionFailedEventDetails().error(),
                            event.lambdaFunctionFailedEventDetails().cause(), "failed");
                    case "LambdaFunctionTimedOut" -> current.fail(event.lambdaFunctionTimedOutEventDetails().error(),
                            event.lambdaFunctionTimedOutEventDetails().cause(), "timed out");
                    default -> {
                        // scheduling, start, submission and success events add nothing a reader needs
                    }
                }
            }
        }
        return new ExecutionTrace(execution.executionArn(), execution.statusAsString(), execution.startDate(), execution.stopDate(),
                execution.error(), execution.cause(), visits.stream().map(VisitBuilder::build).toList());
    }

    private static final class VisitBuilder {
        private final String name;
        private final String type;
        private final Instant entered;
        private final List<String> notes = new ArrayList<>();
        private Instant exited;
        private String failed;
        private JsonNode output;

        VisitBuilder(String name, String type, Instant entered) {
            this.name = name;
            this.type = type;
            this.entered = entered;
        }

        void fail(String error, String cause, String how) {
            failed = error;
            notes.add(how + ": " + error + (cause == null || cause.isBlank() ? "" : " (" + shorten(cause, 140) + ")"));
        }

        StateVisit build() {
            // a caught failure leaves through the exit like a success; the last attempt's failure is what counts
            boolean lastAttemptFailed = failed != null && !notes.isEmpty() && !notes.getLast().startsWith("retry");
            return new StateVisit(name, type, entered, exited, notes, lastAttemptFailed ? failed : null, output);
        }
    }

    /** The readable trace, as {@code aegis trace} prints it. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("execution  ").append(executionArn).append('\n');
        out.append("status     ").append(status);
        if (startDate != null && stopDate != null) {
            out.append(" after ").append(seconds(startDate, stopDate));
        }
        if (startDate != null) {
            out.append("   started ").append(startDate);
        }
        out.append('\n');
        if (error != null) {
            out.append("error      ").append(error).append(cause == null ? "" : ": " + cause).append('\n');
        }
        out.append('\n').append(String.format(Locale.ROOT, "  %9s  %-28s %-8s %9s  %s%n", "at", "state", "type", "took", "what happened"));
        for (StateVisit visit : visits) {
            String took = visit.finished() ? millis(visit.duration()) : visit.type().equals("Fail") ? "" : "running";
            out.append(String.format(Locale.ROOT, "  %9s  %-28s %-8s %9s  %s%n", "+" + seconds(startDate, visit.entered()),
                    visit.name(), visit.type(), took, StageSummary.describe(visit)));
            for (String note : visit.notes()) {
                out.append(String.format(Locale.ROOT, "  %9s  %-28s %-8s %9s    · %s%n", "", "", "", "", note));
            }
        }
        return out.toString();
    }

    /**
     * The trace as {@code aegis trace --json} prints it: the rows of {@link #render()}, with ISO-8601 instants,
     * the offset from the start ({@code atMs}) and the duration in milliseconds (absent while a state runs).
     */
    public ObjectNode toJson() {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("executionArn", executionArn);
        json.put("status", status);
        putInstant(json, "startDate", startDate);
        putInstant(json, "stopDate", stopDate);
        if (startDate != null && stopDate != null) {
            json.put("durationMs", Duration.between(startDate, stopDate).toMillis());
        }
        if (error != null) {
            json.put("error", error);
        }
        if (cause != null) {
            json.put("cause", cause);
        }
        ArrayNode states = json.putArray("states");
        for (StateVisit visit : visits) {
            ObjectNode state = states.addObject();
            state.put("name", visit.name());
            state.put("type", visit.type());
            putInstant(state, "entered", visit.entered());
            putInstant(state, "exited", visit.exited());
            if (startDate != null && visit.entered() != null) {
                state.put("atMs", Duration.between(startDate, visit.entered()).toMillis());
            }
            if (visit.finished()) {
                state.put("durationMs", visit.duration().toMillis());
            }
            state.put("summary", StageSummary.describe(visit));
            ArrayNode notes = state.putArray("notes");
            visit.notes().forEach(notes::add);
            if (visit.failed() != null) {
                state.put("failed", visit.failed());
            }
        }
        return json;
    }

    private static void putInstant(ObjectNode json, String name, Instant instant) {
        if (instant != null) {
            json.put(name, instant.toString());
        }
    }

    public static String seconds(Instant from, Instant to) {
        if (from == null || to == null) {
            return "?";
        }
        return String.format(Locale.ROOT, "%.3f s", Duration.between(from, to).toMillis() / 1000.0);
    }

    static String millis(Duration duration) {
        long ms = duration.toMillis();
        return ms < 10_000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    static String shorten(String text, int max) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "…";
    }

    private static JsonNode parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            return null;
        }
    }
}
