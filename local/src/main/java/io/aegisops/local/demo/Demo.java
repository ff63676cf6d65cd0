package io.aegisops.local.demo;

import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.DecisionMode;
import io.aegisops.contracts.DiagnosisSource;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.local.client.AegisClient;
import io.aegisops.local.trace.ExecutionTrace;
import io.aegisops.local.trace.StageSummary;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Plays the stories against a running stack, the way a user would see them: it switches a fault on in the
 * service (or deploys a bad release over it), waits for the incident the service's own alert opens, follows its execution stage by stage (from
 * the Step Functions history), answers for the on-call human when asked, and checks the outcome.
 */
public final class Demo {

    /** How one story ended. {@code problems} is empty when the outcome is the expected one. */
    public record Result(Story story, Incident incident, List<String> problems) {
        public boolean asExpected() {
            return problems.isEmpty();
        }
    }

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration DETECTION_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration INCIDENT_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration HEALTHY_TIMEOUT = Duration.ofSeconds(90);
    /** The stages worth a line of their own, with the name the line shows. */
    private static final Map<String, String> STAGES = Map.of(
            "CollectEvidence",
            "evidence",
            "Diagnose",
            "diagnosis",
            "RequestApproval",
            "approval",
            "RecheckAtApproval",
            "re-check",
            "Remediate",
            "remedy",
            "Verify",
            "verify",
            "RemedySawItHealthy",
            "verify",
            "Learn",
            "learn",
            "NotifyOutcome",
            "notify");

    private final AegisClient client;
    private final URI service;
    private final Consumer<String> deploy;
    private final PrintStream out;
    private final Set<String> seenIncidents = new HashSet<>();

    /** @param deploy deploys an image over the running service (as a deployment does); used by release stories */
    public Demo(AegisClient client, URI service, Consumer<String> deploy, PrintStream out) {
        this.client = client;
        this.service = service;
        this.deploy = deploy;
        this.out = out;
    }

    public List<Result> play(List<Story> stories) {
        client.incidents(null).forEach(i -> seenIncidents.add(i.incidentId()));
        List<Result> results = new ArrayList<>();
        for (int n = 0; n < stories.size(); n++) {
            Story story = stories.get(n);
            out.printf(Locale.ROOT, "%n%d/%d  %s%n", n + 1, stories.size(), story.title());
            out.println("     " + story.narrative());
            Result result;
            try {
                result = play(story);
            } catch (StoryTimeout e) {
                out.println("   ✘ " + e.getMessage());
                result = new Result(story, e.incident, List.of(e.getMessage()));
            }
            results.add(result);
        }
        return results;
    }

    private Result play(Story story) {
        awaitHealthy();
        Instant start = Instant.now();
        if (story.release() != null) {
            deploy.accept(story.release());
            out.println("     deployed " + story.release() + " over the running release (docker rm, docker run)");
        } else {
            AegisClient.Answer injected = client.post(service.resolve(story.fault()));
            out.println("     POST " + story.fault() + " → " + injected.status());
            if (!injected.ok()) {
                return new Result(
                        story,
                        null,
                        List.of("the service refused the fault: " + injected.status() + " " + injected.body()));
            }
        }
        Incident incident = awaitIncident(story, start);
        seenIncidents.add(incident.incidentId());
        progress(
                start,
                incident.createdAt(),
                "alert",
                incident.alert().alertType() + " (" + incident.alert().severity() + ") from the service → "
                        + incident.incidentId(),
                null);
        incident = follow(story, incident, start);
        if (story.clearAfter()) {
            client.post(service.resolve("/faults/clear"));
            out.println("     the on-call fixes the cause (POST /faults/clear)");
        }
        List<String> problems = check(story, incident);
        out.printf(
                Locale.ROOT,
                "   %s %s%s%s%n",
                problems.isEmpty() ? "✔" : "✘",
                incident.status(),
                incident.mttrMs() == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                ", MTTR %.1f s (alert accepted → healthy, learned)",
                                incident.mttrMs() / 1000.0),
                problems.isEmpty() ? "" : ": " + String.join("; ", problems));
        return new Result(story, incident, problems);
    }

    /**
     * The new incident the story's alert landed on: one opened since the story began, or one still open that a
     * stray alert of the same kind opened before (a leak's garbage collection can raise HighCpuUsage), which the
     * story's alert joins. A stray incident that has ended already (its alert resolved and its approval was
     * withdrawn) is not the story's.
     */
    private Incident awaitIncident(Story story, Instant start) {
        Instant deadline = start.plus(DETECTION_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            Optional<Incident> opened = client.incidents(null).stream()
                    .filter(i -> !seenIncidents.contains(i.incidentId())
                            && (!i.createdAt().isBefore(start) || !i.status().isTerminal())
                            && story.alertType().equals(i.alert().alertType()))
                    .findFirst();
            if (opened.isPresent()) {
                return opened.get();
            }
            sleep();
        }
        throw new StoryTimeout(
                "no " + story.alertType() + " incident within " + DETECTION_TIMEOUT.toSeconds() + " s of the fault",
                null);
    }

    /** Prints each stage as the execution leaves it, answers an approval request, returns the final incident. */
    private Incident follow(Story story, Incident incident, Instant start) {
        Instant deadline = Instant.now().plus(INCIDENT_TIMEOUT);
        int printed = 0;
        boolean answered = false;
        while (true) {
            incident = client.incident(incident.incidentId()).orElseThrow();
            if (incident.executionArn() != null) {
                ExecutionTrace trace = client.trace(incident.executionArn());
                List<ExecutionTrace.StateVisit> visits = trace.visits();
                for (; printed < visits.size(); printed++) {
                    ExecutionTrace.StateVisit visit = visits.get(printed);
                    if (!visit.finished() && !visit.type().equals("Fail")) {
                        if (visit.name().equals("RequestApproval")
                                && !answered
                                && incident.status() == IncidentStatus.AWAITING_APPROVAL) {
                            answered = actAsOnCall(story, incident, start);
                        }
                        break;
                    }
                    if (STAGES.containsKey(visit.name())) {
                        progress(
                                start,
                                visit.exited(),
                                STAGES.get(visit.name()),
                                StageSummary.describe(visit),
                                visit.duration());
                    }
                }
                if (!trace.status().equals("RUNNING") && incident.status().isTerminal()) {
                    return incident;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new StoryTimeout(
                        "the incident was still " + incident.status() + " after " + INCIDENT_TIMEOUT.toSeconds() + " s",
                        incident);
            }
            sleep();
        }
    }

    private boolean actAsOnCall(Story story, Incident incident, Instant start) {
        progress(
                start,
                Instant.now(),
                "approval",
                "AegisOps asks a human (Slack message with the approve/reject calls)"
                        + whyApproval(incident).map(why -> ", as " + why).orElse("")
                        + "; the demo answers as the on-call: ./aegis "
                        + (story.humanApproves() ? "approve " : "reject ") + incident.incidentId(),
                null);
        sleep(Duration.ofSeconds(1));
        AegisClient.Answer answer = client.decide(
                incident.incidentId(),
                story.humanApproves(),
                story.humanApproves() ? "demo: the diagnosis looks right, go ahead" : "demo: that will not fix this");
        if (!answer.ok()) {
            out.println("     the decision was refused: " + answer.status() + " " + answer.body());
        }
        return true;
    }

    /** The policy's reasons for asking a human ("runbook match, approved by people 0/3, …: needs approval"). */
    private static Optional<String> whyApproval(Incident incident) {
        return incident.decision() == null
                ? Optional.empty()
                : incident.decision().reasons().stream()
                        .filter(reason -> reason.contains("needs approval"))
                        .reduce((first, second) -> first + "; " + second);
    }

    private List<String> check(Story story, Incident incident) {
        Story.Expectation expected = story.expected();
        List<String> problems = new ArrayList<>();
        if (!expected.status().contains(incident.status())) {
            problems.add("expected " + expected.status() + ", ended " + incident.status());
        }
        DecisionMode mode =
                incident.decision() == null ? null : incident.decision().mode();
        if (!expected.decision().contains(mode)) {
            problems.add("expected decision " + expected.decision() + ", got " + mode);
        }
        DiagnosisSource source =
                incident.diagnosis() == null ? null : incident.diagnosis().source();
        if (!expected.source().contains(source)) {
            problems.add("expected diagnosis from " + expected.source() + ", got " + source);
        }
        Optional<CommandType> remedy = remedy(incident);
        if (remedy.isEmpty() && !expected.remedies().isEmpty()) {
            problems.add("no remedy ran, expected one of " + expected.remedies());
        } else if (remedy.isPresent() && !expected.remedies().contains(remedy.get())) {
            problems.add(
                    expected.remedies().isEmpty()
                            ? "the service got a " + remedy.get()
                            : "expected one of " + expected.remedies() + ", the service got a " + remedy.get());
        }
        return problems;
    }

    /** The remedy that ran on the service for the incident (RESTART, ROLLBACK, SCALE_UP, STOP), if one did. */
    public static Optional<CommandType> remedy(Incident incident) {
        return incident.commandResults().stream()
                .filter(r -> r.type() != null && r.type().changesContainer() && !r.dryRun() && ran(r))
                .map(CommandResult::type)
                .findFirst();
    }

    private static boolean ran(CommandResult result) {
        return result.after() != null || result.success();
    }

    private void awaitHealthy() {
        Instant deadline = Instant.now().plus(HEALTHY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (client.get(service.resolve("/health")).status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // restarting
            }
            sleep();
        }
        throw new StoryTimeout("the service was not healthy before the story began", null);
    }

    private void progress(Instant start, Instant at, String stage, String what, Duration took) {
        out.printf(
                Locale.ROOT,
                "   +%5.1f s  %-9s %s%s%n",
                Duration.between(start, at).toMillis() / 1000.0,
                stage,
                what,
                took == null ? "" : "  (" + took.toMillis() + " ms)");
    }

    private static void sleep() {
        sleep(POLL);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static final class StoryTimeout extends RuntimeException {
        private final transient Incident incident;

        StoryTimeout(String message, Incident incident) {
            super(message);
            this.incident = incident;
        }
    }
}
