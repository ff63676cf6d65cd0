package io.aegisops.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.AlertSource;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Json;
import io.aegisops.local.MonitoringPrograms.Child;
import io.aegisops.local.client.AegisClient;
import io.aegisops.local.stack.EmbeddedStack;
import io.aegisops.local.stack.StackOptions;
import io.aegisops.local.stack.StackSecrets;
import io.aegisops.local.stack.StackSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The real Prometheus and Alertmanager (Debian's packages) with the files of docs/integrations/ against the embedded
 * stack: a leak in the service makes Prometheus fire, Alertmanager deliver, AegisOps restart the service once and
 * resolve the incident, and the resolved notification start nothing. The shipped files pass promtool and amtool.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusAlertmanagerEndToEndTest {

    private MonitoringPrograms programs;
    private Path workDir;

    @BeforeAll
    void findPrograms() {
        programs = MonitoringPrograms.requireOrSkip();
        workDir = TestStack.stateDir("monitoring");
    }

    @Nested
    class TheShippedFiles {
        @Test
        void passPromtoolsChecks() {
            MonitoringPrograms.Run rules = MonitoringPrograms.run(
                    workDir,
                    programs.promtool.toString(),
                    "check",
                    "rules",
                    MonitoringPrograms.shipped("prometheus/aegis-rules.yml").toString());
            MonitoringPrograms.Run config = MonitoringPrograms.run(
                    workDir,
                    programs.promtool.toString(),
                    "check",
                    "config",
                    MonitoringPrograms.shipped("prometheus/prometheus.yml").toString());

            assertThat(rules.exitCode()).as(rules.output()).isZero();
            assertThat(rules.output()).contains("SUCCESS: 5 rules found");
            assertThat(config.exitCode()).as(config.output()).isZero();
        }

        @Test
        void passAmtoolsCheck() {
            MonitoringPrograms.Run check = MonitoringPrograms.run(
                    workDir,
                    programs.amtool.toString(),
                    "check-config",
                    MonitoringPrograms.shipped("alertmanager/alertmanager.yml").toString());

            assertThat(check.exitCode()).as(check.output()).isZero();
            assertThat(check.output()).contains("SUCCESS");
        }

        @Test
        void amtoolRefusesABrokenCopySoTheCheckCanFail() {
            Path broken = MonitoringPrograms.write(
                    workDir.resolve("broken-alertmanager.yml"),
                    MonitoringPrograms.read(MonitoringPrograms.shipped("alertmanager/alertmanager.yml"))
                            .replace("receiver: aegisops", "receiver: nobody"));

            MonitoringPrograms.Run check =
                    MonitoringPrograms.run(workDir, programs.amtool.toString(), "check-config", broken.toString());

            assertThat(check.exitCode()).isNotZero();
        }

        @Test
        void theStartUpTextsScrapeJobIsAValidPrometheusConfiguration() {
            String config = "scrape_configs:\n%s".formatted(MonitoringSnippets.scrapeJob(printedSettings()));
            Path file = MonitoringPrograms.write(workDir.resolve("printed-prometheus.yml"), config);

            MonitoringPrograms.Run check =
                    MonitoringPrograms.run(workDir, programs.promtool.toString(), "check", "config", file.toString());

            assertThat(check.exitCode()).as(config + check.output()).isZero();
            assertThat(config).contains("- job_name: buggy-app", "'127.0.0.1:8081'");
        }

        private static StackSettings printedSettings() {
            return StackSettings.of(URI.create("http://127.0.0.1:4566"), 8081, StackSecrets.generate(), Map.of());
        }

        @Test
        void theStartUpTextsReceiverIsAValidAlertmanagerConfiguration() {
            StackSettings settings = printedSettings();
            String config = "route:\n  receiver: aegisops\nreceivers:\n"
                    + MonitoringSnippets.receiver(URI.create("http://127.0.0.1:4566"), settings);
            Path file = MonitoringPrograms.write(workDir.resolve("printed-alertmanager.yml"), config);

            MonitoringPrograms.Run check =
                    MonitoringPrograms.run(workDir, programs.amtool.toString(), "check-config", file.toString());

            assertThat(check.exitCode()).as(config + check.output()).isZero();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ALeakSeenByPrometheus {

        private EmbeddedStack stack;
        private AegisClient client;
        private Child alertmanager;
        private Child prometheus;
        private URI alertmanagerUrl;
        private URI prometheusUrl;

        @BeforeAll
        void start() {
            // the service raises no alert of its own (aegis up --no-self-alerts): detection is Prometheus's
            stack = TestStack.start(
                    "monitoring", StackOptions.AppRuntime.PROCESS, Map.of(StackSettings.APP_WEBHOOK_URL, ""));
            client = stack.client();
            int alertmanagerPort = MonitoringPrograms.freePort();
            int prometheusPort = MonitoringPrograms.freePort();
            alertmanagerUrl = URI.create("http://127.0.0.1:" + alertmanagerPort);
            prometheusUrl = URI.create("http://127.0.0.1:" + prometheusPort);
            Path dir = workDir.resolve("programs");
            Path tokenFile = MonitoringPrograms.write(
                    dir.resolve("webhook-token"), stack.settings().webhookToken());
            Path alertmanagerYml = MonitoringPrograms.write(
                    dir.resolve("alertmanager.yml"),
                    ShippedConfigs.alertmanager(
                            MonitoringPrograms.read(MonitoringPrograms.shipped("alertmanager/alertmanager.yml")),
                            "1s",
                            "2s",
                            stack.endpoint().resolve("/alerts").toString(),
                            tokenFile.toString()));
            MonitoringPrograms.write(
                    dir.resolve("aegis-rules.yml"),
                    ShippedConfigs.rules(
                            MonitoringPrograms.read(MonitoringPrograms.shipped("prometheus/aegis-rules.yml")),
                            "HighMemoryUsage",
                            "1s"));
            URI app = stack.settings().appUrl();
            Path prometheusYml = MonitoringPrograms.write(
                    dir.resolve("prometheus.yml"),
                    ShippedConfigs.prometheus(
                            MonitoringPrograms.read(MonitoringPrograms.shipped("prometheus/prometheus.yml")),
                            "1s",
                            app.getHost() + ":" + app.getPort(),
                            "127.0.0.1:" + alertmanagerPort));
            alertmanager = new Child(
                    dir.resolve("alertmanager.log"),
                    programs.alertmanager.toString(),
                    "--config.file=" + alertmanagerYml,
                    "--storage.path=" + dir.resolve("alertmanager-data"),
                    "--web.listen-address=127.0.0.1:" + alertmanagerPort,
                    "--cluster.listen-address=");
            prometheus = new Child(
                    dir.resolve("prometheus.log"),
                    programs.prometheus.toString(),
                    "--config.file=" + prometheusYml,
                    "--storage.tsdb.path=" + dir.resolve("prometheus-data"),
                    "--web.listen-address=127.0.0.1:" + prometheusPort);
            awaitReady("Alertmanager", alertmanager, alertmanagerUrl);
            awaitReady("Prometheus", prometheus, prometheusUrl);
        }

        @AfterAll
        void stop() {
            if (prometheus != null) {
                prometheus.close();
            }
            if (alertmanager != null) {
                alertmanager.close();
            }
            if (client != null) {
                client.close();
            }
            if (stack != null) {
                stack.close();
            }
        }

        private void awaitReady(String name, Child program, URI url) {
            TestStack.await(name + " to be ready (its log: " + program.log + ")", Duration.ofSeconds(30), () -> {
                if (!program.alive()) {
                    throw new IllegalStateException(name + " exited:\n" + program.output());
                }
                try {
                    return client.get(url.resolve("/-/ready")).status() == 200 ? Optional.of(true) : Optional.empty();
                } catch (RuntimeException notYet) {
                    return Optional.empty();
                }
            });
        }

        @Test
        void firesIsDeliveredRestartsOnceResolvesAndTheResolutionStartsNothing() {
            TestStack.await(
                    "Prometheus to scrape the service",
                    Duration.ofSeconds(30),
                    () -> Optional.of(prometheusQuery("up")).filter(r -> r.contains("\"1\"")));

            client.post(stack.settings().appUrl().resolve("/faults/memory?mbPerSecond=16&holdSeconds=86400"));

            TestStack.await(
                    "Prometheus to fire HighMemoryUsage",
                    Duration.ofSeconds(60),
                    Duration.ofMillis(200),
                    () -> Optional.of(prometheusAlerts())
                            .filter(alerts -> alerts.contains("\"alertname\":\"HighMemoryUsage\"")
                                    && alerts.contains("\"state\":\"firing\"")));
            Incident opened = TestStack.awaitIncident(
                    client,
                    "Alertmanager's notification to open an incident",
                    Duration.ofSeconds(60),
                    i -> i.alert().source() == AlertSource.ALERTMANAGER);
            Incident closed = TestStack.awaitClosed(client, opened.incidentId(), Duration.ofMinutes(2));

            assertThat(closed.status()).isEqualTo(IncidentStatus.RESOLVED);
            assertThat(closed.alert().alertType()).isEqualTo("HighMemoryUsage");
            assertThat(closed.target().service()).isEqualTo(stack.settings().service());
            assertThat(closed.commandResults())
                    .filteredOn(result -> result.type() == CommandType.RESTART)
                    .singleElement()
                    .satisfies(restart -> assertThat(restart.success()).isTrue());

            // the restarted service's heap is low again: Prometheus resolves, Alertmanager sends the resolution
            TestStack.await(
                    "Alertmanager to deliver the resolved notification",
                    Duration.ofSeconds(60),
                    Duration.ofMillis(250),
                    () -> Optional.of(webhookNotifications()).filter(sent -> sent >= 2));
            List<String> executions = TestStack.executions(stack);

            assertThat(failedWebhookNotifications()).isZero();
            assertThat(prometheusAlerts()).doesNotContain("\"state\":\"firing\"");
            assertThat(client.incidents(null))
                    .singleElement()
                    .satisfies(only -> assertThat(only.incidentId()).isEqualTo(opened.incidentId()));
            assertThat(executions).containsExactly(opened.incidentId());
            assertThat(client.incident(opened.incidentId()))
                    .get()
                    .satisfies(after -> assertThat(after.status()).isEqualTo(IncidentStatus.RESOLVED));
        }

        private String prometheusQuery(String query) {
            return client.get(prometheusUrl.resolve("/api/v1/query?query=" + query))
                    .body();
        }

        private String prometheusAlerts() {
            JsonNode alerts = Json.read(
                            client.get(prometheusUrl.resolve("/api/v1/alerts")).body(), JsonNode.class)
                    .at("/data/alerts");
            return alerts.toString();
        }

        /** Alertmanager's own count of webhook notifications (each a request it considered sent or failed). */
        private double webhookNotifications() {
            return alertmanagerCounter("alertmanager_notifications_total");
        }

        private double failedWebhookNotifications() {
            return alertmanagerCounter("alertmanager_notifications_failed_total");
        }

        private double alertmanagerCounter(String name) {
            String metrics = client.get(alertmanagerUrl.resolve("/metrics")).body();
            Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*integration=\"webhook\"[^}]*} ([0-9.e+]+)$")
                    .matcher(metrics);
            double sum = 0;
            while (m.find()) {
                sum += Double.parseDouble(m.group(1));
            }
            return sum;
        }
    }
}
