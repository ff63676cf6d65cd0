package io.aegisops.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Json;
import io.aegisops.local.client.AegisClient;
import io.aegisops.local.client.ConnectionInfo;
import io.aegisops.local.trace.ExecutionTrace;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;

/**
 * The commands that talk to a running stack ({@code aegis up}) through the connection info it wrote:
 * {@code alert}, {@code incidents}, {@code unmatched}, {@code incident}, {@code approve}, {@code reject},
 * {@code trace}.
 */
final class CliCommands {

    private static final String JSON = "print JSON instead of text";

    private CliCommands() {}

    /** The commands for {@link AegisLocal}'s command line, writing to {@code out}. */
    static List<Object> all(PrintStream out) {
        return List.of(
                new Alert(out),
                new Incidents(out),
                new Unmatched(out),
                new ShowIncident(out),
                new Approve(out),
                new Reject(out),
                new Trace(out));
    }

    /** Checks what the parser cannot (usage errors: nothing read yet), then reads {@code local.json} and talks to the stack. */
    abstract static class StackCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        CommonOptions common;

        final PrintStream out;

        StackCommand(PrintStream out) {
            this.out = out;
        }

        @Override
        public final Integer call() {
            check();
            try (AegisClient client = new AegisClient(ConnectionInfo.read(common.stateDir()))) {
                return run(client);
            }
        }

        /** Throws {@link #usage} for arguments the parser accepted but the command cannot use. */
        void check() {}

        abstract int run(AegisClient client);

        final ParameterException usage(String message) {
            return new ParameterException(spec.commandLine(), message);
        }

        final void printJson(Object value) {
            try {
                out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A command that did not succeed: exit code 1, its reason on the console (on stderr when stdout is JSON). */
        final int failed(String reason, boolean json) {
            if (json) {
                spec.commandLine().getErr().println(reason);
            } else {
                out.println(reason);
            }
            return 1;
        }
    }

    @Command(
            name = "alert",
            description =
                    "send an alert to the running stack: a file in any supported format, or a generic alert built from the flags")
    static final class Alert extends StackCommand {

        @Option(
                names = "--file",
                paramLabel = "F",
                description = "the alert's body, as its sender posts it (Alertmanager, CloudWatch via SNS, generic)")
        Path file;

        @Option(
                names = "--type",
                paramLabel = "T",
                description = "the alert type of a generic alert, e.g. HighMemoryUsage")
        String type;

        @Option(
                names = "--service",
                paramLabel = "S",
                description = "the service it is about (default: ${DEFAULT-VALUE})")
        String service = "buggy-app";

        @Option(names = "--container", paramLabel = "C", description = "its container (default: the service's name)")
        String container;

        @Option(names = "--severity", paramLabel = "SEV", description = "its severity (default: ${DEFAULT-VALUE})")
        String severity = "HIGH";

        @Option(
                names = "--summary",
                paramLabel = "TEXT",
                description = "its summary (default: \"T (sent with aegis alert)\")")
        String summary;

        @Option(
                names = "--json",
                description = "print the stack's answer as JSON: {\"status\": HTTP status, \"response\": its body}")
        boolean json;

        Alert(PrintStream out) {
            super(out);
        }

        @Override
        void check() {
            if (file != null && type != null) {
                throw usage("give --file or --type, not both");
            }
            if (file == null && type == null) {
                throw usage("alert needs --file F or --type T");
            }
        }

        @Override
        int run(AegisClient client) {
            AegisClient.Answer answer = client.postAlert(file != null ? read(file) : generic());
            if (json) {
                ObjectNode printed = Json.mapper().createObjectNode();
                printed.put("status", answer.status());
                printed.set("response", body(answer));
                printJson(printed);
            } else {
                out.println(answer.status() + " " + answer.body());
                if (answer.ok()) {
                    answer.json()
                            .findValuesAsText("incidentId")
                            .forEach(id -> out.println("follow it: ./aegis incident " + id + "   ./aegis trace " + id));
                }
            }
            return answer.ok() ? 0 : 1;
        }

        private String generic() {
            ObjectNode alert = Json.mapper().createObjectNode();
            alert.put("incident_id", "cli-" + UUID.randomUUID());
            alert.put("status", "firing");
            alert.put("alert_type", type);
            alert.put("severity", severity);
            alert.put("service", service);
            alert.put("container_name", container != null ? container : service);
            alert.put("summary", summary != null ? summary : type + " (sent with aegis alert)");
            alert.put("timestamp", Instant.now().toString());
            return alert.toString();
        }

        private static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }

        private static JsonNode body(AegisClient.Answer answer) {
            try {
                return answer.json();
            } catch (IllegalStateException notJson) {
                return TextNode.valueOf(answer.body());
            }
        }
    }

    @Command(name = "incidents", description = "list incidents, newest first")
    static final class Incidents extends StackCommand {

        @Option(
                names = "--status",
                paramLabel = "S",
                description = "only those in this status (any case): ${COMPLETION-CANDIDATES}")
        IncidentStatus status;

        @Option(names = "--json", description = JSON)
        boolean json;

        Incidents(PrintStream out) {
            super(out);
        }

        @Override
        int run(AegisClient client) {
            List<Incident> incidents = client.incidents(status);
            if (json) {
                printJson(incidents);
            } else {
                out.print(IncidentView.table(incidents));
            }
            return 0;
        }
    }

    @Command(
            name = "unmatched",
            description = "alerts that matched no configured target (escalated, nothing done), newest first")
    static final class Unmatched extends StackCommand {

        @Option(names = "--json", description = JSON)
        boolean json;

        Unmatched(PrintStream out) {
            super(out);
        }

        @Override
        int run(AegisClient client) {
            List<Incident> incidents = client.unmatchedIncidents();
            if (json) {
                printJson(incidents);
            } else {
                out.print(IncidentView.unmatchedTable(incidents));
            }
            return 0;
        }
    }

    /** A command about one incident, found by its id or a unique prefix of it. */
    abstract static class OneIncident extends StackCommand {

        @Parameters(paramLabel = "ID", description = "the incident's id, or enough of its start to name one incident")
        String id;

        OneIncident(PrintStream out) {
            super(out);
        }

        /** By full id, else by a unique prefix (ids are long; lists show them whole, people type the start). */
        final Incident find(AegisClient client) {
            return client.incident(id).orElseGet(() -> {
                List<Incident> matching = client.incidents(null).stream()
                        .filter(i -> i.incidentId().startsWith(id))
                        .toList();
                if (matching.size() == 1) {
                    return matching.getFirst();
                }
                throw new IllegalStateException(
                        matching.isEmpty()
                                ? "no incident " + id
                                : id + " matches " + matching.size() + " incidents; give more of the id");
            });
        }
    }

    @Command(name = "incident", description = "one incident: diagnosis, decision, commands, timeline")
    static final class ShowIncident extends OneIncident {

        @Option(names = "--json", description = JSON + " (the incident record)")
        boolean json;

        ShowIncident(PrintStream out) {
            super(out);
        }

        @Override
        int run(AegisClient client) {
            Incident incident = find(client);
            if (json) {
                printJson(incident);
            } else {
                out.print(IncidentView.render(incident));
            }
            return 0;
        }
    }

    /** {@code approve} and {@code reject}: the decision on the restart an incident waits for. */
    abstract static class Decide extends OneIncident {

        @Option(names = "--comment", paramLabel = "TEXT", description = "why (kept in the incident's timeline)")
        String comment;

        private final boolean approve;

        Decide(PrintStream out, boolean approve) {
            super(out);
            this.approve = approve;
        }

        /** Whether the approval skips the re-check at approval. */
        boolean force() {
            return false;
        }

        @Override
        int run(AegisClient client) {
            Incident incident = find(client);
            AegisClient.Answer answer = client.decide(incident.incidentId(), approve, force(), comment);
            if (answer.ok()) {
                out.println((approve ? "approved " : "rejected ") + incident.incidentId() + " as "
                        + client.connection().approver()
                        + (!approve ? "" : force() ? " (forced: no re-check)" : "; the target is re-checked first"));
                return 0;
            }
            out.println(answer.status() + " " + answer.json().path("message").asText(answer.body()));
            return 1;
        }
    }

    @Command(
            name = "approve",
            description = "approve the restart an incident waits for; it runs unless a re-check finds the target"
                    + " recovered")
    static final class Approve extends Decide {

        @Option(names = "--force", description = "act even if the target is healthy at approval (skips the re-check)")
        boolean force;

        Approve(PrintStream out) {
            super(out, true);
        }

        @Override
        boolean force() {
            return force;
        }
    }

    @Command(name = "reject", description = "reject the restart an incident waits for")
    static final class Reject extends Decide {
        Reject(PrintStream out) {
            super(out, false);
        }
    }

    @Command(name = "trace", description = "the incident's execution, state by state, with durations")
    static final class Trace extends OneIncident {

        @Option(
                names = "--json",
                description = JSON + " (the execution, and per state: offset, duration, summary, notes)")
        boolean json;

        Trace(PrintStream out) {
            super(out);
        }

        @Override
        int run(AegisClient client) {
            Incident incident = find(client);
            if (incident.executionArn() == null) {
                return failed(incident.incidentId() + " has no execution (status " + incident.status() + ")", json);
            }
            try {
                ExecutionTrace trace = client.trace(incident.executionArn());
                if (json) {
                    printJson(trace.toJson());
                } else {
                    out.print(trace.render());
                }
                return 0;
            } catch (ExecutionDoesNotExistException e) {
                return failed(
                        "the execution of " + incident.incidentId()
                                + " is gone: executions live in memory and end with the stack"
                                + " that ran them (the incident and its timeline are kept with --data-dir)",
                        json);
            }
        }
    }
}
