package io.aegisops.functions.redact;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from free text (log lines, alert summaries) before it leaves AegisOps for a model or a
 * chat channel. Pure; each rule keeps the text around a secret readable and replaces only the secret.
 */
public final class Redactor {

    public static final String MASK = "[REDACTED]";

    /** A pattern and the replacement for a match ({@code $1}… keep the non-secret parts). */
    private record Rule(String name, Pattern pattern, String replacement) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule("private key", Pattern.compile(
                    "-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----.*?(?:-----END \\1PRIVATE KEY-----|\\z)", Pattern.DOTALL),
                    "-----BEGIN $1PRIVATE KEY-----" + MASK + "-----END $1PRIVATE KEY-----"),
            new Rule("JWT", Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*"), MASK),
            new Rule("bearer token", Pattern.compile("(?i)\\b(bearer\\s+)[A-Za-z0-9._~+/=-]{8,}"), "$1" + MASK),
            new Rule("basic credentials", Pattern.compile("(?i)\\b(basic\\s+)[A-Za-z0-9+/=]{8,}"), "$1" + MASK),
            new Rule("password in URL", Pattern.compile("\\b([a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s:@]*:)[^@\\s/]+@"), "$1" + MASK + "@"),
            new Rule("AWS access key id", Pattern.compile("\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\\b"), MASK),
            new Rule("AWS secret key", Pattern.compile(
                    "(?i)(aws_?secret_?access_?key|secret_?access_?key|aws_?secret)([\"']?\\s*[:=]\\s*[\"']?)[A-Za-z0-9/+=]{40}"),
                    "$1$2" + MASK),
            new Rule("Slack token", Pattern.compile("\\bxox[abposre]-[A-Za-z0-9-]{10,}"), MASK),
            new Rule("Slack webhook", Pattern.compile("(https://hooks\\.slack\\.com/services/)[A-Za-z0-9/_-]+"), "$1" + MASK),
            new Rule("GitHub token", Pattern.compile("\\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})"), MASK),
            new Rule("secret assignment", Pattern.compile(
                    "(?i)\\b(password|passwd|pwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token|client[_-]?secret)"
                            + "([\"']?\\s*[:=]\\s*[\"']?)(?!\\[REDACTED])[^\\s\"',;&]+"),
                    "$1$2" + MASK));

    private Redactor() {
    }

    /** The text with every secret the rules know replaced by {@link #MASK}; null stays null. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (Rule rule : RULES) {
            Matcher matcher = rule.pattern().matcher(result);
            if (matcher.find()) {
                result = matcher.replaceAll(rule.replacement());
            }
        }
        return result;
    }

    /** Redacts, then keeps at most the last {@code maxChars} characters (the newest log lines matter most). */
    public static String redactAndKeepTail(String text, int maxChars) {
        String redacted = redact(text);
        if (redacted == null || redacted.length() <= maxChars) {
            return redacted;
        }
        return "…" + redacted.substring(redacted.length() - maxChars);
    }
}
