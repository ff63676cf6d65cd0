package io.aegisops.functions.redact;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from free text (log lines, alert summaries) before it leaves AegisOps for a model or a
 * chat channel. Pure; each rule keeps the text around a secret readable and replaces only the secret.
 * Where a rule cannot tell where a secret ends, it errs on the side of removing too much.
 */
public final class Redactor {

    public static final String MASK = "[REDACTED]";

    /** A pattern and what a match becomes (the function keeps the non-secret parts). */
    private record Rule(String name, Pattern pattern, Function<MatchResult, String> replacement) {
        static Rule keepingGroup(String name, String regex, int flags) {
            return new Rule(name, Pattern.compile(regex, flags), m -> Matcher.quoteReplacement(m.group(1)) + MASK);
        }

        static Rule whole(String name, String regex) {
            return new Rule(name, Pattern.compile(regex), m -> MASK);
        }
    }

    /** {@code NAME=value}, {@code name: "a value"}, {@code "name": 'value'}: the name holds a secret's word. */
    private static final String SECRET_NAME =
            "[A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key)[A-Za-z0-9_.-]*";

    private static final List<Rule> RULES = List.of(
            // a whole block, or from BEGIN to the end of the text when the block was cut off
            new Rule(
                    "private key",
                    Pattern.compile(
                            "-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY((?: BLOCK)?)-----.*?(?:-----END \\1PRIVATE KEY\\2-----|\\z)",
                            Pattern.DOTALL),
                    m -> Matcher.quoteReplacement("-----BEGIN " + m.group(1) + "PRIVATE KEY" + m.group(2) + "-----")
                            + MASK),
            // an END line whose BEGIN was cut off (the text starts inside the key): everything up to it
            new Rule(
                    "private key without its start",
                    Pattern.compile("\\A.*?-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----", Pattern.DOTALL),
                    m -> MASK),
            Rule.whole("JWT", "\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*"),
            Rule.keepingGroup("bearer token", "\\b(bearer\\s+)[A-Za-z0-9._~+/=-]{8,}", Pattern.CASE_INSENSITIVE),
            // only a real credential: base64 of "user:password", never an ordinary word after "basic"
            new Rule(
                    "basic credentials",
                    Pattern.compile("(?i)\\b(basic\\s+)([A-Za-z0-9+/]{4,}={0,2})(?![A-Za-z0-9+/=])"),
                    m -> isBasicCredential(m.group(2))
                            ? Matcher.quoteReplacement(m.group(1)) + MASK
                            : Matcher.quoteReplacement(m.group())),
            // the password of user:password@host may hold '/', '+', ':' ...: everything up to the last '@' before a
            // space
            Rule.keepingGroup("password in URL", "\\b([a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s:@]*:)[^\\s@]+(?=@)", 0),
            Rule.whole("AWS access key id", "\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\\b"),
            Rule.keepingGroup(
                    "AWS secret key",
                    "((?:aws[_-]?)?secret[_-]?access[_-]?key[\"']?(?:[ \\t]*[:=][ \\t]*|[ \\t]+)[\"']?)[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])",
                    Pattern.CASE_INSENSITIVE),
            Rule.whole("Slack token", "\\b(?:xox[abposre]|xapp)-[A-Za-z0-9-]{10,}"),
            Rule.keepingGroup(
                    "Slack webhook",
                    "(https://hooks\\.slack\\.com/(?:services|workflows|triggers)/)[A-Za-z0-9/_-]+",
                    0),
            Rule.whole("GitHub token", "\\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})"),
            Rule.keepingGroup(
                    "secret command-line option",
                    "(--[A-Za-z0-9-]*(?:password|passwd|secret|token|api-key)[A-Za-z0-9-]*(?:[ \\t]+|=))(?!-)\\S+",
                    Pattern.CASE_INSENSITIVE),
            new Rule(
                    "secret assignment",
                    Pattern.compile(
                            "(?i)(" + SECRET_NAME + "[\"']?[ \\t]*[:=][ \\t]*)(\"[^\"\\n]*\"?|'[^'\\n]*'?|\\S+)"),
                    m -> Matcher.quoteReplacement(m.group(1)) + quotedLike(m.group(2))));

    private Redactor() {}

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

    private static String quotedLike(String value) {
        char first = value.charAt(0);
        return first == '"' || first == '\'' ? first + MASK + first : MASK;
    }

    /** Base64 of printable {@code user:password}, as HTTP Basic authentication sends it. */
    private static boolean isBasicCredential(String token) {
        if (token.length() % 4 != 0) {
            return false;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            return decoded.indexOf(':') > 0 && decoded.chars().allMatch(c -> c >= 0x20 && c != 0x7f && c != 0xfffd);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }
}
