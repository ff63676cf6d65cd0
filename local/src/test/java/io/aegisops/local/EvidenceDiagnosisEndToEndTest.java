package io.aegisops.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.DecisionMode;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.local.client.AegisClient;
import io.aegisops.local.stack.EmbeddedStack;
import io.aegisops.local.stack.StackOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 14 on the real stack: the diagnosis weighs what the host shows, not only what the alert says. Alerts come
 * from outside, as Alertmanager sends them (the service's own monitor is switched off), against the service as a
 * supervised process whose evidence the agent reads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvidenceDiagnosisEndToEndTest {

    private EmbeddedStack stack;
    private AegisClient client;

    @BeforeAll
    void startTheStackWithoutTheServicesOwnAlerts() {
        stack = TestStack.start("evidence", StackOptions.AppRuntime.PROCESS, Map.of("AEGIS_WEBHOOK_URL", ""));
        client = stack.client();
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Nested
    class AnErrorRateAlertWhileTheHealthCheckFails {
        @Test
        void isRestartedAndVerifiedHealthy() {
            client.post(stack.settings().appUrl().resolve("/faults/errors?ratio=1&seconds=600"));
            assertThat(client.get(stack.settings().healthUrl()).status())
                    .as("the fault makes /health answer 503")
                    .isEqualTo(503);

            String incidentId =
                    accept(alertmanager("HighErrorRate", Instant.now().minusSeconds(60)));
            Incident incident = closedApprovingIfAsked(incidentId);

            assertThat(incident.diagnosis().action()).isEqualTo(Action.RESTART);
            assertThat(incident.diagnosis().evidence())
                    .as("the reasons name what the host showed")
                    .anyMatch(reason -> reason.contains("503"));
            assertThat(incident.decision().mode()).isIn(DecisionMode.AUTO, DecisionMode.APPROVAL);
            assertThat(incident.status()).isEqualTo(IncidentStatus.RESOLVED);
            assertThat(incident.commandResults())
                    .filteredOn(result -> result.type() == CommandType.RESTART)
                    .singleElement()
                    .satisfies(restart -> assertThat(restart.success()).isTrue());
            assertThat(client.get(stack.settings().healthUrl()).status()).isEqualTo(200);
        }
    }

    @Nested
    class AStaleServiceDownRedeliveredAgainstAHealthyService {
        @Test
        void endsNoopWithoutTouchingIt() {
            assertThat(client.get(stack.settings().healthUrl()).status()).isEqualTo(200);

            // began an hour ago, long before the service's last start: Alertmanager resending what it once saw
            String incidentId = accept(alertmanager("ServiceDown", Instant.now().minusSeconds(3600)));
            Incident incident = TestStack.awaitClosed(client, incidentId, Duration.ofMinutes(2));

            assertThat(incident.status()).isEqualTo(IncidentStatus.NOOP);
            assertThat(incident.diagnosis().action()).isEqualTo(Action.NOOP);
            assertThat(incident.diagnosis().rootCause()).containsIgnoringCase("stale");
            assertThat(incident.commandResults())
                    .as("nothing but the look at the host")
                    .allSatisfy(result -> assertThat(result.type()).isEqualTo(CommandType.INSPECT));
        }
    }

    private String accept(String alert) {
        AegisClient.Answer accepted = client.postAlert(alert);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return accepted.json().path("results").get(0).path("incidentId").asText();
    }

    /** The incident once closed; a human approves if the policy asks one (as the on-call engineer would). */
    private Incident closedApprovingIfAsked(String incidentId) {
        Incident waiting = TestStack.await(
                incidentId + " to await approval or close",
                Duration.ofMinutes(2),
                () -> client.incident(incidentId)
                        .filter(i -> i.status() == IncidentStatus.AWAITING_APPROVAL
                                || i.status().isTerminal()));
        if (waiting.status() == IncidentStatus.AWAITING_APPROVAL) {
            AegisClient.Answer decided = client.decide(incidentId, true, "errors and a failing health check");
            assertThat(decided.ok()).as(decided.body()).isTrue();
        }
        return TestStack.awaitClosed(client, incidentId, Duration.ofMinutes(2));
    }

    private String alertmanager(String alertName, Instant startsAt) {
        String service = stack.settings().service();
        return """
                {"version": "4", "status": "firing", "receiver": "aegisops",
                 "groupKey": "{}:{alertname=\\"%1$s\\"}", "externalURL": "http://alertmanager.test:9093",
                 "alerts": [{"status": "firing",
                   "labels": {"alertname": "%1$s", "service": "%2$s", "severity": "critical"},
                   "annotations": {"summary": "%1$s on %2$s"},
                   "startsAt": "%3$s", "fingerprint": "%4$s"}]}""".formatted(
                        alertName,
                        service,
                        startsAt,
                        UUID.randomUUID().toString().replace("-", "").substring(0, 16));
    }
}
