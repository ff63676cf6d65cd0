package io.aegisops.functions.diagnose;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The alert names users actually have and the sign each stands for, read from {@code alert-vocabulary.txt}: the
 * common Prometheus, node-exporter, cAdvisor, kube-prometheus, Grafana and CloudWatch names. A name matches
 * whatever its case and separators, so a Grafana title "Host out of memory" is {@code HostOutOfMemory}.
 */
final class AlertVocabulary {

    static final String RESOURCE = "alert-vocabulary.txt";

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private static final AlertVocabulary STANDARD = load();

    private final Map<String, Sign> signs;

    private AlertVocabulary(Map<String, Sign> signs) {
        this.signs = Map.copyOf(signs);
    }

    static AlertVocabulary standard() {
        return STANDARD;
    }

    Optional<Sign> signOf(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(signs.get(key(name)));
    }

    int size() {
        return signs.size();
    }

    /** Lower case, letters and digits only: {@code HTTPCode_Target_5XX_Count} → {@code httpcodetarget5xxcount}. */
    static String key(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /** Lines of a name and a sign; {@code #} starts a comment. A name twice, or a sign no alert can name, fails. */
    static AlertVocabulary parse(BufferedReader lines) throws IOException {
        Map<String, Sign> signs = new HashMap<>();
        String line;
        int number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] columns = WHITESPACE.split(text, -1);
            if (columns.length != 2) {
                throw new IllegalArgumentException(RESOURCE + " line " + number + ": want a name and a sign: " + line);
            }
            Sign sign = Sign.valueOf(columns[1]);
            if (!sign.nameable) {
                throw new IllegalArgumentException(RESOURCE + " line " + number + ": no alert names " + sign);
            }
            if (signs.put(key(columns[0]), sign) != null) {
                throw new IllegalArgumentException(RESOURCE + " line " + number + ": " + columns[0] + " again");
            }
        }
        return new AlertVocabulary(signs);
    }

    private static AlertVocabulary load() {
        try (InputStream in = AlertVocabulary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
