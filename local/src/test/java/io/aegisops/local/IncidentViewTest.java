package io.aegisops.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.AlertSource;
import io.aegisops.contracts.AlertStatus;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.NormalisedAlert;
import io.aegisops.contracts.Severity;
import io.aegisops.contracts.TargetRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unit: {@code aegis unmatched} shows what an unmatched alert named, so the user can see which label to fix. */
class IncidentViewTest {

    private static final Instant AT = Instant.parse("2026-12-06T09:12:45Z");

    private static Incident unmatched(AlertSource source, TargetRef said, Map<String, String> labels) {
        NormalisedAlert alert = new NormalisedAlert(
                source, AlertStatus.FIRING, "HighMemoryUsage", Severity.HIGH, said, "s", null, labels, AT, "fp", null);
        return Incident.opened("inc-1", alert, said, List.of(), AT);
    }

    @Test
    void anAlertmanagerAlertShowsTheLabelsTheResolverRead() {
        String table = IncidentView.unmatchedTable(List.of(unmatched(
                AlertSource.ALERTMANAGER,
                new TargetRef("node", null, "10.0.3.7"),
                Map.of(
                        "alertname",
                        "HighMemoryUsage",
                        "job",
                        "node",
                        "instance",
                        "10.0.3.7:9100",
                        "severity",
                        "high"))));

        assertThat(table)
                .contains("2026-12-06 09:12:45", "ALERTMANAGER", "HighMemoryUsage")
                .contains("job=node, instance=10.0.3.7:9100")
                .doesNotContain("severity=")
                .contains("aegis_target");
    }

    @Test
    void aGenericAlertShowsTheNamesItGave() {
        String table = IncidentView.unmatchedTable(
                List.of(unmatched(AlertSource.GENERIC, new TargetRef("payments", "payments-1", null), Map.of())));

        assertThat(table).contains("service=payments, container=payments-1, host=null");
    }

    @Test
    void noneIsSaidPlainly() {
        assertThat(IncidentView.unmatchedTable(List.of())).startsWith("no unmatched alerts");
    }
}
