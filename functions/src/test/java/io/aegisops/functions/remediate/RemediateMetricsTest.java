package io.aegisops.functions.remediate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.metrics.Metric;
import io.aegisops.functions.pipeline.Events;
import io.aegisops.functions.pipeline.Fixtures;
import io.aegisops.functions.pipeline.InMemoryStores;
import io.aegisops.functions.pipeline.MetricLines;
import io.aegisops.functions.policy.PolicySettings;
import io.aegisops.testsupport.LogCapture;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What Remediate measures: each restart it queues for real, once, for its service. */
class RemediateMetricsTest {

    @RegisterExtension
    final LogCapture capture = LogCapture.isolated();

    final MetricLines metrics = new MetricLines(capture);
    final InMemoryStores stores = InMemoryStores.create();
    final String id = Fixtures.newIncidentId();

    RemediateMetricsTest() {
        stores.incidents().create(Fixtures.received(id));
    }

    JsonNode remediate(PolicySettings policy, String service) throws Exception {
        return Events.invoke(
                new RemediateHandler(
                        Fixtures.settings(policy), stores.stores(), Fixtures.CLOCK, metrics.metrics(Fixtures.CLOCK)),
                Events.load(
                        "remediate.json",
                        Map.of("incidentId", id, "service", service, "action", "RESTART", "mode", "AUTO")));
    }

    @Test
    void aQueuedRestartIsCountedForItsService() throws Exception {
        remediate(new PolicySettings(0.85, 0.5, Duration.ZERO, false), "buggy-app");

        assertThat(metrics.values(Metric.RESTARTS)).containsExactly(1L);
        assertThat(metrics.of(Metric.RESTARTS).getFirst().get("Service").asText())
                .isEqualTo("buggy-app");
    }

    @Test
    void aRetriedRemediateQueuesNothingNewAndCountsNothing() throws Exception {
        PolicySettings policy = new PolicySettings(0.85, 0.5, Duration.ZERO, false);
        remediate(policy, "buggy-app");
        remediate(policy, "buggy-app");

        assertThat(metrics.values(Metric.RESTARTS)).containsExactly(1L);
    }

    @Test
    void aDryRunRestartsNothingAndCountsNothing() throws Exception {
        JsonNode answer = remediate(new PolicySettings(0.85, 0.5, Duration.ZERO, true), "buggy-app");

        assertThat(answer.get("dryRun").asBoolean()).isTrue();
        assertThat(metrics.all()).isEmpty();
    }

    @Test
    void aRefusedRestartCountsNothing() {
        assertThatThrownBy(() -> remediate(PolicySettings.DEFAULTS, "ledger")).isInstanceOf(Aegis.NotAllowed.class);

        assertThat(metrics.all()).isEmpty();
    }
}
