package io.aegisops.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Unit: in-process invocation behaves like the Lambda service on the points handlers rely on. */
class LocalLambdaTest {

    /** The clock of the invocation context: stopped, so the remaining time is exact. */
    private final LocalLambda lambda =
            new LocalLambda(Clock.fixed(Instant.parse("2026-11-21T03:15:00Z"), ZoneOffset.UTC));

    @AfterEach
    void close() {
        lambda.close();
    }

    private String register(String name, Duration timeout, RequestStreamHandler handler) {
        return lambda.register(new LocalFunction(name, () -> handler, 512, timeout));
    }

    @Nested
    class Invoking {
        @Test
        void passesTheRawPayloadAndReturnsTheRawOutput() {
            String arn = register("echo", Duration.ofSeconds(5), (in, out, ctx) -> out.write(in.readAllBytes()));

            byte[] output = lambda.invoke(arn, "{\"a\":1}".getBytes(StandardCharsets.UTF_8));

            assertThat(new String(output, StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        }

        @Test
        void resolvesByNameByArnAndByQualifiedArn() {
            register("diagnose", Duration.ofSeconds(5), (in, out, ctx) -> {});
            assertThat(lambda.resolve("diagnose")).isPresent();
            assertThat(lambda.resolve("arn:aws:lambda:us-east-1:000000000000:function:diagnose"))
                    .isPresent();
            assertThat(lambda.resolve(LocalLambda.arnOf("diagnose"))).isPresent();
            assertThat(lambda.resolve("arn:aws:lambda:us-east-1:000000000000:function:other:live"))
                    .isEmpty();
        }

        @Test
        void initialisesTheHandlerOnceAcrossInvocations() {
            AtomicInteger inits = new AtomicInteger();
            lambda.register(new LocalFunction(
                    "counted",
                    () -> {
                        inits.incrementAndGet();
                        return (in, out, ctx) -> {};
                    },
                    512,
                    Duration.ofSeconds(5)));

            for (int i = 0; i < 3; i++) {
                lambda.invoke("counted", new byte[0]);
            }

            assertThat(inits).hasValue(1);
        }

        @Test
        void contextCarriesTheRemainingTimeBudget() {
            String arn = register(
                    "budget",
                    Duration.ofSeconds(3),
                    (in, out, ctx) -> out.write(
                            Integer.toString(ctx.getRemainingTimeInMillis()).getBytes(StandardCharsets.UTF_8)));

            int remaining = Integer.parseInt(new String(lambda.invoke(arn, new byte[0]), StandardCharsets.UTF_8));

            assertThat(remaining).as("the whole timeout, on a stopped clock").isEqualTo(3000);
        }
    }

    @Nested
    class Errors {
        @Test
        void aThrownExceptionIsNamedByItsClassAsTheJavaRuntimeNamesIt() {
            String arn = register("boom", Duration.ofSeconds(5), (in, out, ctx) -> {
                throw new IllegalStateException("broken");
            });

            assertThatThrownBy(() -> lambda.invoke(arn, new byte[0])).isInstanceOfSatisfying(FunctionError.class, e -> {
                assertThat(e.errorType()).isEqualTo("java.lang.IllegalStateException");
                assertThat(e.getMessage()).isEqualTo("broken");
            });
        }

        @Test
        void runningPastTheTimeoutIsASandboxTimeout() {
            String arn = register("slow", Duration.ofMillis(200), (in, out, ctx) -> {
                try {
                    new CountDownLatch(1).await(); // never opened: runs until the sandbox stops it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });

            assertThatThrownBy(() -> lambda.invoke(arn, new byte[0]))
                    .isInstanceOfSatisfying(
                            FunctionError.class, e -> assertThat(e.errorType()).isEqualTo("Sandbox.Timedout"));
        }

        @Test
        void anUnknownFunctionIsResourceNotFound() {
            assertThatThrownBy(() -> lambda.invoke("nope", new byte[0]))
                    .isInstanceOfSatisfying(
                            FunctionError.class, e -> assertThat(e.errorType()).isEqualTo("ResourceNotFoundException"));
        }
    }
}
