package io.aegisops.contracts.redact;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.redact.SecretRule.Check;
import io.aegisops.contracts.redact.SecretRule.SecretSample;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Reads {@code secret-rules.json}, the one place the secret formats are written. */
final class SecretRules {

    static final String RESOURCE = "secret-rules.json";

    private SecretRules() {}

    static List<SecretRule> load() {
        try (InputStream in = SecretRules.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return parse(Json.mapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static List<SecretRule> parse(JsonNode document) {
        List<SecretRule> rules = new ArrayList<>();
        for (JsonNode rule : document.path("rules")) {
            String id = rule.path("id").asText();
            int flags = 0;
            for (JsonNode flag : rule.path("flags")) {
                flags |= switch (flag.asText()) {
                    case "CASE_INSENSITIVE" -> Pattern.CASE_INSENSITIVE;
                    case "DOTALL" -> Pattern.DOTALL;
                    default -> throw new IllegalArgumentException("rule " + id + ": unknown flag " + flag.asText());
                };
            }
            List<SecretSample> secrets = new ArrayList<>();
            for (JsonNode sample : rule.path("samples").path("secret")) {
                secrets.add(new SecretSample(
                        sample.path("text").asText(), sample.path("secret").asText()));
            }
            List<String> requires = new ArrayList<>();
            rule.path("requires").forEach(text -> requires.add(text.asText()));
            List<String> ordinary = new ArrayList<>();
            rule.path("samples").path("ordinary").forEach(text -> ordinary.add(text.asText()));
            rules.add(new SecretRule(
                    id,
                    rule.path("description").asText(),
                    Pattern.compile(rule.path("pattern").asText(), flags),
                    requires,
                    rule.path("keepQuotes").asBoolean(false),
                    rule.path("minEntropy").asDouble(0),
                    Check.valueOf(rule.path("validator")
                            .asText("none")
                            .replace('-', '_')
                            .toUpperCase(Locale.ROOT)),
                    secrets,
                    ordinary));
        }
        return List.copyOf(rules);
    }
}
