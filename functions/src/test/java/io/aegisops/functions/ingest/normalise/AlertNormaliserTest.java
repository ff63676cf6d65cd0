package io.aegisops.functions.ingest.normalise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.AlertSource;
import io.aegisops.contracts.AlertStatus;
import io.aegisops.contracts.NormalisedAlert;
import io.aegisops.contracts.Severity;
import io.aegisops.contracts.TargetRef;
import io.aegisops.functions.ingest.Fixtures;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each source's documented payload becomes the normalised alert; malformed ones are refused by name. */
class AlertNormaliserTest {

    @Nested
    class Alertmanager {
        @Test
        void aFiringBatchBecomesOneAlertPerEntry() {
            List<NormalisedAlert> alerts = AlertNormaliser.normalise(Fixtures.tree("alertmanager-firing.json"));

            assertThat(alerts).hasSize(2);
            NormalisedAlert first = alerts.get(0);
            assertThat(first.source()).isEqualTo(AlertSource.ALERTMANAGER);
            assertThat(first.status()).isEqualTo(AlertStatus.FIRING);
            assertThat(first.alertType()).isEqualTo("HighMemoryUsage");
            assertThat(first.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(first.target()).isEqualTo(new TargetRef("buggy-app", null, "buggy-app"));
            assertThat(first.summary()).isEqualTo("Heap above 85% of max for 2m");
            assertThat(first.startsAt()).isEqualTo(Instant.parse("2026-11-21T03:12:45.828Z"));
            assertThat(first.fingerprint()).isEqualTo("c5d1e0f8a9b2c3d4");
            assertThat(first.labels()).containsEntry("job", "buggy-app").containsEntry("severity", "critical");
            assertThat(first.externalUrl()).startsWith("http://prometheus.example:9090/graph");
            assertThat(alerts.get(1).severity()).isEqualTo(Severity.MEDIUM);
            assertThat(alerts.get(1).summary()).isEqualTo("memory pressure on a node nobody configured");
        }

        @Test
        void aResolvedAlertKeepsItsStartSoItMapsToTheSameIncident() {
            NormalisedAlert firing = AlertNormaliser.normalise(Fixtures.tree("alertmanager-firing.json"))
                    .get(0);
            NormalisedAlert resolved = AlertNormaliser.normalise(Fixtures.tree("alertmanager-resolved.json"))
                    .get(0);

            assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(resolved.startsAt()).isEqualTo(firing.startsAt());
            assertThat(resolved.fingerprint()).isEqualTo(firing.fingerprint());
        }

        @Test
        void withoutAFingerprintOneIsDerivedFromTheLabels() {
            ObjectNode payload = Fixtures.tree("alertmanager-without-fingerprint.json");
            NormalisedAlert alert = AlertNormaliser.normalise(payload).get(0);

            assertThat(alert.fingerprint())
                    .hasSize(16)
                    .isEqualTo(AlertNormaliser.normalise(payload).get(0).fingerprint());
            ((ObjectNode) payload.withArray("alerts").get(0).get("labels")).put("container", "other");
            assertThat(AlertNormaliser.normalise(payload).get(0).fingerprint()).isNotEqualTo(alert.fingerprint());
            assertThat(alert.target().container()).isEqualTo("buggy-app");
            assertThat(alert.startsAt()).isEqualTo(Instant.parse("2026-11-21T01:12:45.739266876Z"));
        }

        @Test
        void unknownFieldsAreIgnored() {
            ObjectNode payload = Fixtures.tree("alertmanager-firing.json");
            payload.put("notification_reason", "repeat");
            ((ObjectNode) payload.withArray("alerts").get(0))
                    .putObject("somethingNew")
                    .put("x", 1);

            assertThat(AlertNormaliser.normalise(payload)).hasSize(2);
        }

        @Test
        void anotherVersionIsRefused() {
            ObjectNode payload = Fixtures.tree("alertmanager-firing.json");
            payload.put("version", "3");

            assertThatThrownBy(() -> AlertNormaliser.normalise(payload))
                    .isInstanceOf(InvalidAlertException.class)
                    .hasMessageContaining("version '3'");
        }

        @Test
        void anAlertWithoutAlertnameIsRefusedNamingIt() {
            ObjectNode payload = Fixtures.tree("alertmanager-firing.json");
            ((ObjectNode) payload.withArray("alerts").get(1).get("labels")).remove("alertname");

            assertThatThrownBy(() -> AlertNormaliser.normalise(payload))
                    .isInstanceOf(InvalidAlertException.class)
                    .hasMessage("alerts[1].labels.alertname is required");
        }

        @Test
        void aBadStartIsRefused() {
            ObjectNode payload = Fixtures.tree("alertmanager-firing.json");
            ((ObjectNode) payload.withArray("alerts").get(0)).put("startsAt", "yesterday");

            assertThatThrownBy(() -> AlertNormaliser.normalise(payload))
                    .isInstanceOf(InvalidAlertException.class)
                    .hasMessageContaining("alerts[0].startsAt");
        }

        @Test
        void moreAlertsThanTheLimitAreRefusedAsALimit() {
            ObjectNode payload = Fixtures.tree("alertmanager-firing.json");
            ArrayNode alerts = payload.withArray("alerts");
            while (alerts.size() <= AlertNormaliser.DEFAULT_MAX_ALERTS_PER_REQUEST) {
                alerts.add(alerts.get(0).deepCopy());
            }

            assertThatThrownBy(() -> AlertNormaliser.normalise(payload))
                    .isInstanceOf(AlertLimitExceededException.class);
        }

        @Test
        void anEmptyBatchIsRefused() {
            ObjectNode payload = Fixtures.tree("alertmanager-firing.json");
            payload.putArray("alerts");

            assertThatThrownBy(() -> AlertNormaliser.normalise(payload))
                    .isInstanceOf(InvalidAlertException.class)
                    .hasMessageContaining("non-empty");
        }
    }

    @Nested
    class Grafana {
        @Test
        void theUnifiedAlertingPayloadIsRecognisedAndNormalised() {
            ObjectNode payload = Fixtures.tree("grafana-firing.json");
            assertThat(AlertNormaliser.detect(payload)).isEqualTo(AlertSource.GRAFANA);

            NormalisedAlert alert = AlertNormaliser.normalise(payload).get(0);

            assertThat(alert.source()).isEqualTo(AlertSource.GRAFANA);
            assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
            assertThat(alert.alertType()).isEqualTo("HighMemoryUsage");
            assertThat(alert.severity()).isEqualTo(Severity.HIGH);
            assertThat(alert.target().service()).isEqualTo("buggy-app");
            assertThat(alert.summary()).isEqualTo("buggy-app heap above 85% [B=91.5, C=1]");
            assertThat(alert.fingerprint()).isEqualTo("c6eadffa33fcdf37");
            assertThat(alert.startsAt()).isEqualTo(Instant.parse("2026-11-21T03:12:45.157076Z"));
            assertThat(alert.externalUrl()).isEqualTo("https://grafana.example/alerting/grafana/ae1b2c3d/view");
        }

        @Test
        void theOlderValueStringIsKeptInTheSummary() {
            ObjectNode payload = Fixtures.tree("grafana-firing.json");
            ObjectNode first = (ObjectNode) payload.withArray("alerts").get(0);
            first.remove("values");
            first.put("valueString", "[ metric='' labels={} value=91.2 ]");

            assertThat(AlertNormaliser.normalise(payload).get(0).summary())
                    .endsWith("[ metric='' labels={} value=91.2 ]");
        }
    }

    @Nested
    class CloudWatchThroughEventBridge {
        @Test
        void anAlarmEventFiresWithItsStateTimeAndDimensions() {
            NormalisedAlert alert = AlertNormaliser.normalise(Fixtures.tree("eventbridge-alarm.json"))
                    .get(0);

            assertThat(alert.source()).isEqualTo(AlertSource.CLOUDWATCH);
            assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
            assertThat(alert.alertType()).isEqualTo("buggy-app-memory");
            assertThat(alert.startsAt()).isEqualTo(Instant.parse("2026-11-21T03:12:45.123Z"));
            assertThat(alert.target().service()).isEqualTo("buggy-app");
            assertThat(alert.labels())
                    .containsEntry("ClusterName", "edge")
                    .containsEntry("namespace", "AWS/ECS")
                    .containsEntry("metricName", "MemoryUtilization")
                    .containsEntry("region", "us-east-1");
            assertThat(alert.fingerprint())
                    .isEqualTo("arn:aws:cloudwatch:us-east-1:123456789012:alarm:buggy-app-memory");
            assertThat(alert.summary())
                    .startsWith("Goes into alarm when buggy-app memory")
                    .contains("Threshold Crossed");
            assertThat(alert.severity()).isEqualTo(Severity.MEDIUM);
        }

        @Test
        void anOkTransitionResolves() {
            ObjectNode event = Fixtures.tree("eventbridge-alarm.json");
            ((ObjectNode) event.get("detail").get("state")).put("value", "OK");

            assertThat(AlertNormaliser.normalise(event).get(0).status()).isEqualTo(AlertStatus.RESOLVED);
        }

        @Test
        void insufficientDataIsNoAlarm() {
            ObjectNode event = Fixtures.tree("eventbridge-alarm.json");
            ((ObjectNode) event.get("detail").get("state")).put("value", "INSUFFICIENT_DATA");

            assertThatThrownBy(() -> AlertNormaliser.normalise(event))
                    .isInstanceOf(InvalidAlertException.class)
                    .hasMessageContaining("INSUFFICIENT_DATA");
        }

        @Test
        void alarmTagsGiveSeverityAndTarget() {
            ObjectNode event = Fixtures.tree("eventbridge-alarm.json");
            ((ObjectNode) event.get("detail"))
                    .putObject("alarmTags")
                    .put("severity", "critical")
                    .put("container", "buggy-app");
            ((ObjectNode) event.at("/detail/configuration/metrics/0/metricStat/metric")).putObject("dimensions");

            NormalisedAlert alert = AlertNormaliser.normalise(event).get(0);

            assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(alert.target()).isEqualTo(new TargetRef(null, "buggy-app", null));
        }

        @Test
        void otherEventBridgeEventsAreRefused() {
            ObjectNode event = Fixtures.tree("eventbridge-alarm.json");
            event.put("detail-type", "EC2 Instance State-change Notification");

            assertThatThrownBy(() -> AlertNormaliser.normalise(event))
                    .isInstanceOf(InvalidAlertException.class)
                    .hasMessageContaining("CloudWatch Alarm State Change");
        }
    }

    @Nested
    class CloudWatchThroughSns {
        @Test
        void theAlarmMessageGivesTheSameAlertAsTheEvent() {
            String message = Fixtures.tree("sns-alarm-event.json")
                    .at("/Records/0/Sns/Message")
                    .asText();

            NormalisedAlert fromSns = CloudWatchAlarmFormat.fromSnsMessage(Fixtures.parse(message));
            NormalisedAlert fromEvent = AlertNormaliser.normalise(Fixtures.tree("eventbridge-alarm.json"))
                    .get(0);

            assertThat(fromSns.status()).isEqualTo(AlertStatus.FIRING);
            assertThat(fromSns.startsAt()).isEqualTo(Instant.parse("2026-11-21T03:12:45.123Z"));
            assertThat(fromSns.fingerprint()).isEqualTo(fromEvent.fingerprint());
            assertThat(fromSns.alertType()).isEqualTo(fromEvent.alertType());
            assertThat(fromSns.target()).isEqualTo(fromEvent.target());
            assertThat(fromSns.labels())
                    .containsEntry("ClusterName", "edge")
                    .containsEntry("metricName", "MemoryUtilization");
        }

        @Test
        void capitalisedDimensionKeysAreReadToo() {
            NormalisedAlert alert = CloudWatchAlarmFormat.fromSnsMessage(Fixtures.parse("""
                    {"AlarmName":"a","NewStateValue":"OK","StateChangeTime":"2026-11-21T03:12:45.123+0000",
                     "Trigger":{"Dimensions":[{"Name":"ContainerName","Value":"buggy-app"}]}}"""));

            assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(alert.target().container()).isEqualTo("buggy-app");
        }
    }

    @Nested
    class Cuts {
        private static final String TOKEN = "ghp_16C7e42F292c6912E7710c838347Ae178B4a";

        @Test
        void aSecretTheLogCutWouldSplitIsRedactedBeforeTheCut() {
            ObjectNode generic = Fixtures.tree("generic.json");
            generic.put("logs", "GITHUB_TOKEN " + TOKEN + "\n" + "x".repeat(Fields.MAX_LOGS - 20));

            String logs = AlertNormaliser.normalise(generic).getFirst().logs();

            assertThat(logs).hasSizeLessThanOrEqualTo(Fields.MAX_LOGS).doesNotContain("838347Ae178B4a");
        }

        @Test
        void aSecretTheSummaryCutWouldSplitIsRedactedBeforeTheCut() {
            ObjectNode generic = Fixtures.tree("generic.json");
            generic.put("summary", "y".repeat(Fields.MAX_SUMMARY - 20) + " " + TOKEN);

            String summary = AlertNormaliser.normalise(generic).getFirst().summary();

            assertThat(summary).hasSizeLessThanOrEqualTo(Fields.MAX_SUMMARY).doesNotContain("ghp_16C7e42F292c");
        }
    }

    @Nested
    class Generic {
        @Test
        void theSeedFormatIsNormalised() {
            NormalisedAlert alert =
                    AlertNormaliser.normalise(Fixtures.tree("generic.json")).get(0);

            assertThat(alert.source()).isEqualTo(AlertSource.GENERIC);
            assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
            assertThat(alert.alertType()).isEqualTo("HighMemoryUsage");
            assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(alert.target()).isEqualTo(new TargetRef(null, "buggy-app", null));
            assertThat(alert.logs()).endsWith("java.lang.OutOfMemoryError: Java heap space");
            assertThat(alert.fingerprint()).isEqualTo("buggy-app-mem-1");
            assertThat(alert.startsAt()).isEqualTo(Instant.parse("2026-11-21T03:12:45Z"));
            assertThat(alert.summary()).isEqualTo("HighMemoryUsage on buggy-app");
        }

        @Test
        void epochTimestampsInSecondsOrMillisecondsAreTheSameInstant() {
            ObjectNode seconds = Fixtures.tree("generic.json").put("timestamp", 1_795_230_765L);
            ObjectNode millis = Fixtures.tree("generic.json").put("timestamp", 1_795_230_765_000L);

            assertThat(AlertNormaliser.normalise(seconds).get(0).startsAt())
                    .isEqualTo(AlertNormaliser.normalise(millis).get(0).startsAt())
                    .isEqualTo(Instant.ofEpochSecond(1_795_230_765L));
        }

        @Test
        void logLinesAreJoinedAndOnlyTheirEndIsKept() {
            ObjectNode payload = Fixtures.tree("generic.json");
            payload.putArray("logs").add("x".repeat(Fields.MAX_LOGS)).add("the last line");

            String logs = AlertNormaliser.normalise(payload).get(0).logs();

            assertThat(logs).hasSize(Fields.MAX_LOGS).endsWith("\nthe last line");
        }

        @Test
        void aMissingAlertTypeIsRefused() {
            ObjectNode payload = Fixtures.tree("generic.json");
            payload.remove("alert_type");

            assertThatThrownBy(() -> AlertNormaliser.normalise(payload)).hasMessage("alert_type is required");
        }

        @Test
        void anObjectWhereAStringBelongsIsRefused() {
            ObjectNode payload = Fixtures.tree("generic.json");
            payload.putObject("container_name");

            assertThatThrownBy(() -> AlertNormaliser.normalise(payload)).hasMessage("container_name must be a string");
        }
    }

    @Test
    void anUnknownShapeIsRefusedWithTheAcceptedFormats() {
        assertThatThrownBy(() -> AlertNormaliser.normalise(Fixtures.parse("{\"hello\":\"world\"}")))
                .isInstanceOf(InvalidAlertException.class)
                .hasMessageContaining("unrecognised alert format");
        assertThatThrownBy(() -> AlertNormaliser.normalise(Fixtures.parse("[1,2]")))
                .isInstanceOf(InvalidAlertException.class)
                .hasMessage("the body must be a JSON object");
    }
}
