package io.aegisops.functions.diagnose;

import io.aegisops.contracts.NormalisedAlert;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an alert says is wrong. Its names (type, {@code alertname}, and CloudWatch's {@code metricName}) are looked
 * up in the {@link AlertVocabulary}; a name it does not know is split into words ({@code HighMemoryUsage} → "high
 * memory usage") and read for keywords, as is the summary, with the service's and container's own names taken
 * out. Other label values are never read: they name services and hosts ({@code cheapest-price-api},
 * {@code crash-reporter}), not symptoms. Keywords match whole words only, and a hyphenated name is one word.
 */
final class AlertSignals {

    /** Not preceded or followed by a letter, digit, underscore or hyphen. */
    static final String START = "(?<![\\w-])";

    static final String END = "(?![\\w-])";

    private record Keywords(Sign sign, Pattern pattern) {}

    private static final String CERT = "(?:ssl|tls|x509|certs?|certificates?)";
    private static final String EXPIRY = "(?:expiry|expires?|expiring|expired|expiration)";

    private static final List<Keywords> KEYWORDS = List.of(
            new Keywords(Sign.OOM, words("out of memory|out-of-memory|outofmemory(?:error)?|oom|oom ?kill(?:ed|er)?")),
            new Keywords(
                    Sign.MEMORY,
                    words("heap|memory (?:leak|leaks|usage|pressure|exhaustion|exhausted|high)|high memory"
                            + "|leaking memory")),
            new Keywords(Sign.CRASH_LOOP, words("crash ?loop(?:ing)?|crash ?loop ?back ?off|restart ?loop(?:ing)?")),
            new Keywords(
                    Sign.DOWN,
                    words("crash|crashed|crashes|crashing|exited|not running|process exit(?:ed)?|segfault"
                            + "|segmentation fault"
                            + "|(?:container|service|target|instance|pod|process|host|node|endpoint|app|api)"
                            + " (?:is )?down")),
            new Keywords(Sign.CPU, words("cpu|throttle|throttled|throttling")),
            new Keywords(
                    Sign.ERRORS,
                    words("errors?(?: rate| ratio)|errors|5xx|server errors?|failed requests|request failures")),
            new Keywords(
                    Sign.LATENCY,
                    words("latency|slow (?:query|queries|response|responses|requests?|dependency)|response time"
                            + "|dependency|database|upstream|timed ?out|time ?out|timeouts?|connection refused")),
            new Keywords(
                    Sign.DISK,
                    words(
                            "disk|disks|filesystem|file system|inodes?|out of space|no space left|volume (?:usage|full)")),
            new Keywords(
                    Sign.CERT_EXPIRY,
                    Pattern.compile(START + CERT + END + ".*" + START + EXPIRY + END + "|" + START + EXPIRY + END + ".*"
                            + START + CERT + END)));

    /** Said by an alert's name but not by a summary, where "the service is down" would be needed. */
    private static final Keywords DOWN_IN_A_NAME =
            new Keywords(Sign.DOWN, words("down|unreachable|unavailable|unhealthy|not ready"));

    private AlertSignals() {}

    static List<Signal> of(NormalisedAlert alert, AlertVocabulary vocabulary) {
        List<Signal> signals = new ArrayList<>();
        Set<Sign> said = EnumSet.noneOf(Sign.class);
        List<String> unknownNames = new ArrayList<>();
        for (String name : names(alert)) {
            Optional<Sign> known = vocabulary.signOf(name);
            if (known.isPresent()) {
                if (said.add(known.get())) {
                    signals.add(new Signal(
                            known.get(), Source.ALERT, "its name '" + name + "' means " + known.get().words));
                }
            } else {
                unknownNames.add(identifierWords(name));
            }
        }
        String nameWords = String.join(" | ", unknownNames);
        for (Keywords keywords : KEYWORDS) {
            read(keywords, nameWords, "its name", said, signals);
        }
        read(DOWN_IN_A_NAME, nameWords, "its name", said, signals);
        String summary = summaryWords(alert);
        for (Keywords keywords : KEYWORDS) {
            read(keywords, summary, "its summary", said, signals);
        }
        return signals;
    }

    private static void read(Keywords keywords, String text, String where, Set<Sign> said, List<Signal> signals) {
        if (said.contains(keywords.sign())) {
            return;
        }
        Matcher matcher = keywords.pattern().matcher(text);
        if (matcher.find()) {
            said.add(keywords.sign());
            signals.add(new Signal(
                    keywords.sign(),
                    Source.ALERT,
                    where + " says '" + matcher.group() + "' (" + keywords.sign().words + ")"));
        }
    }

    /** The type, and the {@code alertname} and {@code metricName} labels when they differ from it. */
    private static List<String> names(NormalisedAlert alert) {
        List<String> names = new ArrayList<>();
        for (String name : new String[] {
            alert.alertType(), alert.labels().get("alertname"), alert.labels().get("metricName")
        }) {
            if (name != null && !name.isBlank() && !names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** The summary in lower case without the names of the service and container it is about. */
    private static String summaryWords(NormalisedAlert alert) {
        String summary = lower(alert.summary());
        if (alert.target() != null) {
            summary = without(summary, alert.target().service());
            summary = without(summary, alert.target().container());
        }
        return summary;
    }

    /** {@code HighMemoryUsage} → "high memory usage", {@code OOMKilled} → "oom killed", {@code db_latency} → "db latency". */
    static String identifierWords(String identifier) {
        if (identifier == null) {
            return "";
        }
        return lower(identifier
                .replaceAll("([a-z0-9])([A-Z])", "$1 $2")
                .replaceAll("([A-Z]+)([A-Z][a-z])", "$1 $2")
                .replaceAll("[_\\-.:/]+", " "));
    }

    private static String without(String text, String name) {
        return name == null || name.isBlank() ? text : text.replaceAll(START + Pattern.quote(lower(name)) + END, " ");
    }

    static Pattern words(String alternatives) {
        return Pattern.compile(START + "(?:" + alternatives + ")" + END);
    }

    static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
