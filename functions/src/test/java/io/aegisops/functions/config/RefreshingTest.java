package io.aegisops.functions.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.functions.ingest.MutableClock;
import io.aegisops.testsupport.LogCapture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Unit: a value built from secrets is rebuilt once per TTL, survives a failed read, and is built once at a time. */
class RefreshingTest {

    private static final Duration TTL = Duration.ofMinutes(5);

    @RegisterExtension
    final LogCapture logs = LogCapture.everything();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T05:00:00Z"));
    private final AtomicReference<String> secret = new AtomicReference<>("secret-version-1");
    private final AtomicInteger reads = new AtomicInteger();
    private final Refreshing<String> value = new Refreshing<>(
            "the test value",
            () -> {
                reads.incrementAndGet();
                String current = secret.get();
                if (current == null) {
                    throw new IllegalStateException("the secret arn:test is unreachable");
                }
                return current;
            },
            clock,
            TTL);

    @Nested
    class Ttl {
        @Test
        void nothingIsReadBeforeTheFirstUse() {
            assertThat(reads).hasValue(0);
            assertThat(value.get()).isEqualTo("secret-version-1");
            assertThat(reads).hasValue(1);
        }

        @Test
        void aRotatedSecretIsSeenOnceTheTtlHasPassedAndNotBefore() {
            value.get();
            secret.set("secret-version-2");

            clock.advance(TTL.minusSeconds(1));
            assertThat(value.get()).isEqualTo("secret-version-1");
            assertThat(reads).hasValue(1);

            clock.advance(Duration.ofSeconds(1));
            assertThat(value.get()).isEqualTo("secret-version-2");
            assertThat(reads).hasValue(2);
        }

        @Test
        void theTtlIsASettingOfFiveMinutesByDefault() {
            assertThat(Refreshing.ttl(Map.of())).isEqualTo(Duration.ofMinutes(5));
            assertThat(Refreshing.ttl(Map.of(Refreshing.SECRETS_TTL_SECONDS, "60")))
                    .isEqualTo(Duration.ofSeconds(60));
            assertThat(Refreshing.ttl(Map.of(Refreshing.SECRETS_TTL_SECONDS, "0")))
                    .isZero();
            assertThatThrownBy(() -> Refreshing.ttl(Map.of(Refreshing.SECRETS_TTL_SECONDS, "-1")))
                    .hasMessageContaining(Refreshing.SECRETS_TTL_SECONDS);
        }
    }

    @Nested
    class Failures {
        @Test
        void aFailedRefreshKeepsTheLastGoodValueAndTriesAgainAfterAnotherTtl() {
            value.get();
            secret.set(null);
            clock.advance(TTL);

            assertThat(value.get()).isEqualTo("secret-version-1");
            assertThat(value.get()).isEqualTo("secret-version-1");
            assertThat(reads).hasValue(2);

            secret.set("secret-version-2");
            clock.advance(TTL);
            assertThat(value.get()).isEqualTo("secret-version-2");
            assertThat(reads).hasValue(3);
        }

        @Test
        void aFailedRefreshIsLoggedWithoutTheSecret() {
            value.get();
            secret.set(null);
            clock.advance(TTL);
            value.get();

            assertThat(logs.events("secrets.refreshFailed")).singleElement().satisfies(line -> {
                assertThat(line.path("what").asText()).isEqualTo("the test value");
                assertThat(line.path("reason").asText()).contains("arn:test");
            });
            assertThat(logs.text()).doesNotContain("secret-version-1");
        }

        @Test
        void aFailedFirstReadThrowsNamingTheValueAndIsTriedAgainOnTheNextUse() {
            secret.set(null);

            assertThatThrownBy(value::get)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot read the secrets for the test value: the secret arn:test is unreachable");
            assertThat(logs.events("secrets.unreadable")).hasSize(1);

            secret.set("secret-version-1");
            assertThat(value.get()).isEqualTo("secret-version-1");
        }
    }

    @Nested
    class Concurrency {
        private final CountDownLatch reading = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final AtomicInteger builds = new AtomicInteger();
        private final Refreshing<Integer> slow = new Refreshing<>(
                "the slow value",
                () -> {
                    int build = builds.incrementAndGet();
                    reading.countDown();
                    awaitUninterruptibly(release);
                    return build;
                },
                clock,
                TTL);

        @Test
        void callersThatArriveDuringTheFirstReadWaitForItAndItIsReadOnce() throws InterruptedException {
            List<Integer> seen = new CopyOnWriteArrayList<>();
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                callers.add(Thread.ofPlatform().start(() -> seen.add(slow.get())));
            }
            reading.await();
            awaitAllParked(callers);
            release.countDown();
            for (Thread caller : callers) {
                caller.join();
            }

            assertThat(builds).hasValue(1);
            assertThat(seen).hasSize(8).containsOnly(1);
        }

        @Test
        void duringARefreshOtherCallersGetTheValueItReplaces() throws InterruptedException {
            CountDownLatch refreshing = new CountDownLatch(1);
            CountDownLatch refreshRelease = new CountDownLatch(1);
            Refreshing<Integer> held = new Refreshing<>(
                    "the held value",
                    () -> {
                        int build = builds.incrementAndGet();
                        if (build > 1) {
                            refreshing.countDown();
                            awaitUninterruptibly(refreshRelease);
                        }
                        return build;
                    },
                    clock,
                    TTL);
            assertThat(held.get()).isEqualTo(1);
            clock.advance(TTL);

            AtomicInteger refresherSaw = new AtomicInteger();
            Thread refresher = Thread.ofPlatform().start(() -> refresherSaw.set(held.get()));
            refreshing.await();
            int othersSee = held.get();
            refreshRelease.countDown();
            refresher.join();

            assertThat(othersSee).isEqualTo(1);
            assertThat(refresherSaw).hasValue(2);
            assertThat(held.get()).isEqualTo(2);
            assertThat(builds).hasValue(2);
        }

        /** Every caller is blocked (in the lock or in the read): none can still be on its way in. */
        private static void awaitAllParked(List<Thread> threads) {
            while (threads.stream()
                    .anyMatch(t -> t.getState() == Thread.State.NEW || t.getState() == Thread.State.RUNNABLE)) {
                Thread.onSpinWait();
            }
        }

        private static void awaitUninterruptibly(CountDownLatch latch) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
