package io.aegisops.functions.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.functions.config.Refreshing;
import io.aegisops.functions.pipeline.Fixtures;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.crac.Core;
import org.junit.jupiter.api.Test;

/** A value built from secrets before a snapshot is built afresh after its restore, however fresh it looked. */
class SecretsAfterRestoreTest {

    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger failing = new AtomicInteger();

    final Refreshing<String> secret = new Refreshing<>(
            "a test secret",
            () -> {
                if (failing.get() > 0) {
                    throw new IllegalStateException("unreachable");
                }
                return "secret-" + reads.incrementAndGet();
            },
            Fixtures.CLOCK,
            Duration.ofMinutes(5));

    @Test
    void isReadAgainAfterARestore() throws Exception {
        assertThat(secret.get()).isEqualTo("secret-1");
        assertThat(secret.get()).as("fresh within its TTL").isEqualTo("secret-1");

        Core.checkpointRestore();

        assertThat(secret.get()).isEqualTo("secret-2");
    }

    @Test
    void keepsTheLastValueWhenTheReadAfterARestoreFails() throws Exception {
        assertThat(secret.get()).isEqualTo("secret-1");

        Core.checkpointRestore();
        failing.set(1);

        assertThat(secret.get()).isEqualTo("secret-1");
    }
}
