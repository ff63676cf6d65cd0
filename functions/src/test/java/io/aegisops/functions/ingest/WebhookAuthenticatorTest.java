package io.aegisops.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.functions.config.EnvSecretSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Bearer tokens and HMAC signatures: what passes, what is refused, and the 5-minute window's edges. */
class WebhookAuthenticatorTest {

    private static final byte[] BODY = "{\"alert_type\":\"X\"}".getBytes(StandardCharsets.UTF_8);
    private static final String OLD_SECRET = "old-hmac-secret-0000001";
    private static final String NEW_SECRET = "new-hmac-secret-0000002";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T03:13:00Z"));
    private final Credentials credentials = Credentials.from(new EnvSecretSource(Map.of(
            Credentials.WEBHOOK_TOKENS, "webhook-token-0000001",
            Credentials.HMAC_SECRETS, OLD_SECRET + "," + NEW_SECRET,
            Credentials.APPROVER_TOKENS, "alice:approver-token-0001")));
    private final WebhookAuthenticator auth = new WebhookAuthenticator(() -> credentials, clock);

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private static String v1(String secret, long t, byte[] body) {
        return WebhookAuthenticator.sign(secret.getBytes(StandardCharsets.UTF_8), t, body);
    }

    private void assertRefused(Map<String, String> headers, byte[] body) {
        assertThatThrownBy(() -> auth.authenticateSender(headers, body))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Nested
    class Signatures {
        @Test
        void aSignatureWithEitherRotatedSecretPasses() {
            for (String secret : new String[] {OLD_SECRET, NEW_SECRET}) {
                assertThatCode(() -> auth.authenticateSender(
                                Map.of(
                                        WebhookAuthenticator.SIGNATURE_HEADER,
                                        "t=" + now() + ",v1=" + v1(secret, now(), BODY)),
                                BODY))
                        .doesNotThrowAnyException();
            }
        }

        @Test
        void severalV1ValuesPassWhenOneMatches() {
            String header = "t=" + now() + ",v1=" + "0".repeat(64) + ",v1=" + v1(NEW_SECRET, now(), BODY);

            assertThatCode(() -> auth.authenticateSender(Map.of(WebhookAuthenticator.SIGNATURE_HEADER, header), BODY))
                    .doesNotThrowAnyException();
        }

        @Test
        void theWindowIsFiveMinutesEitherWay() {
            for (long skew : new long[] {-300, 300}) {
                long t = now() + skew;
                assertThatCode(() -> auth.authenticateSender(
                                Map.of(
                                        WebhookAuthenticator.SIGNATURE_HEADER,
                                        "t=" + t + ",v1=" + v1(OLD_SECRET, t, BODY)),
                                BODY))
                        .doesNotThrowAnyException();
            }
            for (long skew : new long[] {-301, 301}) {
                long t = now() + skew;
                assertRefused(
                        Map.of(WebhookAuthenticator.SIGNATURE_HEADER, "t=" + t + ",v1=" + v1(OLD_SECRET, t, BODY)),
                        BODY);
            }
        }

        @Test
        void theTimestampIsPartOfWhatIsSigned() {
            assertRefused(
                    Map.of(
                            WebhookAuthenticator.SIGNATURE_HEADER,
                            "t=" + now() + ",v1=" + v1(OLD_SECRET, now() - 1, BODY)),
                    BODY);
        }

        @Test
        void anUnknownSecretOrAChangedBodyIsRefused() {
            assertRefused(
                    Map.of(
                            WebhookAuthenticator.SIGNATURE_HEADER,
                            "t=" + now() + ",v1=" + v1("some-other-secret-0001", now(), BODY)),
                    BODY);
            assertRefused(
                    Map.of(WebhookAuthenticator.SIGNATURE_HEADER, "t=" + now() + ",v1=" + v1(OLD_SECRET, now(), BODY)),
                    "{\"alert_type\":\"Y\"}".getBytes(StandardCharsets.UTF_8));
        }

        @Test
        void malformedHeadersAreRefused() {
            for (String header : new String[] {
                "",
                "t=,v1=",
                "t=abc,v1=" + "0".repeat(64),
                "t=" + now(),
                "v1=" + "0".repeat(64),
                "t=" + now() + ",v1=xyz",
                "t=99999999999999999999,v1=" + "0".repeat(64)
            }) {
                assertRefused(Map.of(WebhookAuthenticator.SIGNATURE_HEADER, header), BODY);
            }
        }
    }

    @Nested
    class Tokens {
        @Test
        void aWebhookTokenPassesAndAnApproverTokenDoesNot() {
            assertThatCode(() -> auth.authenticateSender(Map.of("Authorization", "Bearer webhook-token-0000001"), BODY))
                    .doesNotThrowAnyException();
            assertRefused(Map.of("Authorization", "Bearer approver-token-0001"), BODY);
        }

        @Test
        void approversAreNamedByTheirToken() {
            assertThat(auth.authenticateApprover(Map.of("Authorization", "Bearer approver-token-0001")))
                    .isEqualTo(Approver.withDefaultRole("alice"));
            assertThatThrownBy(() -> auth.authenticateApprover(Map.of("Authorization", "Bearer webhook-token-0000001")))
                    .isInstanceOf(ApiException.class);
            assertThatThrownBy(() -> auth.authenticateApprover(Map.of())).isInstanceOf(ApiException.class);
        }
    }
}
