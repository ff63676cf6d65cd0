package io.aegisops.functions.ingest.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Json;
import io.aegisops.contracts.NormalisedAlert;
import io.aegisops.contracts.Target;
import io.aegisops.contracts.TargetsConfig;
import io.aegisops.functions.ingest.Fixtures;
import org.junit.jupiter.api.Test;

class TargetResolverTest {

    private final TargetResolver resolver = new TargetResolver(Json.read("""
            {"targets": [
              {"service": "buggy-app", "hostId": "edge-1", "container": "buggy-app-1",
               "healthUrl": "http://127.0.0.1:8081/health"},
              {"service": "payments", "hostId": "edge-2", "container": "payments-api",
               "healthUrl": "https://pay.internal/healthz"}
            ]}""", TargetsConfig.class));

    @Test
    void theJobLabelNamesTheService() {
        NormalisedAlert alert = AlertNormaliser.normalise(Fixtures.tree("alertmanager-firing.json"))
                .get(0);

        assertThat(resolver.resolve(alert)).map(Target::hostId).contains("edge-1");
    }

    @Test
    void aContainerNameFindsItsService() {
        NormalisedAlert alert = AlertNormaliser.normalise(
                        Fixtures.tree("generic.json").put("container_name", "payments-api"))
                .get(0);

        assertThat(resolver.resolve(alert)).map(Target::service).contains("payments");
    }

    @Test
    void theInstanceLabelWithoutItsPortIsTried() {
        NormalisedAlert alert = AlertNormaliser.normalise(Fixtures.parse("""
                {"version":"4","alerts":[{"status":"firing","startsAt":"2026-11-21T03:12:45Z",
                 "labels":{"alertname":"Down","instance":"payments-api:8080","job":"blackbox"}}]}""")).get(0);

        assertThat(resolver.resolve(alert)).map(Target::service).contains("payments");
    }

    @Test
    void aCloudWatchDimensionNamesTheService() {
        NormalisedAlert alert = AlertNormaliser.normalise(Fixtures.tree("eventbridge-alarm.json"))
                .get(0);

        assertThat(resolver.resolve(alert)).map(Target::service).contains("buggy-app");
    }

    private static NormalisedAlert alertmanagerAlert(String labels) {
        return AlertNormaliser.normalise(Fixtures.parse("""
                {"version":"4","alerts":[{"status":"firing","startsAt":"2026-11-21T03:12:45Z",
                 "labels":{"alertname":"HighMemoryUsage",%s}}]}""".formatted(labels))).get(0);
    }

    @Test
    void theAegisTargetLabelComesBeforeEveryOther() {
        NormalisedAlert alert = alertmanagerAlert("\"aegis_target\":\"payments\",\"job\":\"buggy-app\"");

        assertThat(resolver.resolve(alert)).map(Target::service).contains("payments");
    }

    @Test
    void theAegisTargetLabelMayNameTheContainer() {
        NormalisedAlert alert = alertmanagerAlert("\"aegis_target\":\"payments-api\"");

        assertThat(resolver.resolve(alert)).map(Target::service).contains("payments");
    }

    @Test
    void anInstanceIsMatchedToTheTargetWhoseHealthUrlHasItsHostAndPort() {
        NormalisedAlert alert = alertmanagerAlert("\"instance\":\"127.0.0.1:8081\",\"job\":\"jvm\"");

        assertThat(resolver.resolve(alert)).map(Target::service).contains("buggy-app");
    }

    @Test
    void anInstanceWithoutAPortInTheHealthUrlMatchesTheSchemesPort() {
        NormalisedAlert alert = alertmanagerAlert("\"instance\":\"pay.internal:443\"");

        assertThat(resolver.resolve(alert)).map(Target::service).contains("payments");
    }

    @Test
    void anInstanceOnAnotherPortOfTheSameHostMatchesNothing() {
        NormalisedAlert alert = alertmanagerAlert("\"instance\":\"127.0.0.1:9100\",\"job\":\"node\"");

        assertThat(resolver.resolve(alert)).isEmpty();
    }

    @Test
    void aNameLabelComesBeforeTheInstancesAddress() {
        NormalisedAlert alert = alertmanagerAlert("\"instance\":\"127.0.0.1:8081\",\"app\":\"payments\"");

        assertThat(resolver.resolve(alert)).map(Target::service).contains("payments");
    }

    @Test
    void theLabelsAnUnmatchedAlertShowsAreTheOnesTheResolverReads() {
        NormalisedAlert alert =
                alertmanagerAlert("\"instance\":\"10.0.0.9:9100\",\"job\":\"node\",\"severity\":\"high\"");

        assertThat(TargetResolver.namingLabels(alert))
                .containsExactly(java.util.Map.entry("job", "node"), java.util.Map.entry("instance", "10.0.0.9:9100"));
    }

    @Test
    void noMatchIsUnknown() {
        NormalisedAlert alert = AlertNormaliser.normalise(Fixtures.tree("alertmanager-firing.json"))
                .get(1);

        assertThat(resolver.resolve(alert)).isEmpty();
    }
}
