package io.aegisops.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.Target;
import io.aegisops.contracts.TargetsConfig;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Unit: the one settings map, its defaults, overrides and what each part reads from it. */
class StackSettingsTest {

    private static final URI EDGE = URI.create("http://127.0.0.1:4566");
    private static final StackSecrets SECRETS =
            new StackSecrets("whk_token_0123456789", "hmac_secret_0123456789", "alice", "apr_token_0123456789");

    private static StackSettings settings(Map<String, String> overrides) {
        return StackSettings.of(EDGE, 8081, SECRETS, overrides);
    }

    @Nested
    class Defaults {
        @Test
        void pointEveryPartAtTheEdgePort() {
            StackSettings s = settings(Map.of());
            assertThat(s.get(StackSettings.SLACK_WEBHOOK_URL)).isEqualTo("http://127.0.0.1:4566/_aegis/slack");
            assertThat(s.get(StackSettings.API_URL)).isEqualTo("http://127.0.0.1:4566");
            assertThat(s.get("AEGIS_WEBHOOK_URL")).isEqualTo("http://127.0.0.1:4566/alerts");
            assertThat(s.healthUrl()).isEqualTo(URI.create("http://127.0.0.1:8081/health"));
        }

        @Test
        void areDemoSizedAndKeepTheRemediationHeartbeatAtLeastThreeAgentHeartbeats() {
            StackSettings s = settings(Map.of());
            assertThat(s.pipelinePlaceholders())
                    .containsKeys(StackSettings.PIPELINE_PLACEHOLDERS.toArray(String[]::new));
            assertThat(s.integer("RemediateHeartbeatSeconds"))
                    .isGreaterThanOrEqualTo(3 * s.integer(StackSettings.HEARTBEAT_SECONDS));
            assertThat(s.get("AEGIS_RESTART_COOLDOWN_SECONDS")).isEqualTo("0");
            assertThat(s.get("AEGIS_RUNBOOK_MIN_SUCCESSES")).isEqualTo("1");
        }

        @Test
        void nameTheContainerAfterTheEdgePortSoTwoLiveStacksNeverShareOne() {
            assertThat(settings(Map.of()).container()).isEqualTo("aegis-buggy-app-4566");
            assertThat(StackSettings.of(URI.create("http://127.0.0.1:4567"), 8082, SECRETS, Map.of())
                            .container())
                    .isEqualTo("aegis-buggy-app-4567");
        }

        @Test
        void describeOneTargetTheAgentAndThePolicyAgreeOn() {
            StackSettings s = settings(Map.of(StackSettings.CONTAINER, "orders-1", StackSettings.HOST_ID, "laptop"));
            Target target = Json.read(s.get(StackSettings.TARGETS), TargetsConfig.class)
                    .byService("buggy-app")
                    .orElseThrow();
            assertThat(target.container()).isEqualTo("orders-1").isEqualTo(s.container());
            assertThat(target.hostId()).isEqualTo("laptop");
            assertThat(target.healthUrl()).isEqualTo("http://127.0.0.1:8081/health");
            assertThat(target.allowedActions())
                    .containsExactly(Action.RESTART, Action.ROLLBACK, Action.STOP, Action.NOOP, Action.ESCALATE);
            assertThat(target.approvalSeverities()).isEmpty();
            assertThat(target.restartBudget().max()).isEqualTo(5);
        }
    }

    @Nested
    class TheDoorbell {
        @Test
        void isTheHostsQueueNamedAsTheFunctionsNameItWithTheSafetyPollAtItsDefault() {
            StackSettings s = settings(Map.of(StackSettings.HOST_ID, "laptop"));

            assertThat(s.doorbellQueue()).contains("aegis-edge-laptop");
            assertThat(s.get(StackSettings.SAFETY_POLL_SECONDS)).isEqualTo("80");
        }

        @Test
        void isOffWithABlankPrefixAndTheAgentThenPollsTheTable() {
            assertThat(settings(Map.of(StackSettings.DOORBELL_QUEUE_PREFIX, "")).doorbellQueue())
                    .isEmpty();
        }
    }

    @Nested
    class Overrides {
        @Test
        void replaceDefaultsAndFlowIntoDerivedValues() {
            StackSettings s = settings(Map.of(
                    "VerifyMaxAttempts", "2", StackSettings.SERVICE, "orders", StackSettings.RESTART_BUDGET_MAX, "9"));
            assertThat(s.pipelinePlaceholders()).containsEntry("VerifyMaxAttempts", "2");
            assertThat(s.appEnvironment()).containsEntry("SERVICE_NAME", "orders");
            assertThat(Json.read(s.get(StackSettings.TARGETS), TargetsConfig.class)
                            .byService("orders")
                            .orElseThrow()
                            .restartBudget()
                            .max())
                    .isEqualTo(9);
        }

        @Test
        void aNonNumericTimeoutIsNamed() {
            StackSettings s = settings(Map.of("VerifyIntervalSeconds", "soon"));
            assertThatThrownBy(s::pipelinePlaceholders)
                    .hasMessageContaining("VerifyIntervalSeconds")
                    .hasMessageContaining("soon");
        }
    }

    @Nested
    class Credentials {
        @Test
        void theApproverTokenIsTheNamedApprovers() {
            StackSettings s = settings(
                    Map.of(StackSettings.APPROVER_TOKENS, "bob:apr_bob_0123456789,alice:apr_alice_0123456789"));
            assertThat(s.approver()).isEqualTo("alice");
            assertThat(s.approverToken()).isEqualTo("apr_alice_0123456789");
        }

        @Test
        void theServiceGetsItsSenderCredentialsButNotTheApprovers() {
            Map<String, String> app = settings(Map.of()).appEnvironment();
            assertThat(app)
                    .containsEntry("AEGIS_WEBHOOK_TOKEN", "whk_token_0123456789")
                    .containsEntry("AEGIS_WEBHOOK_HMAC_SECRET", "hmac_secret_0123456789")
                    .containsEntry("CONTAINER_NAME", "aegis-buggy-app-4566")
                    .containsKey("MONITOR_CPU_RATIO")
                    .doesNotContainKeys(
                            StackSettings.APPROVER_TOKENS, StackSettings.TARGETS, StackSettings.WEBHOOK_TOKENS);
        }

        @Test
        void withoutItsWebhookUrlTheServiceRaisesNoAlertsOfItsOwn() {
            StackSettings s = settings(Map.of(StackSettings.APP_WEBHOOK_URL, ""));

            assertThat(s.selfAlerts()).isFalse();
            assertThat(s.appEnvironment()).containsEntry(StackSettings.APP_WEBHOOK_URL, "");
            assertThat(settings(Map.of()).selfAlerts()).isTrue();
        }

        @Test
        void secretsNeverShowInToString() {
            assertThat(SECRETS.toString())
                    .doesNotContain("whk_")
                    .doesNotContain("hmac_")
                    .doesNotContain("apr_");
        }
    }
}
