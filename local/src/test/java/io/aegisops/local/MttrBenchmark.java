package io.aegisops.local;

import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.functions.policy.Trust;
import io.aegisops.local.client.AegisClient;
import io.aegisops.local.stack.EmbeddedStack;
import io.aegisops.local.stack.StackOptions;
import io.aegisops.local.stack.StackSettings;
import io.aegisops.local.trace.ExecutionTrace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Prints the MTTR of repeated memory-leak incidents on the embedded stack and where the time goes. Not part
 * of the default run:
 * <pre>
 * ./mvnw -B -q -pl local -am verify -Dtest=MttrBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     [-Dbenchmark.incidents=20] [-Dbenchmark.runtime=process|docker]
 * </pre>
 * Each round switches the leak on in the real service, waits for the incident its alert opens and for the
 * execution to end, then reads the phases from the execution history (state durations), the incident (MTTR
 * = accepted → Learn) and the agent's own measure of the restart.
 *
 * <p>It runs twice in one go (issue 17's doorbell, before and after): first with the agent polling the table at
 * its default 2 s and no doorbell, then with the stack's defaults (the doorbell, safety poll 80 s). The evidence
 * and "command pickup + answer" phases show the pickups.
 */
class MttrBenchmark {

    private static final List<String> PHASES = List.of(
            "detection (fault → alert accepted)",
            "ingest (accepted → execution started)",
            "evidence (INSPECT via the agent)",
            "diagnose",
            "notify diagnosed",
            "command pickup + answer (restart)",
            "restart (agent: stop, start, until healthy)",
            "probe (Verify; none when the restart saw it healthy)",
            "learn",
            "MTTR (accepted → learned)",
            "MTTR − restart (issue 17: ≤ 150 ms)",
            "pipeline overhead (MTTR − restart − probe)");

    /** Before the doorbell: the agent polls the table at its default interval. */
    private static final Map<String, String> TABLE_POLL =
            Map.of(StackSettings.DOORBELL_QUEUE_PREFIX, "", StackSettings.POLL_INTERVAL_MS, "2000");

    @Test
    void measure() {
        int incidents = Integer.getInteger("benchmark.incidents", 20);
        StackOptions.AppRuntime runtime = StackOptions.AppRuntime.valueOf(
                System.getProperty("benchmark.runtime", "process").toUpperCase(Locale.ROOT));
        measure(incidents, runtime, "table poll every 2 s, no doorbell (before)", TABLE_POLL);
        measure(incidents, runtime, "doorbell, the stack's defaults (after)", Map.of());
    }

    private static void measure(
            int incidents, StackOptions.AppRuntime runtime, String mode, Map<String, String> overrides) {
        Map<String, String> settings = new LinkedHashMap<>(overrides);
        // one approval earns the pattern AUTO: the first runbook match is approved (a warm-up round), the rest run
        // alone
        settings.put(Trust.MIN_APPROVALS, "1");
        settings.put(StackSettings.RESTART_BUDGET_MAX, Integer.toString(incidents + 3));
        Map<String, List<Long>> samples = new LinkedHashMap<>();
        PHASES.forEach(phase -> samples.put(phase, new ArrayList<>()));
        Set<String> seen = new HashSet<>();
        Map<String, Integer> sources = new LinkedHashMap<>();
        try (EmbeddedStack stack = TestStack.start("benchmark", runtime, settings);
                AegisClient client = stack.client()) {
            int warmUps = 0;
            for (int round = 0; round < incidents; round++) {
                TestStack.await(
                        "the service to be healthy",
                        Duration.ofSeconds(60),
                        () -> java.util.Optional.of(
                                        client.get(stack.settings().healthUrl()).status())
                                .filter(status -> status == 200));
                long faultAt = System.currentTimeMillis();
                client.post(stack.settings().appUrl().resolve("/faults/memory?mbPerSecond=16&holdSeconds=86400"));
                Incident opened = TestStack.awaitIncident(
                        client,
                        "a memory incident",
                        Duration.ofSeconds(60),
                        i -> !seen.contains(i.incidentId())
                                && i.alert().alertType().equals("HighMemoryUsage"));
                seen.add(opened.incidentId());
                if (awaitsApproval(client, opened.incidentId())) {
                    client.decide(opened.incidentId(), true, "benchmark warm-up: teach the pattern");
                    TestStack.awaitClosed(client, opened.incidentId(), Duration.ofMinutes(2));
                    if (++warmUps > 2) {
                        throw new AssertionError("the pattern still asks for approval after " + warmUps + " approvals");
                    }
                    round--;
                    continue;
                }
                Incident closed = TestStack.awaitClosed(client, opened.incidentId(), Duration.ofMinutes(2));
                if (closed.status() != IncidentStatus.RESOLVED) {
                    throw new AssertionError(
                            "round " + round + " ended " + closed.status() + ": " + closed.incidentId());
                }
                sources.merge(closed.diagnosis().source().name(), 1, Integer::sum);
                record(samples, faultAt, closed, client.trace(closed.executionArn()));
            }
            print(incidents, runtime, mode, stack, samples, sources);
        }
    }

    /** Whether the incident waits for a person (the pattern has not earned AUTO yet) rather than running alone. */
    private static boolean awaitsApproval(AegisClient client, String incidentId) {
        return TestStack.await(
                "the incident to wait for approval or to close",
                Duration.ofMinutes(2),
                () -> client.incident(incidentId)
                        .filter(i -> i.status() == IncidentStatus.AWAITING_APPROVAL
                                || i.status().isTerminal())
                        .map(i -> i.status() == IncidentStatus.AWAITING_APPROVAL));
    }

    private static void record(Map<String, List<Long>> samples, long faultAt, Incident incident, ExecutionTrace trace) {
        long restart = incident.commandResults().stream()
                .filter(r -> r.type() == CommandType.RESTART)
                .mapToLong(CommandResult::durationMs)
                .findFirst()
                .orElseThrow();
        long mttr = incident.mttrMs();
        long probe =
                trace.visits().stream().anyMatch(v -> v.name().equals("Verify")) ? stateMillis(trace, "Verify") : 0;
        samples.get(PHASES.get(0)).add(incident.createdAt().toEpochMilli() - faultAt);
        samples.get(PHASES.get(1))
                .add(trace.startDate().toEpochMilli() - incident.createdAt().toEpochMilli());
        samples.get(PHASES.get(2)).add(stateMillis(trace, "CollectEvidence"));
        samples.get(PHASES.get(3)).add(stateMillis(trace, "Diagnose"));
        samples.get(PHASES.get(4)).add(stateMillis(trace, "NotifyDiagnosed"));
        samples.get(PHASES.get(5)).add(stateMillis(trace, "Remediate") - restart);
        samples.get(PHASES.get(6)).add(restart);
        samples.get(PHASES.get(7)).add(probe);
        samples.get(PHASES.get(8)).add(stateMillis(trace, "Learn"));
        samples.get(PHASES.get(9)).add(mttr);
        samples.get(PHASES.get(10)).add(mttr - restart);
        samples.get(PHASES.get(11)).add(mttr - restart - probe);
    }

    /** The first visit of a state (the memory story verifies healthy on the first probe). */
    private static long stateMillis(ExecutionTrace trace, String state) {
        return trace.visits().stream()
                .filter(v -> v.name().equals(state) && v.finished())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no finished " + state + " in " + trace.executionArn()))
                .duration()
                .toMillis();
    }

    private static void print(
            int incidents,
            StackOptions.AppRuntime runtime,
            String mode,
            EmbeddedStack stack,
            Map<String, List<Long>> samples,
            Map<String, Integer> sources) {
        System.out.printf(
                Locale.ROOT,
                "%nMttrBenchmark [%s]: %d memory-leak incidents, service as %s (%s), %d processors, poll %s ms, diagnosis sources %s%n",
                mode,
                incidents,
                runtime.name().toLowerCase(Locale.ROOT),
                stack.service().describe(),
                Runtime.getRuntime().availableProcessors(),
                stack.settings().get(StackSettings.POLL_INTERVAL_MS),
                sources);
        System.out.printf(Locale.ROOT, "%-45s %8s %8s %8s %8s%n", "phase (ms)", "p50", "p95", "mean", "max");
        samples.forEach((phase, values) -> {
            List<Long> sorted = values.stream().sorted().toList();
            System.out.printf(
                    Locale.ROOT,
                    "%-45s %8d %8d %8.0f %8d%n",
                    phase,
                    percentile(sorted, 50),
                    percentile(sorted, 95),
                    sorted.stream().mapToLong(Long::longValue).average().orElse(0),
                    sorted.getLast());
        });
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
