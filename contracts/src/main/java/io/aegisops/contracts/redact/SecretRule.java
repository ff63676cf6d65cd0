package io.aegisops.contracts.redact;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One secret format: a pattern whose named group {@code secret} is what the mask replaces (the rest of the match is
 * kept), optional checks that tell a real secret from an ordinary value, and the samples that prove both ways.
 *
 * @param requires lower-case texts of which every match contains at least one, compared case-insensitively; a text
 *     holding none of them cannot match, so the pattern is not tried (most text holds no secret, and a literal
 *     search is far cheaper than a regular expression)
 * @param keepQuotes a quoted value keeps its opening quote around the mask, so the text stays well formed
 * @param minEntropy the least Shannon entropy, in bits per character, of a value that counts as a secret; 0: any
 * @param check what else a secret must satisfy
 */
public record SecretRule(
        String id,
        String description,
        Pattern pattern,
        List<String> requires,
        boolean keepQuotes,
        double minEntropy,
        Check check,
        List<SecretSample> secretSamples,
        List<String> ordinarySamples) {

    /** A check a value must pass to count as a secret. */
    public enum Check {
        NONE,
        /** Base64 of a printable {@code user:password}, as HTTP Basic authentication sends it. */
        BASIC_CREDENTIAL
    }

    /** A text holding {@code secret}, which redaction must remove. */
    public record SecretSample(String text, String secret) {}

    public SecretRule {
        if (!pattern.pattern().contains("(?<secret>")) {
            throw new IllegalArgumentException("rule " + id + ": the pattern has no group named secret");
        }
        requires = List.copyOf(requires);
        for (String text : requires) {
            if (text.isEmpty() || !text.equals(text.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(
                        "rule " + id + ": a required text must be lower case and not empty: '" + text + "'");
            }
        }
        secretSamples = List.copyOf(secretSamples);
        ordinarySamples = List.copyOf(ordinarySamples);
    }

    /** The text with every match's secret masked. */
    String apply(String text) {
        return apply(text, text.toLowerCase(Locale.ROOT));
    }

    /**
     * @param lowerCase {@code text} in lower case (ASCII letters are all that matter: the hints are ASCII and the
     *     patterns' case-insensitivity is ASCII-only)
     */
    String apply(String text, String lowerCase) {
        if (!mayMatch(lowerCase)) {
            return text;
        }
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        return matcher.replaceAll(this::replacement);
    }

    private boolean mayMatch(String lowerCase) {
        if (requires.isEmpty()) {
            return true;
        }
        for (String text : requires) {
            if (lowerCase.contains(text)) {
                return true;
            }
        }
        return false;
    }

    private String replacement(MatchResult match) {
        String whole = match.group();
        String secret = match.group("secret");
        if (secret == null || secret.isEmpty() || !isSecret(secret)) {
            return Matcher.quoteReplacement(whole);
        }
        int start = match.start("secret") - match.start();
        int end = match.end("secret") - match.start();
        return Matcher.quoteReplacement(whole.substring(0, start) + mask(secret) + whole.substring(end));
    }

    private boolean isSecret(String value) {
        String unquoted = unquoted(value);
        if (minEntropy > 0 && entropy(unquoted) < minEntropy) {
            return false;
        }
        return switch (check) {
            case NONE -> true;
            case BASIC_CREDENTIAL -> isBasicCredential(unquoted);
        };
    }

    private String mask(String secret) {
        char first = secret.charAt(0);
        return keepQuotes && (first == '"' || first == '\'') ? first + Redactor.MASK + first : Redactor.MASK;
    }

    private static String unquoted(String value) {
        char first = value.charAt(0);
        if (first != '"' && first != '\'') {
            return value;
        }
        int end = value.length() > 1 && value.charAt(value.length() - 1) == first ? value.length() - 1 : value.length();
        return value.substring(1, end);
    }

    /** Shannon entropy in bits per character: random keys score high, words and repeated characters low. */
    static double entropy(String value) {
        if (value.isEmpty()) {
            return 0;
        }
        Map<Integer, Integer> counts = new HashMap<>();
        value.codePoints().forEach(c -> counts.merge(c, 1, Integer::sum));
        double length = value.codePointCount(0, value.length());
        double bits = 0;
        for (int count : counts.values()) {
            double p = count / length;
            bits -= p * (Math.log(p) / Math.log(2));
        }
        return bits;
    }

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
