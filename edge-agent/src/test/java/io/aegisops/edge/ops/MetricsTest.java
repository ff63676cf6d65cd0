package io.aegisops.edge.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void rendersCountersAndGaugesInThePrometheusTextFormat() {
        Metrics metrics = new Metrics()
                .counter("aegis_edge_commands_total", "Commands handled.")
                .gauge("aegis_edge_commands_in_flight", "Commands running now.", () -> 2);
        metrics.increment("aegis_edge_commands_total", "type", "RESTART", "outcome", "succeeded");
        metrics.increment("aegis_edge_commands_total", "type", "RESTART", "outcome", "succeeded");
        metrics.increment("aegis_edge_commands_total", "type", "PROBE", "outcome", "failed");

        assertThat(metrics.render()).isEqualTo("""
                # HELP aegis_edge_commands_in_flight Commands running now.
                # TYPE aegis_edge_commands_in_flight gauge
                aegis_edge_commands_in_flight 2
                # HELP aegis_edge_commands_total Commands handled.
                # TYPE aegis_edge_commands_total counter
                aegis_edge_commands_total{type="PROBE",outcome="failed"} 1
                aegis_edge_commands_total{type="RESTART",outcome="succeeded"} 2
                """);
        assertThat(metrics.value("aegis_edge_commands_total", "type", "RESTART", "outcome", "succeeded"))
                .isEqualTo(2);
        assertThat(metrics.total("aegis_edge_commands_total")).isEqualTo(3);
    }

    @Test
    void escapesLabelValues() {
        Metrics metrics = new Metrics().counter("c", "help");
        metrics.increment("c", "why", "said \"no\"\\\n");

        assertThat(metrics.render()).contains("c{why=\"said \\\"no\\\"\\\\\\n\"} 1");
    }

    @Test
    void refusesASeriesOfAnUndeclaredMetric() {
        assertThatThrownBy(() -> new Metrics().increment("typo_total"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("typo_total");
    }
}
