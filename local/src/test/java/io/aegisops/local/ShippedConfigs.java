package io.aegisops.local;

import java.util.regex.Pattern;

/**
 * The test's copies of the shipped Prometheus and Alertmanager files: the same files with shorter timings and this
 * run's addresses, nothing else. Each change must find what it changes, so a shipped file that drifted fails here.
 */
final class ShippedConfigs {

    private ShippedConfigs() {}

    /** The rules with {@code for:} of {@code alertName} set to {@code holdFor}; every other rule as shipped. */
    static String rules(String shipped, String alertName, String holdFor) {
        return replaceOnce(
                shipped,
                "(- alert: " + Pattern.quote(alertName) + "\\n(?:(?!\\s*- alert:).*\\n)*?\\s+for: )\\S+",
                "$1" + holdFor);
    }

    static String prometheus(String shipped, String interval, String serviceAddress, String alertmanagerAddress) {
        String text = replaceOnce(shipped, "(scrape_interval: )15s", "$1" + interval);
        text = replaceOnce(text, "(evaluation_interval: )15s", "$1" + interval);
        text = replaceOnce(text, "'127\\.0\\.0\\.1:8081'", "'" + serviceAddress + "'");
        return replaceOnce(text, "'127\\.0\\.0\\.1:9093'", "'" + alertmanagerAddress + "'");
    }

    static String alertmanager(
            String shipped, String groupWait, String groupInterval, String alertsUrl, String tokenFile) {
        String text = replaceOnce(shipped, "(group_wait: )\\S+", "$1" + groupWait);
        text = replaceOnce(text, "(group_interval: )\\S+", "$1" + groupInterval);
        text = replaceOnce(text, "(url: )http://127\\.0\\.0\\.1:4566/alerts", "$1" + alertsUrl);
        return replaceOnce(text, "(credentials_file: )\\S+", "$1" + tokenFile);
    }

    private static String replaceOnce(String text, String regex, String replacement) {
        long found = Pattern.compile(regex).matcher(text).results().count();
        if (found != 1) {
            throw new IllegalStateException("the shipped file holds " + regex + " " + found + " times, not once");
        }
        return Pattern.compile(regex).matcher(text).replaceFirst(replacement);
    }
}
