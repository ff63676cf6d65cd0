package io.aegisops.functions.diagnose;

import static io.aegisops.functions.diagnose.DiagnosisRulesTest.AT;
import static io.aegisops.functions.diagnose.DiagnosisRulesTest.alert;
import static io.aegisops.functions.diagnose.DiagnosisRulesTest.probe;
import static io.aegisops.functions.diagnose.DiagnosisRulesTest.running;
import static io.aegisops.functions.diagnose.DiagnosisRulesTest.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.Evidence;
import io.aegisops.contracts.HealthReading;
import io.aegisops.contracts.ResourceUsage;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The re-check at approval: a remedy is called off only when the evidence shows what the alert said gone. */
class RecoveryTest {

    static final Instant BEFORE_THE_ALERT = AT.minus(Duration.ofHours(1));
    static final Instant AFTER_THE_ALERT = AT.plus(Duration.ofMinutes(2));
    static final long MIB = 1024 * 1024;

    static Evidence answering(ResourceUsage resources, Instant started) {
        return with(running(null, probe(200), resources, started), "");
    }

    static Recovery.Verdict recheck(String alertType, Evidence evidence) {
        return Recovery.of(alert(alertType, null, null), null, evidence);
    }

    @Nested
    class TheTargetMustRunAndAnswer {

        @Test
        void noEvidenceIsNoRecovery() {
            Recovery.Verdict verdict = recheck("ServiceDown", Evidence.unavailable("agent timed out", AT));

            assertThat(verdict.recovered()).isFalse();
            assertThat(verdict.reason()).isEqualTo("no fresh evidence (agent timed out)");
        }

        @Test
        void aStoppedTargetHasNotRecovered() {
            Evidence exited = with(new ContainerState("exited", 137, false, 3, null, BEFORE_THE_ALERT), "");

            assertThat(recheck("ServiceDown", exited)).isEqualTo(new Recovery.Verdict(false, "the target is exited"));
        }

        @Test
        void aFailingProbeIsNoRecovery() {
            Evidence failing = with(running(null, probe(503), null, BEFORE_THE_ALERT), "");

            assertThat(recheck("ServiceDown", failing).reason()).isEqualTo("http://127.0.0.1:8080/health answered 503");
        }

        @Test
        void noAnswerIsNoRecovery() {
            Evidence silent = with(running(null, probe(null), null, BEFORE_THE_ALERT), "");

            assertThat(recheck("ServiceDown", silent).reason())
                    .isEqualTo("no answer from http://127.0.0.1:8080/health");
        }

        @Test
        void dockerSayingUnhealthyOutweighsAnAnsweringProbe() {
            Evidence unhealthy = with(running("unhealthy", probe(200), null, BEFORE_THE_ALERT), "");

            assertThat(recheck("ServiceDown", unhealthy).recovered()).isFalse();
        }

        @Test
        void withoutAHealthUrlNothingCanBeSeenRecovered() {
            Evidence unprobed = with(running(null, null, null, BEFORE_THE_ALERT), "");

            assertThat(recheck("ServiceDown", unprobed).reason()).isEqualTo("the target has no health URL to probe");
        }

        @Test
        void aTargetUpForLessThanHalfAMinuteMayBeBetweenTwoCrashes() {
            Instant collected = AT.plus(Duration.ofMinutes(5));
            Evidence justStarted = with(running(null, probe(200), null, collected.minusSeconds(12)), "");

            assertThat(recheck("ServiceDown", justStarted))
                    .isEqualTo(new Recovery.Verdict(
                            false, "up for 12 s, under 30 s: a crash loop answers between crashes too"));
        }

        @Test
        void aTargetItsRuntimeRestartedSinceTheEvidenceIsLooping() {
            ContainerState before = new ContainerState("running", null, false, 4, null, BEFORE_THE_ALERT);
            Evidence looping = with(
                    new ContainerState("running", null, false, 7, null, AFTER_THE_ALERT, probe(200), null, null, null),
                    "");

            assertThat(Recovery.of(alert("ServiceDown", null, null), before, looping))
                    .isEqualTo(new Recovery.Verdict(
                            false, "restarted by its runtime 3 time(s) since AegisOps first looked"));
            ContainerState sameCount = new ContainerState("running", null, false, 7, null, BEFORE_THE_ALERT);
            assertThat(Recovery.of(alert("ServiceDown", null, null), sameCount, looping)
                            .recovered())
                    .isTrue();
        }

        @Test
        void aSecretInTheProbedUrlStaysOutOfTheReason() {
            HealthReading secret = new HealthReading("http://admin:hunter2@127.0.0.1:8080/health", 200, 3L, null);
            Evidence evidence = with(running(null, secret, null, BEFORE_THE_ALERT), "");

            assertThat(recheck("ServiceDown", evidence).reason()).doesNotContain("hunter2");
        }
    }

    @Nested
    class Down {

        @Test
        void runningAndAnsweringIsTheSignGone() {
            Recovery.Verdict verdict = recheck("ServiceDown", answering(null, AFTER_THE_ALERT));

            assertThat(verdict)
                    .isEqualTo(new Recovery.Verdict(true, "running, http://127.0.0.1:8080/health answered 200"));
        }
    }

    @Nested
    class Cpu {

        @ParameterizedTest(name = "{0} of {1} cores after a restart: recovered {2}")
        @CsvSource(textBlock = """
                0.10, 2.0,  true
                0.99, 2.0,  true
                1.00, 2.0,  false
                1.90, 2.0,  false
                """)
        void afterARestartUnderHalfItsQuotaIsNoLongerSaturated(double cores, double quota, boolean recovered) {
            Evidence evidence = answering(new ResourceUsage(100 * MIB, 512 * MIB, cores, quota), AFTER_THE_ALERT);

            assertThat(recheck("HighCpuUsage", evidence).recovered()).isEqualTo(recovered);
        }

        @Test
        void oneLowReadingWithoutARestartIsNotEnough() {
            // pinned for minutes, then read during a pause: a second's sample must not call the remedy off
            Evidence evidence = answering(new ResourceUsage(100 * MIB, 512 * MIB, 0.1, 2.0), BEFORE_THE_ALERT);

            assertThat(recheck("HighCpuUsage", evidence))
                    .isEqualTo(new Recovery.Verdict(false, "the target has not restarted since the alert began"));
        }

        @ParameterizedTest
        @ValueSource(doubles = {0.02, 0.45, 2.0})
        void withoutAQuotaNothingSaysHowBusyIsBusy(double cores) {
            // one spinning thread measured 0.41-0.51 cores on this crowded 2-core host
            Evidence evidence = answering(new ResourceUsage(100 * MIB, null, cores, null), AFTER_THE_ALERT);

            Recovery.Verdict verdict = recheck("HighCpuUsage", evidence);

            assertThat(verdict.recovered()).isFalse();
            assertThat(verdict.reason()).endsWith("cores without a quota to measure against");
        }

        @Test
        void noReadingIsNoRecovery() {
            assertThat(recheck("HighCpuUsage", answering(null, AFTER_THE_ALERT)).reason())
                    .isEqualTo("no CPU reading");
        }
    }

    @Nested
    class Memory {

        @ParameterizedTest
        @ValueSource(strings = {"HighMemoryUsage", "ContainerOOMKilled"})
        void aLeakIsNotOutwaitedButARestartSinceTheAlertResetsIt(String alertType) {
            ResourceUsage low = new ResourceUsage(60 * MIB, 512 * MIB, 0.01, null);

            assertThat(recheck(alertType, answering(low, BEFORE_THE_ALERT)))
                    .isEqualTo(new Recovery.Verdict(false, "the target has not restarted since the alert began"));
            assertThat(recheck(alertType, answering(low, AFTER_THE_ALERT)).recovered())
                    .isTrue();
        }

        @Test
        void aRestartedTargetAlreadyNearItsLimitHasNotRecovered() {
            ResourceUsage near = new ResourceUsage(470 * MIB, 512 * MIB, 0.01, null);

            assertThat(recheck("HighMemoryUsage", answering(near, AFTER_THE_ALERT))
                            .reason())
                    .isEqualTo("memory 92% of its limit");
        }
    }

    @Nested
    class SignsTheAgentCannotSee {

        @ParameterizedTest
        @ValueSource(strings = {"HighErrorRate", "DependencyLatency", "DiskAlmostFull", "KubePodCrashLooping"})
        void neverCallTheRemedyOff(String alertType) {
            Recovery.Verdict verdict = recheck(alertType, answering(null, AFTER_THE_ALERT));

            assertThat(verdict.recovered()).isFalse();
            assertThat(verdict.reason()).startsWith("a re-check cannot see ");
        }

        @Test
        void anAlertNamingNothingKnownIsNoRecovery() {
            assertThat(recheck("Watchdog", answering(null, AFTER_THE_ALERT)).reason())
                    .isEqualTo("the alert names nothing a re-check can see gone");
        }

        @Test
        void oneUnseeableSignKeepsTheRemedyEvenBesideASeenOne() {
            Recovery.Verdict verdict = Recovery.of(
                    alert("HighCpuUsage", "CPU saturated and the error rate climbs", null),
                    null,
                    answering(new ResourceUsage(null, null, 0.01, 2.0), AFTER_THE_ALERT));

            assertThat(verdict.recovered()).isFalse();
        }
    }
}
