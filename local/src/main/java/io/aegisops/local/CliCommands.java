package io.aegisops.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Json;
import io.aegisops.local.client.AegisClient;
import io.aegisops.local.client.ConnectionInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The commands that talk to a running stack ({@code aegis up}) through the connection info it wrote. */
final class CliCommands {

    /** What each command takes; every one takes --state-dir. */
    private static final Map<String, Set<String>> OPTIONS = Map.of(
            "alert", Set.of("--file", "--type", "--service", "--container", "--severity", "--summary", "--state-dir"),
            "incidents", Set.of("--status", "--state-dir"),
            "approve", Set.of("--comment", "--state-dir"),
            "reject", Set.of("--comment", "--state-dir"));

    private final PrintStream out;
    private final Path stateDir;

    CliCommands(PrintStream out, Path stateDir) {
        this.out = out;
        this.stateDir = stateDir;
    }

    int run(String command, List<String> args) {
        Arguments parsed = Arguments.parse(args, OPTIONS.getOrDefault(command, Set.of("--state-dir")));
        try (AegisClient client = new AegisClient(ConnectionInfo.read(stateDir))) {
            return switch (command) {
                case "alert" -> alert(client, parsed);
                case "incidents" -> incidents(client, parsed);
                case "incident" -> {
                    out.print(IncidentView.render(find(client, parsed.single("incident id"))));
                    yield 0;
                }
                case "approve", "reject" -> decide(client, find(client, parsed.single("incident id")), command.equals("approve"),
                        parsed.option("--comment").orElse(null));
                case "trace" -> trace(client, find(client, parsed.single("incident id")));
                default -> throw new Arguments.UsageException("unknown command: " + command);
            };
        }
    }

    private int alert(AegisClient client, Arguments args) {
        args.noPositionals();
        String body;
        if (args.option("--file").isPresent()) {
            if (args.option("--type").isPresent()) {
                throw new Arguments.UsageException("give --file or --type, not both");
            }
            try {
                body = Files.readString(Path.of(args.option("--file").get()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + args.option("--file").get(), e);
            }
        } else {
            String type = args.option("--type").orElseThrow(() -> new Arguments.UsageException("alert needs --file F or --type T"));
            ObjectNode alert = Json.mapper().createObjectNode();
            alert.put("incident_id", "cli-" + UUID.randomUUID());
            alert.put("status", "firing");
            alert.put("alert_type", type);
            alert.put("severity", args.option("--severity").orElse("HIGH"));
            String service = args.option("--service").orElse("buggy-app");
            alert.put("service", service);
            alert.put("container_name", args.option("--container").orElse(service));
            alert.put("summary", args.option("--summary").orElse(type + " (sent with aegis alert)"));
            alert.put("timestamp", Instant.now().toString());
            body = alert.toString();
        }
        AegisClient.Answer answer = client.postAlert(body);
        out.println(answer.status() + " " + answer.body());
        if (answer.ok()) {
            answer.json().findValuesAsText("incidentId").forEach(id -> out.println("follow it: ./aegis incident " + id + "   ./aegis trace " + id));
        }
        return answer.ok() ? 0 : 1;
    }

    private int incidents(AegisClient client, Arguments args) {
        args.noPositionals();
        IncidentStatus status = args.option("--status").map(s -> {
            try {
                return IncidentStatus.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new Arguments.UsageException("--status must be one of " + List.of(IncidentStatus.values()));
            }
        }).orElse(null);
        List<Incident> incidents = client.incidents(status);
        out.print(IncidentView.table(incidents));
        return 0;
    }

    private int decide(AegisClient client, Incident incident, boolean approve, String comment) {
        AegisClient.Answer answer = client.decide(incident.incidentId(), approve, comment);
        if (answer.ok()) {
            out.println((approve ? "approved " : "rejected ") + incident.incidentId() + " as " + client.connection().approver());
            return 0;
        }
        out.println(answer.status() + " " + answer.json().path("message").asText(answer.body()));
        return 1;
    }

    private int trace(AegisClient client, Incident incident) {
        if (incident.executionArn() == null) {
            out.println(incident.incidentId() + " has no execution (status " + incident.status() + ")");
            return 1;
        }
        try {
            out.print(client.trace(incident.executionArn()).render());
            return 0;
        } catch (software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException e) {
            out.println("the execution of " + incident.incidentId() + " is gone: executions live in memory and end with the stack"
                    + " that ran them (the incident and its timeline are kept with --data-dir)");
            return 1;
        }
    }

    /** By full id, else by a unique prefix (ids are long; lists show them whole, people type the start). */
    private static Incident find(AegisClient client, String idOrPrefix) {
        return client.incident(idOrPrefix).orElseGet(() -> {
            List<Incident> matching = client.incidents(null).stream().filter(i -> i.incidentId().startsWith(idOrPrefix)).toList();
            if (matching.size() == 1) {
                return matching.getFirst();
            }
            throw new IllegalStateException(matching.isEmpty() ? "no incident " + idOrPrefix
                    : idOrPrefix + " matches " + matching.size() + " incidents; give more of the id");
        });
    }
}
