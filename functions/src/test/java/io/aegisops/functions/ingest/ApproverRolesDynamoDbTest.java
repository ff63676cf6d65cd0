package io.aegisops.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.ApprovalRecord;
import io.aegisops.contracts.Incident;
import io.aegisops.functions.config.EnvSecretSource;
import io.aegisops.functions.ingest.IngestStack.Response;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.LocalDynamoDb;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code POST /incidents/{id}/approval} with approver roles ({@code AEGIS_APPROVERS}): a decision above the
 * approver's clearance is 403, says who may decide, and changes nothing; one within it records who, which role,
 * when and the comment.
 */
@ExtendWith(DynamoDbExtension.class)
class ApproverRolesDynamoDbTest {

    private final IngestStack stack;

    ApproverRolesDynamoDbTest(LocalDynamoDb dynamo) {
        this.stack = new IngestStack(
                dynamo,
                new EnvSecretSource(Map.of(
                        Credentials.WEBHOOK_TOKENS,
                        IngestStack.WEBHOOK_TOKEN,
                        Credentials.APPROVER_TOKENS,
                        "alice:" + IngestStack.ALICE_TOKEN + ", bob:" + IngestStack.BOB_TOKEN,
                        Approvers.APPROVERS,
                        "alice:team-lead:critical, carol:senior:high:U03CAROL, bob:junior:medium")));
        stack.clear();
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Nested
    class BeyondClearance {
        @Test
        void isRefusedWith403NamingWhoMayDecideAndChangesNothing() {
            String id = stack.awaitingApproval("critical", "task-critical");
            Incident before = stack.incident(id);

            Response approve = stack.decide(id, IngestStack.BOB_TOKEN, "{\"decision\":\"APPROVE\"}");
            Response reject = stack.decide(id, IngestStack.BOB_TOKEN, "{\"decision\":\"REJECT\"}");

            assertThat(approve.status()).isEqualTo(403);
            assertThat(approve.body().get("message").asText())
                    .isEqualTo("bob (junior) may decide incidents up to MEDIUM; " + id
                            + " is CRITICAL: alice (team-lead) may decide it");
            assertThat(reject.status()).isEqualTo(403);
            assertThat(stack.incident(id)).isEqualTo(before);
            assertThat(stack.sfn.taskAnswers()).isEmpty();
            assertThat(stack.store.takeApprovalToken(id)).contains("task-critical");
        }

        @Test
        void namesEveryRoleClearedForTheSeverity() {
            String id = stack.awaitingApproval("high", "task-high");

            Response response = stack.decide(id, IngestStack.BOB_TOKEN, "{\"decision\":\"APPROVE\"}");

            assertThat(response.body().get("message").asText())
                    .endsWith(" is HIGH: alice (team-lead), carol (senior) may decide it");
        }
    }

    @Nested
    class WithinClearance {
        @Test
        void theDecisionRecordsWhoWhichRoleWhenAndTheComment() {
            String id = stack.awaitingApproval("warning", "task-warning");

            Response response = stack.decide(
                    id, IngestStack.BOB_TOKEN, "{\"decision\":\"APPROVE\",\"comment\":\"safe to restart\"}");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body().get("role").asText()).isEqualTo("junior");
            assertThat(stack.incident(id).timeline().getLast()).satisfies(entry -> {
                assertThat(entry.stage()).isEqualTo("APPROVED");
                assertThat(entry.at()).isEqualTo(stack.clock.instant());
                assertThat(entry.detail()).isEqualTo("by bob (junior): safe to restart");
                assertThat(entry.approval())
                        .isEqualTo(new ApprovalRecord("bob", "junior", ApprovalRecord.VIA_API, "safe to restart"));
            });
            assertThat(Fixtures.parse(stack.sfn.taskAnswers().getFirst().output())
                            .get("role")
                            .asText())
                    .isEqualTo("junior");
        }

        @Test
        void aTeamLeadDecidesACriticalIncident() {
            String id = stack.awaitingApproval("critical", "task-lead");

            Response response = stack.decide(id, IngestStack.ALICE_TOKEN, "{\"decision\":\"REJECT\"}");

            assertThat(response.status()).isEqualTo(200);
            assertThat(stack.incident(id).timeline().getLast().approval().role())
                    .isEqualTo("team-lead");
        }
    }
}
