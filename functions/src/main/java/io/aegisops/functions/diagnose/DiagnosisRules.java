package io.aegisops.functions.diagnose;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.DiagnosisSource;
import io.aegisops.contracts.Evidence;
import io.aegisops.contracts.NormalisedAlert;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The deterministic diagnosis, always available. The alert and the evidence are first turned into signals
 * ({@link AlertSignals}, {@link HostSignals}): what each says ({@link Sign}) and where it was found ({@link Source}).
 * Two tables then decide over the signals.
 *
 * <p><b>What supports a restart</b> ({@link #RESTART_WEIGHTS}): each row weighs one sign from one source, e.g. the
 * agent's probe answering non-2xx at 0.60. Confidence is composed as independent witnesses: each witness (a source;
 * Docker health and the probe are one, they ask the same URL) counts once, with its strongest row, and the
 * confidence is {@code 1 − Π(1 − weight)} over the witnesses: the chance that not one of them is right, taken from
 * one. One strong witness alone keeps its weight; agreeing witnesses raise it; nothing reaches certainty (at most
 * 0.99).
 *
 * <p><b>Contradiction.</b> Rows marked {@code contradictedByHealthyTarget} (down, crash loop, CPU and errors read
 * from the alert) are contradicted by a target that is running and healthy, or running, not unhealthy and started
 * after the alert began, unless the host itself reports the same sign (CPU at its quota, error lines in the logs).
 * Then they can lift the restart no higher than {@code unconfirmedCeiling} (below the policy's auto threshold: a
 * human approves), while the rows a healthy target can still show (memory near its limit, an OOM kill, error
 * lines, CPU at its quota) count in full. A leak is caught while the target still passes its health check, which
 * is when a restart helps most.
 *
 * <p><b>The conclusion</b> ({@link #CONCLUSIONS}): the first row that applies decides.
 *
 * <ol>
 *   <li>A <b>stale</b> alert ends NOOP, and settles the diagnosis alone (no runbook, no model): the alert says
 *       down, OOM, memory, CPU or errors; it began before the target's last start; and the target is running and
 *       healthy now (a positive health reading, none negative, no memory near its limit or CPU at its quota). A
 *       firing alert whose target is still unhealthy after a restart is not stale: the restart did not help, and
 *       the alert says so. Neither is a crash-loop alert (restarts are its symptom), nor an alert without a health
 *       reading to show recovery. Logs are not read for this: a log tail spans restarts.
 *   <li>Disk space and certificate expiry are not fixed by a restart: ESCALATE.
 *   <li>A <b>bad release</b> is rolled back, not restarted (a restart runs the same image again): ROLLBACK when the
 *       target runs a new image (the agent recorded the one before), it is unhealthy or down, the alert is about
 *       errors, down or a crash loop, nothing points at memory or CPU instead, and a restart would have been
 *       proposed. Its confidence is the restart's (how sure it is that the target is broken); the policy asks a
 *       human for every rollback, and the target's catalog must hold ROLLBACK, or the policy escalates.
 *   <li>RESTART when its confidence is at least {@link #ACT_FLOOR} and above what an alert of slow latency makes
 *       of escalating (0.60: a restart does not make a dependency faster).
 *   <li>Latency the evidence does not pin on the target: ESCALATE.
 *   <li>A running, healthy target and nothing else recognised: NOOP.
 *   <li>Signals too weak to act on: ESCALATE. Nothing recognised: ESCALATE.
 * </ol>
 *
 * Every signal is listed in the diagnosis' evidence, each with what it contributed.
 */
public final class DiagnosisRules {

    /** The least confidence a restart is proposed at; below it the rules escalate what they found. */
    static final double ACT_FLOOR = 0.5;

    /** What an alert of latency gives to escalating: a restart must beat it. */
    static final double SLOW_DEPENDENCY = 0.6;

    /** No composition claims certainty. */
    static final double MOST = 0.99;

    /**
     * One sign from one source, and what it gives a restart.
     *
     * @param contradictedByHealthyTarget contradicted by a running, healthy target (see the class comment)
     */
    record Weight(
            Sign sign,
            Source source,
            double weight,
            boolean contradictedByHealthyTarget,
            String rootCause,
            String justification) {}

    private static final String LEAK = "Memory exhaustion (likely a leak) in {service}";
    private static final String LEAK_WHY =
            "memory grows until the heap is full; a restart releases it until the leak is fixed";
    private static final String UNHEALTHY = "{service} fails its health check";
    private static final String UNHEALTHY_WHY =
            "a service that fails its own health check serves badly; a restart" + " usually brings it back";
    private static final String ERRORS = "{service} answers with errors";
    private static final String ERRORS_WHY =
            "the service itself reports errors; a restart clears a wedged state, though not a bad dependency";
    private static final String CPU = "CPU saturation in {service}";
    private static final String CPU_WHY =
            "busy threads saturate the CPU; a restart usually clears a runaway loop, but the cause may be load";

    /** The table of what supports a restart: sign, source, weight, contradicted by a healthy target, why. */
    static final List<Weight> RESTART_WEIGHTS = List.of(
            new Weight(
                    Sign.OOM,
                    Source.CONTAINER,
                    0.95,
                    false,
                    "The container was killed for running out of memory",
                    "the kernel OOM killer stopped the container; a restart frees its memory"),
            new Weight(Sign.OOM, Source.ALERT, 0.9, false, LEAK, LEAK_WHY),
            new Weight(Sign.OOM, Source.LOGS, 0.9, false, LEAK, LEAK_WHY),
            new Weight(Sign.MEMORY, Source.ALERT, 0.9, false, LEAK, LEAK_WHY),
            new Weight(Sign.MEMORY, Source.RESOURCES, 0.7, false, LEAK, LEAK_WHY),
            new Weight(
                    Sign.DOWN,
                    Source.CONTAINER,
                    0.85,
                    false,
                    "The container is not running",
                    "a stopped or crashed container serves nothing; a restart brings it back"),
            new Weight(
                    Sign.DOWN,
                    Source.ALERT,
                    0.85,
                    true,
                    "The service crashed or went down",
                    "the alert reports the service down; a restart brings it back"),
            new Weight(
                    Sign.CRASH_LOOP,
                    Source.ALERT,
                    0.85,
                    true,
                    "The service keeps crashing",
                    "the alert reports a crash loop; a clean restart may break it, and failing that the budget stops"
                            + " the loop"),
            new Weight(Sign.UNHEALTHY, Source.DOCKER_HEALTH, 0.6, false, UNHEALTHY, UNHEALTHY_WHY),
            new Weight(Sign.UNHEALTHY, Source.PROBE, 0.6, false, UNHEALTHY, UNHEALTHY_WHY),
            new Weight(Sign.CPU, Source.ALERT, 0.7, true, CPU, CPU_WHY),
            new Weight(Sign.CPU, Source.RESOURCES, 0.4, false, CPU, CPU_WHY),
            new Weight(Sign.ERRORS, Source.ALERT, 0.45, true, ERRORS, ERRORS_WHY),
            new Weight(Sign.ERRORS, Source.LOGS, 0.4, false, ERRORS, ERRORS_WHY));

    /** What the rules concluded, and whether the evidence settles it so that no runbook or model is asked. */
    public record Verdict(Diagnosis diagnosis, boolean settled) {}

    /** One row of the conclusion table: when it applies, and what it concludes. */
    private record Conclusion(Predicate<Case> applies, Function<Case, Diagnosis> conclude, boolean settles) {}

    private static final List<Conclusion> CONCLUSIONS = List.of(
            new Conclusion(Case::isStale, DiagnosisRules::stale, true),
            new Conclusion(
                    c -> c.alertSays(Sign.DISK) || c.alertSays(Sign.CERT_EXPIRY), DiagnosisRules::notARestart, false),
            new Conclusion(
                    c -> c.isBadRelease() && c.restart().confidence() >= ACT_FLOOR, DiagnosisRules::rollback, false),
            new Conclusion(
                    c -> c.restart().confidence() >= ACT_FLOOR
                            && c.restart().confidence() > (c.alertSays(Sign.LATENCY) ? SLOW_DEPENDENCY : 0),
                    DiagnosisRules::restart,
                    false),
            new Conclusion(c -> c.alertSays(Sign.LATENCY), DiagnosisRules::slowDependency, false),
            new Conclusion(c -> c.healthy() && c.nothingElseFound(), DiagnosisRules::nothingWrong, false),
            new Conclusion(c -> c.restart().confidence() > 0, DiagnosisRules::tooWeak, false),
            new Conclusion(c -> true, DiagnosisRules::unrecognised, false));

    private DiagnosisRules() {}

    /**
     * @param unconfirmedCeiling the highest confidence a restart may have on the alert's word alone against a host
     *                           that contradicts it; the caller keeps it below the policy's auto threshold
     */
    public static Verdict diagnose(NormalisedAlert alert, Evidence evidence, double unconfirmedCeiling) {
        List<Signal> signals = new ArrayList<>(AlertSignals.of(alert, AlertVocabulary.standard()));
        signals.addAll(HostSignals.of(alert, evidence));
        Case c = Case.of(alert, evidence, signals, unconfirmedCeiling);
        Conclusion conclusion = CONCLUSIONS.stream()
                .filter(row -> row.applies().test(c))
                .findFirst()
                .orElseThrow();
        return new Verdict(conclusion.conclude().apply(c), conclusion.settles());
    }

    /** The restart's composed confidence, the rows behind it, and the lines that explain it. */
    record Support(double confidence, List<Weight> rows, List<String> explanation) {

        Optional<Weight> strongest() {
            return rows.stream().max(Comparator.comparingDouble(Weight::weight));
        }
    }

    /** The signals of one incident and what follows from them. */
    private record Case(String service, String alertType, List<Signal> signals, boolean running, Support restart) {

        static Case of(NormalisedAlert alert, Evidence evidence, List<Signal> signals, double ceiling) {
            String service = alert.target() == null || alert.target().service() == null
                    ? "the service"
                    : alert.target().service();
            ContainerState container = evidence != null && evidence.available() ? evidence.container() : null;
            boolean running = container != null && "running".equalsIgnoreCase(container.status());
            Case found = new Case(service, alert.alertType(), signals, running, null);
            return new Case(service, alert.alertType(), signals, running, support(found, ceiling));
        }

        boolean has(Sign sign, Source source) {
            return signals.stream().anyMatch(s -> s.sign() == sign && s.source() == source);
        }

        boolean has(Sign sign) {
            return signals.stream().anyMatch(s -> s.sign() == sign);
        }

        boolean alertSays(Sign sign) {
            return has(sign, Source.ALERT);
        }

        /** Running, a health reading says healthy and none says otherwise, and not OOM-killed. */
        boolean healthy() {
            return running && has(Sign.HEALTHY) && !has(Sign.UNHEALTHY) && !has(Sign.OOM, Source.CONTAINER);
        }

        /** What makes the alert's own word doubtful: the target is healthy, or restarted since and not unhealthy. */
        Optional<String> contradiction() {
            if (healthy()) {
                return Optional.of("the target is running and healthy");
            }
            if (running && has(Sign.STARTED_AFTER_ALERT) && !has(Sign.UNHEALTHY) && !has(Sign.OOM, Source.CONTAINER)) {
                return Optional.of("the target is running and started after the alert began");
            }
            return Optional.empty();
        }

        boolean isStale() {
            return has(Sign.STARTED_AFTER_ALERT)
                    && healthy()
                    && Stream.of(Sign.DOWN, Sign.OOM, Sign.MEMORY, Sign.CPU, Sign.ERRORS)
                            .anyMatch(this::alertSays)
                    && !Stream.of(Sign.CRASH_LOOP, Sign.LATENCY, Sign.DISK, Sign.CERT_EXPIRY)
                            .anyMatch(this::alertSays)
                    && !has(Sign.MEMORY, Source.RESOURCES)
                    && !has(Sign.CPU, Source.RESOURCES);
        }

        /** Neither the alert nor the host names anything wrong (a new image alone is nothing wrong). */
        boolean nothingElseFound() {
            return signals.stream()
                    .allMatch(s -> s.sign() == Sign.HEALTHY
                            || s.sign() == Sign.STARTED_AFTER_ALERT
                            || s.sign() == Sign.NEW_IMAGE);
        }

        /**
         * A new image the target fails on: unhealthy or down, an alert about errors, down or a crash loop, and
         * nothing that blames memory or CPU instead (a leak is restarted, whatever the image).
         */
        boolean isBadRelease() {
            return has(Sign.NEW_IMAGE)
                    && (has(Sign.UNHEALTHY) || has(Sign.DOWN, Source.CONTAINER))
                    && Stream.of(Sign.DOWN, Sign.CRASH_LOOP, Sign.ERRORS).anyMatch(this::alertSays)
                    && Stream.of(Sign.OOM, Sign.MEMORY, Sign.CPU).noneMatch(this::has);
        }

        /** What the new-image signal says: {@code runs X, ran Y before}. */
        String release() {
            return signals.stream()
                    .filter(s -> s.sign() == Sign.NEW_IMAGE)
                    .map(Signal::detail)
                    .findFirst()
                    .orElse("");
        }

        String named(String template) {
            return template.replace("{service}", service);
        }

        /** Every signal as a line of evidence, with what it gave the restart. */
        List<String> lines() {
            List<String> lines = new ArrayList<>();
            for (Signal signal : signals) {
                Optional<Weight> row = weightOf(signal);
                lines.add(signal
                        + row.map(w -> " — supports RESTART at " + format(w.weight()))
                                .orElse(""));
            }
            return lines;
        }
    }

    private static Support support(Case c, double ceiling) {
        List<Weight> rows = c.signals().stream()
                .map(DiagnosisRules::weightOf)
                .flatMap(Optional::stream)
                .toList();
        double all = compose(rows);
        List<String> explanation = new ArrayList<>();
        if (rows.isEmpty()) {
            return new Support(0, rows, explanation);
        }
        explanation.add("RESTART " + formula(rows) + " = " + format(Math.min(MOST, round(all))));
        double confidence = all;
        Optional<String> contradiction = c.contradiction();
        Predicate<Weight> doubted = w -> w.contradictedByHealthyTarget()
                && rows.stream().noneMatch(other -> other.sign() == w.sign() && other.source() != Source.ALERT);
        List<Weight> contradicted = rows.stream().filter(doubted).toList();
        if (contradiction.isPresent() && !contradicted.isEmpty() && all > ceiling) {
            List<Weight> free = rows.stream().filter(doubted.negate()).toList();
            confidence = Math.max(compose(free), ceiling);
            explanation.add("but " + contradiction.get() + ", which contradicts the alert's "
                    + contradicted.stream()
                            .map(w -> "'" + w.sign().words + "'")
                            .distinct()
                            .collect(Collectors.joining(", "))
                    + ": what the alert alone says is capped at " + format(ceiling)
                    + (free.isEmpty() ? "" : ", the rest " + formula(free))
                    + " = " + format(Math.min(MOST, round(confidence))));
        }
        return new Support(Math.min(MOST, round(confidence)), rows, explanation);
    }

    /** {@code 1 − Π(1 − w)} over the witnesses, each with its strongest row. */
    static double compose(List<Weight> rows) {
        Map<String, Double> strongest = strongestByWitness(rows);
        double none = 1;
        for (double w : strongest.values()) {
            none *= 1 - w;
        }
        return 1 - none;
    }

    private static Map<String, Double> strongestByWitness(List<Weight> rows) {
        Map<String, Double> strongest = new HashMap<>();
        for (Weight row : rows) {
            strongest.merge(row.source().witness, row.weight(), Math::max);
        }
        return strongest;
    }

    /** {@code 1 − (1 − 0.45)(1 − 0.60)} in the table's order of witnesses. */
    private static String formula(List<Weight> rows) {
        Map<String, Double> strongest = strongestByWitness(rows);
        List<String> factors = rows.stream()
                .map(w -> w.source().witness)
                .distinct()
                .map(witness -> "(1 − " + format(strongest.get(witness)) + " " + witness + ")")
                .toList();
        return "1 − " + String.join("", factors);
    }

    static Optional<Weight> weightOf(Signal signal) {
        return RESTART_WEIGHTS.stream()
                .filter(w -> w.sign() == signal.sign() && w.source() == signal.source())
                .findFirst();
    }

    private static Diagnosis restart(Case c) {
        Support support = c.restart();
        Weight strongest = support.strongest().orElseThrow();
        List<String> evidence = c.lines();
        evidence.addAll(support.explanation());
        return diagnosis(
                c.named(strongest.rootCause()),
                Action.RESTART,
                support.confidence(),
                strongest.justification(),
                evidence);
    }

    private static Diagnosis rollback(Case c) {
        Support support = c.restart();
        List<String> evidence = c.lines();
        evidence.addAll(support.explanation());
        evidence.add("ROLLBACK rather than RESTART: the target fails on its new image (" + c.release()
                + "), and a restart would run the same image again");
        return diagnosis(
                "A bad release: " + c.service() + " fails since it " + c.release(),
                Action.ROLLBACK,
                support.confidence(),
                "the target broke with its new image; a rollback to the image it ran before brings back what worked",
                evidence);
    }

    private static Diagnosis stale(Case c) {
        List<String> evidence = c.lines();
        evidence.add("stale: the alert began before the target's last start, and the target is healthy since");
        return diagnosis(
                "A stale alert: " + c.service() + " restarted after it began and is healthy now",
                Action.NOOP,
                0.9,
                "the restart since the alert answered it; restarting a healthy target again would only interrupt it",
                evidence);
    }

    private static Diagnosis notARestart(Case c) {
        boolean disk = c.alertSays(Sign.DISK);
        List<String> evidence = c.lines();
        evidence.add("a restart does not fix " + (disk ? Sign.DISK.words : Sign.CERT_EXPIRY.words));
        return diagnosis(
                disk
                        ? "Disk space is running out for " + c.service()
                        : "A TLS certificate of " + c.service() + " is about to expire or has expired",
                Action.ESCALATE,
                0.9,
                disk
                        ? "a restart does not give a full disk its space back; a human must clean up or grow it"
                        : "a restart does not renew a certificate; a human must renew it",
                evidence);
    }

    private static Diagnosis slowDependency(Case c) {
        List<String> evidence = c.lines();
        evidence.addAll(c.restart().explanation());
        return diagnosis(
                "Latency from a dependency of " + c.service(),
                Action.ESCALATE,
                SLOW_DEPENDENCY,
                "the service waits on something it calls; restarting it would not make the dependency faster",
                evidence);
    }

    private static Diagnosis nothingWrong(Case c) {
        return diagnosis(
                "The target is running and healthy",
                Action.NOOP,
                0.6,
                "nothing on the host confirms the alert",
                c.lines());
    }

    private static Diagnosis tooWeak(Case c) {
        List<String> evidence = c.lines();
        evidence.addAll(c.restart().explanation());
        evidence.add("below " + format(ACT_FLOOR) + ": too little to propose a restart");
        return diagnosis(
                "Signs of trouble in " + c.service() + ", too weak to act on",
                Action.ESCALATE,
                0.4,
                "what was found does not make a restart likely to help; a human should look",
                evidence);
    }

    private static Diagnosis unrecognised(Case c) {
        List<String> evidence = c.lines();
        evidence.addFirst("no rule recognises the alert '" + c.alertType() + "' by its name or words");
        return diagnosis(
                "No rule recognises this alert",
                Action.ESCALATE,
                0.3,
                "a human should look; no known pattern matched",
                evidence);
    }

    private static Diagnosis diagnosis(
            String rootCause, Action action, double confidence, String justification, List<String> evidence) {
        return new Diagnosis(rootCause, action, confidence, justification, evidence, DiagnosisSource.RULES, null, 0);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
