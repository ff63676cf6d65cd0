package io.aegisops.functions.config;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * Reads settings from the environment strictly: a value that is set must be valid, and an invalid one fails
 * the cold start with a message naming the variable. An unset or blank variable takes its default.
 */
public final class Env {

    private Env() {}

    /** {@code true} or {@code false}, in any case; nothing else ("1", "yes", "on" are refused, not guessed). */
    public static boolean bool(Map<String, String> env, String name, boolean fallback) {
        String value = value(env, name);
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, was '" + value + "'");
        };
    }

    /** A whole number of at least {@code min}. */
    public static int wholeNumber(Map<String, String> env, String name, int fallback, int min) {
        String value = value(env, name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number >= " + min + ", was '" + value + "'");
    }

    /** A finite decimal number. */
    public static double decimal(Map<String, String> env, String name, double fallback) {
        String value = value(env, name);
        if (value == null) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(value);
            if (Double.isFinite(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a number, was '" + value + "'");
    }

    /** An absolute http(s) URL, or null when unset. The value is not repeated in the message: it may be a secret. */
    public static URI httpUrl(Map<String, String> env, String name) {
        String value = value(env, name);
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null) {
                return uri;
            }
        } catch (java.net.URISyntaxException invalid) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be an absolute http or https URL");
    }

    /** The trimmed value, or null when unset or blank. */
    public static String text(Map<String, String> env, String name) {
        return value(env, name);
    }

    private static String value(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
