package io.aegisops.functions.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;

/** Unit: an escalated incident calls the on-call: a Slack mention, and the escalation topic. */
class EscalationReachesTheOnCallTest {

    static Notification notification(String event) {
        return Notification.of(event, SlackMessageTest.diagnosed(IncidentStatus.ESCALATED), SlackMessageTest.LINKS);
    }

    @Nested
    class OnSlack {
        @Test
        void anEscalationMentionsTheConfiguredGroupWhereSlackNotifiesIt() {
            JsonNode message = SlackMessage.of(notification("ESCALATED"), false, "<!subteam^S0123ABCD>");

            assertThat(message.path("text").asText()).startsWith("<!subteam^S0123ABCD> ");
            assertThat(message.path("blocks").get(1).path("text").path("text").asText())
                    .isEqualTo("*On call:* <!subteam^S0123ABCD>, a human is needed");
        }

        @ParameterizedTest
        @ValueSource(strings = {"DIAGNOSED", "AWAITING_APPROVAL", "RESOLVED", "NOOP", "REJECTED", "FAILED"})
        void nothingElseCallsAnyone(String event) {
            JsonNode message = SlackMessage.of(notification(event), false, "<!here>");

            assertThat(Json.write(message)).doesNotContain("<!here>");
        }

        @Test
        void aMentionThatIsNotOneStopsTheColdStart() {
            assertThatThrownBy(() -> Notifiers.onCall(Map.of(Notifiers.ONCALL_SLACK_MENTION, "@oncall")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(Notifiers.ONCALL_SLACK_MENTION);
            assertThat(Notifiers.onCall(Map.of(Notifiers.ONCALL_SLACK_MENTION, "<!subteam^S0123ABCD|oncall>")))
                    .isEqualTo("<!subteam^S0123ABCD|oncall>");
            assertThat(Notifiers.onCall(Map.of())).isNull();
        }
    }

    @Nested
    class OnTheEscalationTopic {
        final List<PublishRequest> published = new ArrayList<>();
        final SnsClient sns = new SnsClient() {
            @Override
            public PublishResponse publish(PublishRequest request) {
                published.add(request);
                return PublishResponse.builder().messageId("m-1").build();
            }

            @Override
            public String serviceName() {
                return "sns";
            }

            @Override
            public void close() {}
        };
        final SnsEscalations topic = new SnsEscalations(() -> sns, "arn:aws:sns:us-east-1:000000000000:operators");

        @Test
        void anEscalationIsPublishedWithTheNotificationAsItsMessage() {
            assertThat(topic.send(notification("ESCALATED"))).isTrue();

            assertThat(published).singleElement().satisfies(request -> {
                assertThat(request.topicArn()).isEqualTo("arn:aws:sns:us-east-1:000000000000:operators");
                assertThat(request.subject()).isEqualTo("AegisOps escalated buggy-app: HighMemoryUsage");
                assertThat(Json.mapper()
                                .readTree(request.message())
                                .path("event")
                                .asText())
                        .isEqualTo("ESCALATED");
                assertThat(request.message()).doesNotContain("hunter2");
            });
        }

        @ParameterizedTest
        @ValueSource(strings = {"DIAGNOSED", "AWAITING_APPROVAL", "RESOLVED", "NOOP", "REJECTED", "FAILED"})
        void nothingElseIsPublished(String event) {
            assertThat(topic.send(notification(event))).isFalse();
            assertThat(published).isEmpty();
        }

        @Test
        void aTopicThatCannotBeReachedFailsNothing() {
            SnsEscalations unreachable = new SnsEscalations(
                    () -> {
                        throw new IllegalStateException("no endpoint");
                    },
                    "arn:aws:sns:us-east-1:000000000000:operators");

            assertThat(unreachable.send(notification("ESCALATED"))).isFalse();
        }

        @Test
        void theSubjectIsPrintableAsciiOfAtMostAHundredCharacters() {
            Notification n = notification("ESCALATED");
            Notification longName = new Notification(
                    n.event(),
                    n.incidentId(),
                    n.status(),
                    "säga-" + "x".repeat(200),
                    n.alertType(),
                    n.severity(),
                    n.summary(),
                    n.rootCause(),
                    n.action(),
                    n.rollbackTo(),
                    n.confidence(),
                    n.source(),
                    n.decision(),
                    n.reasons(),
                    n.dryRun(),
                    n.mttrMs(),
                    n.detail(),
                    n.executionUrl(),
                    n.incidentUrl(),
                    n.approvalUrl());

            assertThat(SnsEscalations.subject(longName)).hasSize(100).matches("[\\x20-\\x7E]+");
        }

        @Test
        void noTopicConfiguredIsNoSink() {
            assertThat(SnsEscalations.fromEnv(Map.of())).isEmpty();
        }
    }
}
