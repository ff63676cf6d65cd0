package io.aegisops.functions.console;

import io.aegisops.contracts.DecisionMode;
import io.aegisops.contracts.DiagnosisSource;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The console's analytics, computed from incidents as plain Java: per day (UTC, by when the incident opened) the
 * MTTR's p50 and p95 of those resolved and the outcomes, the outcomes per service, the diagnoses by source (each
 * runbook diagnosis is a model call saved), and each target's remedies against its budget. Pure.
 */
public final class IncidentStats {

    private IncidentStats() {}

    /** What became of an incident, as the console counts it. */
    public enum Outcome {
        /** Resolved by a remedy the policy ran alone. */
        AUTO_FIXED,
        /** Resolved by a remedy people approved. */
        APPROVED,
        ESCALATED,
        /** Everything else: NOOP, rejected, failed, or still open. */
        OTHER;

        static Outcome of(Incident incident) {
            if (incident.status() == IncidentStatus.ESCALATED) {
                return ESCALATED;
            }
            if (incident.status() == IncidentStatus.RESOLVED && incident.decision() != null) {
                if (incident.decision().mode() == DecisionMode.AUTO) {
                    return AUTO_FIXED;
                }
                if (incident.decision().mode() == DecisionMode.APPROVAL) {
                    return APPROVED;
                }
            }
            return OTHER;
        }
    }

    /** The outcomes of a day or a service, by {@link Outcome}. */
    public record Outcomes(int autoFixed, int approved, int escalated, int other) {
        static Outcomes of(List<Incident> incidents) {
            Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
            incidents.forEach(i -> counts.merge(Outcome.of(i), 1, Integer::sum));
            return new Outcomes(
                    counts.getOrDefault(Outcome.AUTO_FIXED, 0),
                    counts.getOrDefault(Outcome.APPROVED, 0),
                    counts.getOrDefault(Outcome.ESCALATED, 0),
                    counts.getOrDefault(Outcome.OTHER, 0));
        }
    }

    /** One UTC day: the MTTR percentiles of its resolved incidents (null with none) and its outcomes. */
    public record Day(LocalDate day, int incidents, Long mttrP50Ms, Long mttrP95Ms, Outcomes outcomes) {}

    public record ServiceOutcomes(String service, int incidents, Outcomes outcomes) {}

    /** A target's remedies within its budget's window now, against the budget. */
    public record BudgetUse(String service, int used, int max, int windowMinutes, Instant lastRemedy) {}

    /**
     * @param incidents       incidents counted (opened within the days)
     * @param truncated       the listing stopped at its bound before reaching the first day: older days are partial
     * @param diagnoses       diagnoses by source, every source listed
     * @param modelCallsSaved diagnoses the runbook made alone, each one a model call not made
     */
    public record Stats(
            int days,
            Instant from,
            Instant to,
            int incidents,
            boolean truncated,
            List<Day> perDay,
            List<ServiceOutcomes> services,
            Map<DiagnosisSource, Integer> diagnoses,
            int modelCallsSaved,
            List<BudgetUse> budgets) {}

    /** The first instant counted for {@code days} days up to {@code now}: midnight UTC, {@code days - 1} days back. */
    public static Instant from(int days, Instant now) {
        return now.truncatedTo(ChronoUnit.DAYS).minus(days - 1L, ChronoUnit.DAYS);
    }

    /**
     * @param incidents the incidents to count; those opened before {@link #from} are left out
     * @param truncated the caller's listing stopped at its bound
     */
    public static Stats compute(
            List<Incident> incidents, int days, Instant now, boolean truncated, List<BudgetUse> budgets) {
        Instant from = from(days, now);
        List<Incident> counted = incidents.stream()
                .filter(i -> i.createdAt() != null && !i.createdAt().isBefore(from))
                .toList();
        Map<LocalDate, List<Incident>> byDay = new TreeMap<>();
        LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC);
        for (int d = 0; d < days; d++) {
            byDay.put(first.plusDays(d), new ArrayList<>());
        }
        Map<String, List<Incident>> byService = new TreeMap<>();
        Map<DiagnosisSource, Integer> diagnoses = new EnumMap<>(DiagnosisSource.class);
        for (DiagnosisSource source : DiagnosisSource.values()) {
            diagnoses.put(source, 0);
        }
        for (Incident incident : counted) {
            byDay.computeIfAbsent(LocalDate.ofInstant(incident.createdAt(), ZoneOffset.UTC), d -> new ArrayList<>())
                    .add(incident);
            String service =
                    incident.target() == null ? "unknown" : incident.target().service();
            byService.computeIfAbsent(service, s -> new ArrayList<>()).add(incident);
            if (incident.diagnosis() != null && incident.diagnosis().source() != null) {
                diagnoses.merge(incident.diagnosis().source(), 1, Integer::sum);
            }
        }
        List<Day> perDay = byDay.entrySet().stream()
                .map(e -> day(e.getKey(), e.getValue()))
                .toList();
        List<ServiceOutcomes> services = byService.entrySet().stream()
                .map(e -> new ServiceOutcomes(e.getKey(), e.getValue().size(), Outcomes.of(e.getValue())))
                .toList();
        return new Stats(
                days,
                from,
                now,
                counted.size(),
                truncated,
                perDay,
                services,
                diagnoses,
                diagnoses.get(DiagnosisSource.RUNBOOK),
                List.copyOf(budgets));
    }

    private static Day day(LocalDate day, List<Incident> incidents) {
        long[] mttr = incidents.stream()
                .filter(i -> i.status() == IncidentStatus.RESOLVED && i.mttrMs() != null)
                .mapToLong(Incident::mttrMs)
                .sorted()
                .toArray();
        return new Day(day, incidents.size(), percentile(mttr, 50), percentile(mttr, 95), Outcomes.of(incidents));
    }

    /** The nearest-rank percentile of sorted values: the smallest value at or above {@code p}% of them; null if none. */
    static Long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
