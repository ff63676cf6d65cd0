package io.aegisops.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.redact.Redactor;
import io.aegisops.contracts.redact.SecretRule.SecretSample;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Unit: the corpus a test plants holds every secret, and in one text no sample hides the others. */
class SecretCorpusTest {

    private static final List<String> SECRETS =
            SecretCorpus.samples().stream().map(SecretSample::secret).toList();

    @Nested
    class AsOneLog {
        @Test
        void holdsEverySecretAndRedactionRemovesThemAll() {
            String log = SecretCorpus.asLog();

            assertThat(SecretCorpus.foundIn(log))
                    .containsExactlyInAnyOrderElementsOf(
                            SECRETS.stream().distinct().toList());
            assertThat(SecretCorpus.foundIn(Redactor.redact(log))).isEmpty();
        }

        @Test
        void letsEachSampleButTheFirstAndTheLastKeepTheLinesAroundIt() {
            List<SecretSample> ordered = SecretCorpus.inTextOrder();

            assertThat(ordered).containsExactlyInAnyOrderElementsOf(SecretCorpus.samples());
            for (SecretSample sample : ordered.subList(1, ordered.size())) {
                assertThat(Redactor.redact("a line before\n" + sample.text()))
                        .as(sample.text())
                        .startsWith("a line before\n");
            }
            for (SecretSample sample : ordered.subList(0, ordered.size() - 1)) {
                assertThat(Redactor.redact(sample.text() + "\na line after"))
                        .as(sample.text())
                        .endsWith("\na line after");
            }
        }
    }

    @Nested
    class FoundIn {
        @Test
        void seesASecretAsSlackEscapesIt() {
            assertThat(SecretCorpus.foundIn("password=first;second&amp;third")).contains("first;second&third");
            assertThat(SecretCorpus.foundIn("nothing here")).isEmpty();
        }
    }
}
