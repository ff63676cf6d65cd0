package io.aegisops.contracts.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.aegisops.contracts.Json;
import io.aegisops.contracts.redact.SecretRule.SecretSample;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Unit: every rule in secret-rules.json proves itself on its own samples, and the corpus they form is large. */
class SecretRulesTest {

    private static final List<SecretRule> RULES = Redactor.rules();

    @Nested
    class TheDataFile {
        @Test
        void coversAtLeastSixtySecretFormsWithSamplesBothWays() {
            long secrets =
                    RULES.stream().mapToLong(r -> r.secretSamples().size()).sum();
            assertThat(secrets).isGreaterThanOrEqualTo(60);
            assertThat(RULES).allSatisfy(rule -> {
                assertThat(rule.secretSamples()).as(rule.id()).isNotEmpty();
                assertThat(rule.ordinarySamples()).as(rule.id()).isNotEmpty();
                assertThat(rule.description()).as(rule.id()).isNotBlank();
            });
        }

        @Test
        void namesEveryRuleOnce() {
            Set<String> ids = new HashSet<>();
            assertThat(RULES)
                    .allSatisfy(rule -> assertThat(ids.add(rule.id()))
                            .as("duplicate id %s", rule.id())
                            .isTrue());
        }

        @Test
        void refusesARequiredTextThatIsNotLowerCase() {
            var document = Json.read(
                    "{\"rules\": [{\"id\": \"x\", \"description\": \"d\", \"pattern\": \"(?<secret>AKIA)\","
                            + " \"requires\": [\"AKIA\"]}]}",
                    com.fasterxml.jackson.databind.JsonNode.class);
            assertThatThrownBy(() -> SecretRules.parse(document))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("rule x")
                    .hasMessageContaining("lower case");
        }

        @Test
        void refusesARuleWithoutASecretGroup() {
            var document = Json.read(
                    "{\"rules\": [{\"id\": \"x\", \"description\": \"d\", \"pattern\": \"abc\"}]}",
                    com.fasterxml.jackson.databind.JsonNode.class);
            assertThatThrownBy(() -> SecretRules.parse(document))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("rule x")
                    .hasMessageContaining("secret");
        }
    }

    @TestFactory
    Stream<DynamicTest> eachRuleRemovesTheSecretOfItsOwnSamples() {
        return RULES.stream()
                .flatMap(rule -> rule.secretSamples().stream()
                        .map(sample -> dynamicTest(rule.id() + ": " + abbreviated(sample), () -> {
                            String byRule = rule.apply(sample.text());
                            assertThat(byRule).as("rule %s alone", rule.id()).doesNotContain(sample.secret());
                            assertThat(byRule).contains(Redactor.MASK);
                            assertThat(Redactor.redact(sample.text()))
                                    .as("all rules")
                                    .doesNotContain(sample.secret());
                        })));
    }

    /**
     * A rule's required texts decide whether its pattern runs at all, so a wrong one silently lets a secret through.
     * Each match of the bare pattern in each secret sample must hold one of them (not merely the sample around it).
     */
    @TestFactory
    Stream<DynamicTest> everyMatchOfASecretSampleHoldsOneOfItsRulesRequiredTexts() {
        return RULES.stream()
                .filter(rule -> !rule.requires().isEmpty())
                .flatMap(rule -> rule.secretSamples().stream()
                        .map(sample -> dynamicTest(rule.id() + ": " + abbreviated(sample), () -> {
                            List<String> matches = rule.pattern()
                                    .matcher(sample.text())
                                    .results()
                                    .map(match -> match.group().toLowerCase(Locale.ROOT))
                                    .toList();
                            assertThat(matches)
                                    .isNotEmpty()
                                    .allSatisfy(match -> assertThat(rule.requires())
                                            .as("required texts of %s in the match %s", rule.id(), match)
                                            .anyMatch(match::contains));
                        })));
    }

    @TestFactory
    Stream<DynamicTest> everyRuleLeavesOrdinaryTextAlone() {
        return RULES.stream()
                .flatMap(rule -> rule.ordinarySamples().stream()
                        .map(text -> dynamicTest(
                                rule.id() + ": " + text,
                                () -> assertThat(Redactor.redact(text))
                                        .as("all rules on an ordinary sample of %s", rule.id())
                                        .isEqualTo(text))));
    }

    /**
     * A sender controls up to 32 KB of log text. Patterns with unbounded or nested repetition backtracked for 13 to
     * 47 s per rule on such text, or overflowed the stack; bounded they take milliseconds. The generous bound only
     * catches that catastrophe (ingest stuck past its Lambda timeout), it measures no speed.
     */
    @Nested
    class HostileText {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "x",
                    "a-",
                    "a_b.",
                    "-",
                    "=",
                    ":",
                    "a:",
                    "/",
                    "@",
                    " ",
                    "a@",
                    "x://a:",
                    "pass_",
                    "password=",
                    "\"",
                    "'a",
                    "eyJ",
                    "Basic ",
                    "AKIA",
                    "--token-",
                    "Cookie: ",
                    "-----BEGIN PRIVATE KEY-----",
                    "-----END PRIVATE KEY-----",
                    "-----END "
                })
        void ofThirtyTwoKilobytesIsRedactedWithoutRunningAway(String unit) {
            String text = unit.repeat(32 * 1024 / unit.length());

            String redacted = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Redactor.redact(text));

            assertThat(redacted).isNotNull();
        }
    }

    @Nested
    class Entropy {
        @Test
        void scoresRandomKeysAboveWordsAndRepeats() {
            assertThat(SecretRule.entropy("8f14e45fceea167a5a36dedd4bea2543")).isGreaterThan(3.0);
            assertThat(SecretRule.entropy("enabled")).isLessThan(3.0);
            assertThat(SecretRule.entropy("aaaaaaaa")).isZero();
            assertThat(SecretRule.entropy("")).isZero();
        }
    }

    private static String abbreviated(SecretSample sample) {
        String text = sample.text().replace('\n', ' ');
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
