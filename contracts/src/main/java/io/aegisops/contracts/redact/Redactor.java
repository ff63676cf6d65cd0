package io.aegisops.contracts.redact;

import io.aegisops.contracts.NormalisedAlert;
import io.aegisops.contracts.TargetRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Removes secrets from untrusted text (alert fields, log lines, evidence) before it is stored, logged, or leaves
 * AegisOps for a model or a chat channel. Pure. The rules live in one data file, {@code secret-rules.json} beside
 * this class ({@link SecretRules}); each keeps the text around a secret readable and replaces only the secret.
 * Where a rule cannot tell where a secret ends, it errs on the side of removing too much.
 */
public final class Redactor {

    public static final String MASK = "[REDACTED]";

    private static final List<SecretRule> RULES = SecretRules.load();

    private Redactor() {}

    /** The text with every secret the rules know replaced by {@link #MASK}; null stays null. */
    public static String redact(String text) {
        return redact(text, RULES);
    }

    static String redact(String text, List<SecretRule> rules) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        String lowerCase = text.toLowerCase(Locale.ROOT);
        for (SecretRule rule : rules) {
            String masked = rule.apply(result, lowerCase);
            if (!masked.equals(result)) {
                result = masked;
                lowerCase = masked.toLowerCase(Locale.ROOT);
            }
        }
        return result;
    }

    /**
     * Redacts the whole text, then keeps at most its last {@code maxChars} characters (the newest log lines matter
     * most). In this order, a cut can only fall inside a mask or plain text, never leave half a secret to a rule
     * that no longer recognises it.
     */
    public static String redactAndKeepTail(String text, int maxChars) {
        return keepTail(redact(text), maxChars);
    }

    /** At most the last {@code maxChars} characters of text that is redacted already, marked when cut. */
    public static String keepTail(String redacted, int maxChars) {
        if (redacted == null || redacted.length() <= maxChars) {
            return redacted;
        }
        return "…" + redacted.substring(redacted.length() - maxChars);
    }

    /**
     * The alert with every secret removed from every text field a sender controls, before anything stores, logs or
     * forwards it. Redaction is deterministic, so a redelivery still derives the same incident id.
     */
    public static NormalisedAlert redactAlert(NormalisedAlert alert) {
        Map<String, String> cleanLabels = new LinkedHashMap<>();
        alert.labels().forEach((name, value) -> cleanLabels.merge(redact(name), redact(value), (a, b) -> a));
        TargetRef target = alert.target();
        TargetRef cleanTarget = target == null
                ? null
                : new TargetRef(redact(target.service()), redact(target.container()), redact(target.host()));
        return new NormalisedAlert(
                alert.source(),
                alert.status(),
                redact(alert.alertType()),
                alert.severity(),
                cleanTarget,
                redact(alert.summary()),
                redact(alert.logs()),
                cleanLabels,
                alert.startsAt(),
                redact(alert.fingerprint()),
                redact(alert.externalUrl()));
    }

    /** The rules in the order they run, with their samples: for tests and for the corpus every exit point is checked with. */
    public static List<SecretRule> rules() {
        return RULES;
    }
}
