package io.aegisops.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.contracts.Severity;
import io.aegisops.functions.config.EnvSecretSource;
import io.aegisops.functions.config.SecretSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Unit: who may decide approvals, with which role, up to which severity, from which Slack user. */
class ApproversTest {

    private static final String TEAM = "ana:team-lead:critical:U01ANA, carol:senior:high:U03CAROL, bob:junior:warning";

    @Nested
    class Clearance {
        @Test
        void severitiesAreOrderedCriticalHighMediumLowInfo() {
            assertThat(Severity.CRITICAL.atLeast(Severity.HIGH)).isTrue();
            assertThat(Severity.HIGH.atLeast(Severity.HIGH)).isTrue();
            assertThat(Severity.MEDIUM.atLeast(Severity.HIGH)).isFalse();
            assertThat(Severity.LOW.atLeast(Severity.INFO)).isTrue();
            assertThat(Severity.INFO.atLeast(Severity.LOW)).isFalse();
        }

        @Test
        void anApproverDecidesUpToTheirClearance() {
            Approvers approvers = Approvers.parse(TEAM, List.of());
            Approver bob = approvers.named("bob").orElseThrow();

            assertThat(bob.role()).isEqualTo("junior");
            assertThat(bob.clearance()).isEqualTo(Severity.MEDIUM); // warning is medium
            assertThat(bob.mayDecide(Severity.MEDIUM)).isTrue();
            assertThat(bob.mayDecide(Severity.INFO)).isTrue();
            assertThat(bob.mayDecide(Severity.HIGH)).isFalse();
            assertThat(approvers.named("ana").orElseThrow().mayDecide(Severity.CRITICAL))
                    .isTrue();
        }

        @Test
        void theApproversClearedForASeverityComeInConfigurationOrder() {
            Approvers approvers = Approvers.parse(TEAM, List.of());

            assertThat(approvers.clearedFor(Severity.CRITICAL))
                    .extracting(Approver::name)
                    .containsExactly("ana");
            assertThat(approvers.clearedFor(Severity.HIGH))
                    .extracting(Approver::name)
                    .containsExactly("ana", "carol");
            assertThat(approvers.clearedFor(Severity.LOW))
                    .extracting(Approver::name)
                    .containsExactly("ana", "carol", "bob");
        }
    }

    @Nested
    class Identities {
        @Test
        void aSlackUserIsMappedToTheirApprover() {
            Approvers approvers = Approvers.parse(TEAM, List.of());

            assertThat(approvers.slackUser("U03CAROL")).map(Approver::name).contains("carol");
            assertThat(approvers.slackUser("U99NOBODY")).isEmpty();
            assertThat(approvers.slackUser(null)).isEmpty();
            assertThat(approvers.named("bob").orElseThrow().slackUserId()).isNull();
        }

        @Test
        void aTokenOwnerWithoutALineHasTheDefaultRoleAndClearsEverything() {
            Approvers approvers = Approvers.parse(null, List.of("alice"));

            assertThat(approvers.named("alice"))
                    .contains(new Approver("alice", Approver.DEFAULT_ROLE, Severity.CRITICAL, null));
        }

        @Test
        void aConfiguredLineWinsOverTheTokenOwnersDefault() {
            Approvers approvers = Approvers.parse(TEAM, List.of("bob", "alice"));

            assertThat(approvers.named("bob").orElseThrow().role()).isEqualTo("junior");
            assertThat(approvers.named("alice").orElseThrow().role()).isEqualTo(Approver.DEFAULT_ROLE);
        }

        @Test
        void credentialsNameTheTokensOwnerWithTheirRole() {
            Credentials credentials = Credentials.from(new EnvSecretSource(Map.of(
                    Credentials.APPROVER_TOKENS,
                    "bob:approver-token-bob-000001, alice:approver-token-alice-0001",
                    Approvers.APPROVERS,
                    TEAM)));

            assertThat(credentials.approverFor("approver-token-bob-000001"))
                    .map(Approver::describe)
                    .contains("bob (junior)");
            assertThat(credentials.approverFor("approver-token-alice-0001"))
                    .map(Approver::describe)
                    .contains("alice (approver)");
            assertThat(credentials.toString()).doesNotContain("approver-token").contains("bob (junior)");
        }
    }

    @Nested
    class FromTheEnvironmentOrAFile {
        @TempDir
        Path dir;

        @Test
        void theSecretWinsOverTheEnvironment() {
            SecretSource source = Approvers.orFromEnvironment(
                    new EnvSecretSource(Map.of(Approvers.APPROVERS, "ana:team-lead:critical")),
                    Map.of(Approvers.APPROVERS, "ana:junior:low"));

            assertThat(source.current().get(Approvers.APPROVERS)).contains("ana:team-lead:critical");
        }

        @Test
        void theEnvironmentAnswersWhenTheSecretHoldsNone() {
            SecretSource source = Approvers.orFromEnvironment(
                    new EnvSecretSource(Map.of(Credentials.WEBHOOK_TOKENS, "webhook-token-000000001")),
                    Map.of(Approvers.APPROVERS, TEAM));

            assertThat(source.current().get(Approvers.APPROVERS)).contains(TEAM);
            assertThat(source.current().get(Credentials.WEBHOOK_TOKENS)).contains("webhook-token-000000001");
        }

        @Test
        void aFileHoldsOneEntryPerLineOrSeveralWithComments() throws IOException {
            Path file = Files.writeString(dir.resolve("approvers.txt"), """
                    # the on-call rota
                    ana:team-lead:critical:U01ANA

                    carol:senior:high, bob:junior:medium
                    """);

            Credentials credentials = Credentials.from(Approvers.orFromEnvironment(
                            new EnvSecretSource(Map.of()), Map.of(Approvers.APPROVERS_FILE, file.toString()))
                    .current());

            assertThat(credentials.approvers().clearedFor(Severity.LOW))
                    .extracting(Approver::describe)
                    .containsExactly("ana (team-lead)", "carol (senior)", "bob (junior)");
        }

        @Test
        void anUnreadableFileIsNamed() {
            Path missing = dir.resolve("no-such-approvers.txt");

            assertThatThrownBy(() -> Approvers.orFromEnvironment(
                            new EnvSecretSource(Map.of()), Map.of(Approvers.APPROVERS_FILE, missing.toString())))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(Approvers.APPROVERS_FILE + "=" + missing);
        }

        @Test
        void withNeitherTheSecretsAreUnchanged() {
            SecretSource secrets = new EnvSecretSource(Map.of());

            assertThat(Approvers.orFromEnvironment(secrets, Map.of())).isSameAs(secrets);
        }
    }

    @Nested
    class Refused {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "ana:team-lead",
                    "ana:team-lead:critical:U01ANA:extra",
                    "ana:team-lead:urgent",
                    "ana:team lead:critical",
                    ":team-lead:critical",
                    "ana:team-lead:critical:not-a-slack-id"
                })
        void aMalformedEntryIsRefusedNamingTheVariableAndPosition(String entry) {
            assertThatThrownBy(() -> Approvers.parse("carol:senior:high, " + entry, List.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(Approvers.APPROVERS + ": entry 2 ");
        }

        @Test
        void oneNameOrOneSlackUserTwiceIsRefused() {
            assertThatThrownBy(() -> Approvers.parse("ana:a:high, ana:b:low", List.of()))
                    .hasMessageContaining("names ana twice");
            assertThatThrownBy(() -> Approvers.parse("ana:a:high:U01ANA, bob:b:low:U01ANA", List.of()))
                    .hasMessageContaining("U01ANA");
        }
    }
}
