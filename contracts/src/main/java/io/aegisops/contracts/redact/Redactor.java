package io.aegisops.contracts.redact;

import java.util.List;

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
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (SecretRule rule : RULES) {
            result = rule.apply(result);
        }
        return result;
    }

    /**
     * Redacts the whole text, then keeps at most its last {@code maxChars} characters (the newest log lines matter
     * most). In this order, a cut can only fall inside a mask or plain text, never leave half a secret to a rule
     * that no longer recognises it.
     */
    public static String redactAndKeepTail(String text, int maxChars) {
        String redacted = redact(text);
        if (redacted == null || redacted.length() <= maxChars) {
            return redacted;
        }
        return "…" + redacted.substring(redacted.length() - maxChars);
    }

    /** The rules in the order they run, with their samples: for tests and for the corpus every exit point is checked with. */
    public static List<SecretRule> rules() {
        return RULES;
    }
}
