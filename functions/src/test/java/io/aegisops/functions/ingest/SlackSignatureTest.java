package io.aegisops.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.functions.ingest.SlackSignature.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Unit: Slack's v0 request signature, as Slack documents it, within five minutes either way of now. */
class SlackSignatureTest {

    private static final byte[] SECRET = "8f742231b10e8888abcd99yyyzzz85a5".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ROTATED = "a-second-signing-secret-00000001".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-12-06T03:12:00Z");
    private static final byte[] BODY =
            "payload=%7B%22type%22%3A%22block_actions%22%7D".getBytes(StandardCharsets.UTF_8);

    private static Map<String, String> headers(String timestamp, String signature) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("x-slack-request-timestamp", timestamp);
        headers.put("x-slack-signature", signature);
        return headers;
    }

    private static Map<String, String> signedAt(Instant at, byte[] secret, byte[] body) {
        String timestamp = Long.toString(at.getEpochSecond());
        return headers(timestamp, SlackSignature.sign(secret, timestamp, body));
    }

    private static Verdict verify(Map<String, String> headers, byte[] body) {
        return SlackSignature.verify(headers, body, List.of(SECRET), NOW);
    }

    @Nested
    class Signatures {
        @Test
        void slacksDocumentedExampleIsReproduced() {
            // api.slack.com/authentication/verifying-requests-from-slack: the worked example's inputs and signature
            byte[] body =
                    ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
                                    + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect"
                                    + "&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554"
                                    + "%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c")
                            .getBytes(StandardCharsets.UTF_8);

            assertThat(SlackSignature.sign(
                            "8f742231b10e8888abcd99yyyzzz85a5".getBytes(StandardCharsets.UTF_8), "1531420618", body))
                    .isEqualTo("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
        }

        @Test
        void aGoodSignatureIsValid() {
            assertThat(verify(signedAt(NOW, SECRET, BODY), BODY)).isEqualTo(Verdict.VALID);
        }

        @Test
        void eitherSecretIsValidWhileOneIsRotated() {
            assertThat(SlackSignature.verify(signedAt(NOW, ROTATED, BODY), BODY, List.of(SECRET, ROTATED), NOW))
                    .isEqualTo(Verdict.VALID);
        }

        @Test
        void aWrongSecretIsAMismatch() {
            assertThat(verify(signedAt(NOW, ROTATED, BODY), BODY)).isEqualTo(Verdict.MISMATCH);
        }

        @Test
        void aTamperedBodyIsAMismatch() {
            byte[] tampered = "payload=%7B%22type%22%3A%22block_actionz%22%7D".getBytes(StandardCharsets.UTF_8);

            assertThat(verify(signedAt(NOW, SECRET, BODY), tampered)).isEqualTo(Verdict.MISMATCH);
        }

        @Test
        void theTimestampIsPartOfWhatIsSigned() {
            String signature = SlackSignature.sign(SECRET, Long.toString(NOW.getEpochSecond()), BODY);

            assertThat(verify(headers(Long.toString(NOW.getEpochSecond() - 1), signature), BODY))
                    .isEqualTo(Verdict.MISMATCH);
        }
    }

    @Nested
    class Window {
        @Test
        void fiveMinutesOldIsStillValid() {
            assertThat(verify(signedAt(NOW.minusSeconds(300), SECRET, BODY), BODY))
                    .isEqualTo(Verdict.VALID);
        }

        @Test
        void olderThanFiveMinutesIsStale() {
            assertThat(verify(signedAt(NOW.minusSeconds(301), SECRET, BODY), BODY))
                    .isEqualTo(Verdict.STALE);
        }

        @Test
        void moreThanFiveMinutesAheadIsStaleToo() {
            assertThat(verify(signedAt(NOW.plusSeconds(301), SECRET, BODY), BODY))
                    .isEqualTo(Verdict.STALE);
            assertThat(verify(signedAt(NOW.plusSeconds(300), SECRET, BODY), BODY))
                    .isEqualTo(Verdict.VALID);
        }
    }

    @Nested
    class Malformed {
        @Test
        void missingOrMalformedHeadersAreRefused() {
            String timestamp = Long.toString(NOW.getEpochSecond());
            String signature = SlackSignature.sign(SECRET, timestamp, BODY);

            assertThat(verify(new TreeMap<>(), BODY)).isEqualTo(Verdict.MISSING);
            assertThat(verify(headers(timestamp, signature.substring(3)), BODY)).isEqualTo(Verdict.MISSING);
            assertThat(verify(headers(timestamp, signature.toUpperCase(java.util.Locale.ROOT)), BODY))
                    .isEqualTo(Verdict.MISSING);
            assertThat(verify(headers("-" + timestamp, signature), BODY)).isEqualTo(Verdict.MISSING);
        }

        @Test
        void withoutASigningSecretNothingIsValid() {
            assertThat(SlackSignature.verify(signedAt(NOW, SECRET, BODY), BODY, List.of(), NOW))
                    .isEqualTo(Verdict.NOT_CONFIGURED);
        }
    }
}
