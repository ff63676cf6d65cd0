package io.aegisops.functions.diagnose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Unit: the alert names users actually have, name by name, and how a name is matched. */
class AlertVocabularyTest {

    static final AlertVocabulary VOCABULARY = AlertVocabulary.standard();

    /** Every name of {@code alert-vocabulary.txt}: a name added there needs its line here. */
    static final int NAMES = 98;

    @ParameterizedTest(name = "{0} means {1}")
    @CsvSource(delimiter = '|', textBlock = """
                InstanceDown                                       | DOWN
                TargetDown                                         | DOWN
                ServiceDown                                        | DOWN
                PrometheusTargetMissing                            | DOWN
                ProbeDown                                          | DOWN
                BlackboxProbeFailed                                | DOWN
                BlackboxProbeHttpFailure                           | ERRORS
                BlackboxSlowProbe                                  | LATENCY
                BlackboxProbeSlowHttp                              | LATENCY
                BlackboxSslCertificateWillExpireSoon               | CERT_EXPIRY
                BlackboxSslCertificateWillExpireVerySoon           | CERT_EXPIRY
                BlackboxSslCertificateExpired                      | CERT_EXPIRY
                SSLCertExpiringSoon                                | CERT_EXPIRY
                ProbeSSLCertificateExpiry                          | CERT_EXPIRY
                CertManagerCertExpirySoon                          | CERT_EXPIRY
                APIHighRequestLatency                              | LATENCY
                KubePodCrashLooping                                | CRASH_LOOP
                KubeContainerWaiting                               | DOWN
                KubePodNotReady                                    | DOWN
                KubeDeploymentReplicasMismatch                     | DOWN
                KubeStatefulSetReplicasMismatch                    | DOWN
                CPUThrottlingHigh                                  | CPU
                KubePersistentVolumeFillingUp                      | DISK
                KubePersistentVolumeInodesFillingUp                | DISK
                HostOutOfMemory                                    | MEMORY
                HostMemoryUnderMemoryPressure                      | MEMORY
                HostSwapIsFillingUp                                | MEMORY
                HostOomKillDetected                                | OOM
                HostHighCpuLoad                                    | CPU
                HostOutOfDiskSpace                                 | DISK
                HostDiskWillFillIn24Hours                          | DISK
                HostOutOfInodes                                    | DISK
                HostInodesWillFillIn24Hours                        | DISK
                HostSystemdServiceCrashed                          | DOWN
                NodeMemoryHighUtilization                          | MEMORY
                NodeCPUHighUsage                                   | CPU
                NodeFilesystemSpaceFillingUp                       | DISK
                NodeFilesystemAlmostOutOfSpace                     | DISK
                NodeFilesystemFilesFillingUp                       | DISK
                NodeFilesystemAlmostOutOfFiles                     | DISK
                DiskFull                                           | DISK
                DiskAlmostFull                                     | DISK
                ContainerKilled                                    | DOWN
                ContainerAbsent                                    | DOWN
                ContainerDown                                      | DOWN
                ContainerOOMKilled                                 | OOM
                ContainerOomKiller                                 | OOM
                ContainerMemoryUsage                               | MEMORY
                ContainerHighMemoryUsage                           | MEMORY
                ContainerCpuUsage                                  | CPU
                ContainerHighCpuUtilization                        | CPU
                ContainerHighThrottleRate                          | CPU
                ContainerVolumeUsage                               | DISK
                HighErrorRate                                      | ERRORS
                ErrorRateHigh                                      | ERRORS
                HighHttpErrorRate                                  | ERRORS
                Http5xxErrorRate                                   | ERRORS
                High5xxErrorRate                                   | ERRORS
                HTTP5xxRateHigh                                    | ERRORS
                NginxHighHttp5xxErrorRate                          | ERRORS
                TraefikHighHttp5xxErrorRateService                 | ERRORS
                HaproxyHighHttp5xxErrorRateBackend                 | ERRORS
                HighLatency                                        | LATENCY
                HighRequestLatency                                 | LATENCY
                HighResponseTime                                   | LATENCY
                SlowResponses                                      | LATENCY
                SlowRequests                                       | LATENCY
                NginxLatencyHigh                                   | LATENCY
                TraefikServiceDown                                 | DOWN
                SyntheticMonitoringCheckFailureAtHighSensitivity   | DOWN
                SyntheticMonitoringCheckFailureAtMediumSensitivity | DOWN
                SyntheticMonitoringCheckFailureAtLowSensitivity    | DOWN
                ProbeFailedExecutionsTooHigh                       | DOWN
                HTTPRequestDurationTooHighAvg                      | LATENCY
                TLSTargetCertificateCloseToExpiring                | CERT_EXPIRY
                StatusCheckFailed                                  | DOWN
                StatusCheckFailed_Instance                         | DOWN
                StatusCheckFailed_System                           | DOWN
                UnHealthyHostCount                                 | DOWN
                HealthyHostCount                                   | DOWN
                CPUUtilization                                     | CPU
                MemoryUtilization                                  | MEMORY
                mem_used_percent                                   | MEMORY
                disk_used_percent                                  | DISK
                FreeStorageSpace                                   | DISK
                HTTPCode_Target_5XX_Count                          | ERRORS
                HTTPCode_ELB_5XX_Count                             | ERRORS
                HTTPCode_Backend_5XX                               | ERRORS
                5XXError                                           | ERRORS
                5xxErrorRate                                       | ERRORS
                Errors                                             | ERRORS
                TargetResponseTime                                 | LATENCY
                Latency                                            | LATENCY
                IntegrationLatency                                 | LATENCY
                pod_number_of_container_restarts                   | CRASH_LOOP
                pod_cpu_utilization                                | CPU
                pod_memory_utilization                             | MEMORY
                node_filesystem_utilization                        | DISK
                """)
    void eachNameMeansItsSign(String name, Sign sign) {
        assertThat(VOCABULARY.signOf(name)).contains(sign);
    }

    @Test
    void everyNameIsTestedAbove() {
        assertThat(VOCABULARY.size()).isEqualTo(NAMES);
    }

    @ParameterizedTest
    @CsvSource({
        "Host out of memory, MEMORY",
        "host_out_of_memory, MEMORY",
        "KUBEPODCRASHLOOPING, CRASH_LOOP",
        "httpcode-target-5xx-count, ERRORS",
        "Status Check Failed, DOWN"
    })
    void aNameMatchesWhateverItsCaseAndSeparators(String name, Sign sign) {
        assertThat(VOCABULARY.signOf(name)).contains(sign);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Flapping", "Watchdog", "DatasourceNoData", "HighErrorRateOnCheckout", ""})
    void otherNamesAreUnknown(String name) {
        assertThat(VOCABULARY.signOf(name)).isEmpty();
    }

    @Test
    void noNameIsUnknownOrNull() {
        assertThat(VOCABULARY.signOf(null)).isEmpty();
    }

    @Test
    void aNameListedTwiceIsRefused() {
        assertThatThrownBy(() -> parse("TargetDown DOWN\ntarget_down CRASH_LOOP"))
                .hasMessageContaining("line 2: target_down again");
    }

    @Test
    void onlyWhatAnAlertCanNameIsAccepted() {
        assertThatThrownBy(() -> parse("LooksFine HEALTHY")).hasMessageContaining("no alert names HEALTHY");
        assertThatThrownBy(() -> parse("TargetDown")).hasMessageContaining("want a name and a sign");
        assertThatThrownBy(() -> parse("TargetDown GONE")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void commentsAndBlankLinesAreSkipped() throws Exception {
        assertThat(parse("# names\n\n  TargetDown   DOWN  \n").signOf("TargetDown"))
                .contains(Sign.DOWN);
    }

    static AlertVocabulary parse(String text) throws Exception {
        return AlertVocabulary.parse(new BufferedReader(new StringReader(text)));
    }
}
