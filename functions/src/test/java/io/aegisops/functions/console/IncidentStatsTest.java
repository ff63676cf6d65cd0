package io.aegisops.functions.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.Decision;
import io.aegisops.contracts.DecisionMode;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.DiagnosisSource;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Severity;
import io.aegisops.contracts.TargetRef;
import io.aegisops.functions.console.IncidentStats.BudgetUse;
import io.aegisops.functions.console.IncidentStats.Day;
import io.aegisops.functions.console.IncidentStats.Outcomes;
import io.aegisops.functions.console.IncidentStats.ServiceOutcomes;
import io.aegisops.functions.console.IncidentStats.Stats;
import io.aegisops.functions.pipeline.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Unit: the console's analytics from incidents, without I/O. */
class IncidentStatsTest {

    static final Instant NOW = Instant.parse("2026-12-06T13:00:00Z");
    static final List<BudgetUse> NO_BUDGETS = List.of();

    static Incident incident(
            String service,
            Instant createdAt,
            IncidentStatus status,
            DecisionMode mode,
            DiagnosisSource source,
            Long mttr) {
        Incident opened = Fixtures.received("inc-" + UUID.randomUUID(), service, "HighMemoryUsage", Severity.HIGH);
        return opened.toBuilder()
                .target(new TargetRef(service, service, "edge-1"))
                .createdAt(createdAt)
                .status(status)
                .decision(mode == null ? null : new Decision(mode, List.of("why"), false))
                .diagnosis(
                        source == null
                                ? null
                                : new Diagnosis("leak", Action.RESTART, 0.9, "why", List.of(), source, null, 1))
                .mttrMs(mttr)
                .build();
    }

    static Incident resolved(String service, Instant at, DecisionMode mode, long mttrMs) {
        return incident(service, at, IncidentStatus.RESOLVED, mode, DiagnosisSource.RULES, mttrMs);
    }

    @Nested
    class PerDay {
        @Test
        void everyDayOfThePeriodIsListedOldestFirstEvenWithoutIncidents() {
            Stats stats = IncidentStats.compute(List.of(), 3, NOW, false, NO_BUDGETS);

            assertThat(stats.perDay())
                    .extracting(Day::day)
                    .containsExactly(
                            LocalDate.parse("2026-12-04"),
                            LocalDate.parse("2026-12-05"),
                            LocalDate.parse("2026-12-06"));
            assertThat(stats.perDay())
                    .allSatisfy(day -> assertThat(day.mttrP50Ms()).isNull());
            assertThat(stats.from()).isEqualTo(Instant.parse("2026-12-04T00:00:00Z"));
        }

        @Test
        void mttrPercentilesAreOfTheDaysResolvedIncidentsByNearestRank() {
            List<Incident> incidents = new ArrayList<>();
            for (long seconds = 1; seconds <= 20; seconds++) {
                incidents.add(resolved("buggy-app", NOW.minusSeconds(seconds), DecisionMode.AUTO, seconds * 1000));
            }
            incidents.add(incident(
                    "buggy-app", NOW.minusSeconds(30), IncidentStatus.ESCALATED, DecisionMode.ESCALATE, null, null));

            Day today = IncidentStats.compute(incidents, 1, NOW, false, NO_BUDGETS)
                    .perDay()
                    .getFirst();

            assertThat(today.incidents()).isEqualTo(21);
            assertThat(today.mttrP50Ms()).isEqualTo(10_000);
            assertThat(today.mttrP95Ms()).isEqualTo(19_000);
        }

        @Test
        void incidentsOpenedBeforeThePeriodAreLeftOut() {
            Instant yesterdayLate = Instant.parse("2026-12-05T23:59:59Z");
            Stats stats = IncidentStats.compute(
                    List.of(resolved("buggy-app", yesterdayLate, DecisionMode.AUTO, 1000)), 1, NOW, false, NO_BUDGETS);

            assertThat(stats.incidents()).isZero();
            assertThat(stats.perDay())
                    .singleElement()
                    .satisfies(day -> assertThat(day.incidents()).isZero());
        }
    }

    @Nested
    class ByOutcome {
        @Test
        void resolvedAloneApprovedEscalatedAndTheRestAreCountedApart() {
            Instant at = NOW.minus(Duration.ofHours(1));
            List<Incident> incidents = List.of(
                    resolved("buggy-app", at, DecisionMode.AUTO, 1000),
                    resolved("buggy-app", at, DecisionMode.APPROVAL, 1000),
                    incident("checkout", at, IncidentStatus.ESCALATED, DecisionMode.APPROVAL, null, null),
                    incident("checkout", at, IncidentStatus.REJECTED, DecisionMode.APPROVAL, null, null),
                    incident("checkout", at, IncidentStatus.NOOP, DecisionMode.NOOP, null, null),
                    incident("checkout", at, IncidentStatus.DIAGNOSING, null, null, null));

            Stats stats = IncidentStats.compute(incidents, 1, NOW, false, NO_BUDGETS);

            assertThat(stats.perDay().getFirst().outcomes()).isEqualTo(new Outcomes(1, 1, 1, 3));
            assertThat(stats.services())
                    .containsExactly(
                            new ServiceOutcomes("buggy-app", 2, new Outcomes(1, 1, 0, 0)),
                            new ServiceOutcomes("checkout", 4, new Outcomes(0, 0, 1, 3)));
        }
    }

    @Nested
    class Diagnoses {
        @Test
        void eachRunbookDiagnosisIsAModelCallSaved() {
            Instant at = NOW.minusSeconds(60);
            List<Incident> incidents = List.of(
                    incident("a", at, IncidentStatus.RESOLVED, DecisionMode.AUTO, DiagnosisSource.RUNBOOK, 1L),
                    incident("a", at, IncidentStatus.RESOLVED, DecisionMode.AUTO, DiagnosisSource.RUNBOOK, 1L),
                    incident("a", at, IncidentStatus.RESOLVED, DecisionMode.AUTO, DiagnosisSource.LLM, 1L),
                    incident("a", at, IncidentStatus.DIAGNOSING, null, null, null));

            Stats stats = IncidentStats.compute(incidents, 14, NOW, false, NO_BUDGETS);

            assertThat(stats.diagnoses())
                    .containsEntry(DiagnosisSource.RUNBOOK, 2)
                    .containsEntry(DiagnosisSource.LLM, 1)
                    .containsEntry(DiagnosisSource.RULES, 0);
            assertThat(stats.modelCallsSaved()).isEqualTo(2);
        }
    }

    @Test
    void budgetsAndTheListingsTruncationAreReportedAsGiven() {
        List<BudgetUse> budgets = List.of(new BudgetUse("buggy-app", 2, 3, 60, NOW.minusSeconds(5)));

        Stats stats = IncidentStats.compute(List.of(), 14, NOW, true, budgets);

        assertThat(stats.budgets()).isEqualTo(budgets);
        assertThat(stats.truncated()).isTrue();
        assertThat(stats.days()).isEqualTo(14);
    }

    @Test
    void percentileOfNothingIsNull() {
        assertThat(IncidentStats.percentile(new long[0], 50)).isNull();
        assertThat(IncidentStats.percentile(new long[] {7}, 95)).isEqualTo(7);
    }
}
