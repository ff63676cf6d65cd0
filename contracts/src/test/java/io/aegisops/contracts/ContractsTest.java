package io.aegisops.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Unit: the rules the records enforce on their own. */
class ContractsTest {

    @Nested
    class IncidentIds {
        private final Instant startsAt = Instant.parse("2026-11-21T03:12:45Z");

        @Test
        void sameAlertGivesSameId() {
            assertThat(Incident.idFor(AlertSource.GRAFANA, "abc", startsAt))
                    .isEqualTo(Incident.idFor(AlertSource.GRAFANA, "abc", startsAt));
        }

        @Test
        void anyDifferenceGivesAnotherId() {
            String id = Incident.idFor(AlertSource.GRAFANA, "abc", startsAt);
            assertThat(Incident.idFor(AlertSource.ALERTMANAGER, "abc", startsAt))
                    .isNotEqualTo(id);
            assertThat(Incident.idFor(AlertSource.GRAFANA, "abd", startsAt)).isNotEqualTo(id);
            assertThat(Incident.idFor(AlertSource.GRAFANA, "abc", startsAt.plusSeconds(1)))
                    .isNotEqualTo(id);
        }

        @Test
        void idIsAValidExecutionName() {
            String hostileFingerprint = "a/b c:d*".repeat(40);
            for (AlertSource source : AlertSource.values()) {
                String id = Incident.idFor(source, hostileFingerprint, startsAt);
                assertThat(id).hasSizeLessThanOrEqualTo(80).matches("[0-9A-Za-z_-]+");
            }
        }
    }

    @Nested
    class Validation {
        @Test
        void confidenceOutsideUnitIntervalIsRefused() {
            assertThatThrownBy(
                            () -> new Diagnosis("x", Action.RESTART, 1.2, "", List.of(), DiagnosisSource.LLM, null, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("confidence");
        }

        @Test
        void targetWithoutContainerIsRefused() {
            assertThatThrownBy(() -> new Target("svc", "edge-1", " ", null, null, null, null))
                    .hasMessage("target.container is required");
        }

        @Test
        void duplicateServiceInTargetsIsRefused() {
            Target t = new Target("svc", "edge-1", "c", null, null, null, null);
            assertThatThrownBy(() -> new TargetsConfig(List.of(t, t))).hasMessageContaining("listed twice");
        }

        @Test
        void targetDefaultsToTheDesignBudget() {
            Target t = new Target("svc", "edge-1", "c", null, null, null, null);
            assertThat(t.restartBudget()).isEqualTo(new RestartBudget(3, 30));
            assertThat(t.allowedActions()).isEmpty();
        }

        @Test
        void scaleUpBoundsNeedEachMaximumWithItsStep() {
            assertThatThrownBy(() -> new ScaleUpBounds(512, null, null, null))
                    .hasMessageContaining("each pair or neither");
            assertThatThrownBy(() -> new ScaleUpBounds(null, null, null, null))
                    .hasMessageContaining("a memory pair, a CPU pair, or both");
            assertThatThrownBy(() -> new ScaleUpBounds(256, 512, null, null))
                    .hasMessageContaining("memoryStepMb <= maxMemoryMb");
            assertThatThrownBy(() -> new ScaleUpBounds(null, null, 2.0, 0.0))
                    .hasMessageContaining("0 < cpuStep <= maxCpus");
            assertThat(new ScaleUpBounds(512, 128, null, null).maxMemoryBytes()).isEqualTo(512L * 1024 * 1024);
        }

        @Test
        void onlyTheRemediesHaveACommand() {
            for (Action action : Action.values()) {
                assertThat(action.changesTarget())
                        .as(action.name())
                        .isEqualTo(action != Action.NOOP && action != Action.ESCALATE);
                action.command().ifPresent(type -> assertThat(type.name()).isEqualTo(action.name()));
                action.command()
                        .ifPresent(type -> assertThat(type.changesContainer()).isTrue());
            }
        }

        @Test
        void unknownFieldsAreIgnored() {
            Decision d =
                    Json.read("{\"mode\":\"NOOP\",\"reasons\":[],\"dryRun\":true,\"extra\":{\"x\":1}}", Decision.class);
            assertThat(d).isEqualTo(new Decision(DecisionMode.NOOP, List.of(), true));
        }
    }

    @Nested
    class Statuses {
        @Test
        void onlyEndStatesAreTerminal() {
            assertThat(List.of(IncidentStatus.values()).stream().filter(IncidentStatus::isTerminal))
                    .containsExactlyInAnyOrder(
                            IncidentStatus.RESOLVED,
                            IncidentStatus.FAILED,
                            IncidentStatus.ESCALATED,
                            IncidentStatus.NOOP,
                            IncidentStatus.REJECTED);
        }
    }
}
