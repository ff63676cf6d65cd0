package io.aegisops.testsupport;

import io.aegisops.contracts.redact.Redactor;
import io.aegisops.contracts.redact.SecretRule.SecretSample;
import java.util.List;
import java.util.stream.Stream;

/**
 * The redaction corpus: every secret sample of {@code secret-rules.json} (each rule's own), the forms every exit point
 * is checked against. A sample is a whole text (a log, a label value) that holds one secret.
 */
public final class SecretCorpus {

    private static final List<SecretSample> SAMPLES = Redactor.rules().stream()
            .flatMap(rule -> rule.secretSamples().stream())
            .toList();

    private SecretCorpus() {}

    /** Every sample, in the order of the rules. */
    public static List<SecretSample> samples() {
        return SAMPLES;
    }

    /**
     * Every sample, ordered so that none hides another when they stand in one text: first those that mask the text
     * before them (the end of a private key whose BEGIN line was cut off: redaction masks everything up to its END
     * line), last those that mask the text after them (a private key never closed: masked up to the end).
     */
    public static List<SecretSample> inTextOrder() {
        return Stream.of(
                        SAMPLES.stream().filter(SecretCorpus::masksWhatPrecedes),
                        SAMPLES.stream().filter(s -> !masksWhatPrecedes(s) && !masksWhatFollows(s)),
                        SAMPLES.stream().filter(s -> !masksWhatPrecedes(s) && masksWhatFollows(s)))
                .flatMap(samples -> samples)
                .toList();
    }

    /** Every sample in one log, one after the other, {@link #inTextOrder() in text order}. */
    public static String asLog() {
        return String.join("\n", inTextOrder().stream().map(SecretSample::text).toList());
    }

    /** The corpus secrets in {@code text}, as written or as Slack and HTML escape them (an ampersand, angle brackets). */
    public static List<String> foundIn(String text) {
        String unescaped = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        return SAMPLES.stream()
                .map(SecretSample::secret)
                .filter(secret -> text.contains(secret) || unescaped.contains(secret))
                .distinct()
                .toList();
    }

    private static boolean masksWhatPrecedes(SecretSample sample) {
        return !Redactor.redact("an earlier line\n" + sample.text()).startsWith("an earlier line\n");
    }

    private static boolean masksWhatFollows(SecretSample sample) {
        return !Redactor.redact(sample.text() + "\na later line").endsWith("\na later line");
    }
}
