package io.aegisops.buggyapp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Unit: the Prometheus text exposition format. */
class PrometheusTextTest {

    @Test
    void writesHelpTypeAndSamplesWithEscapedLabels() {
        String page = new PrometheusText()
                .family("http_server_requests_total", "counter", "Answers sent.")
                .sample("http_server_requests_total", 3, "route", "/a\"b\\c", "status", "200")
                .family("process_cpu_usage", "gauge", "CPU.")
                .sample("process_cpu_usage", 0.25)
                .toString();

        assertThat(page).isEqualTo("""
                # HELP http_server_requests_total Answers sent.
                # TYPE http_server_requests_total counter
                http_server_requests_total{route="/a\\"b\\\\c",status="200"} 3
                # HELP process_cpu_usage CPU.
                # TYPE process_cpu_usage gauge
                process_cpu_usage 0.25
                """);
        assertThat(TestHttp.parseMetrics(page)).containsEntry("process_cpu_usage", 0.25);
    }

    @Test
    void numbersAreWrittenAsPrometheusReadsThem() {
        assertThat(PrometheusText.number(1.0)).isEqualTo("1");
        assertThat(PrometheusText.number(0.005)).isEqualTo("0.005");
        assertThat(PrometheusText.number(67108864)).isEqualTo("67108864");
        assertThat(PrometheusText.number(1e-7)).isEqualTo("0.0000001");
        assertThat(PrometheusText.number(Double.NaN)).isEqualTo("NaN");
        assertThat(PrometheusText.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    }
}
