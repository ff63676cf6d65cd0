package io.aegisops.statemachine;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A state-machine definition with {@code ${Name}} placeholders, filled the way CloudFormation's
 * {@code DefinitionSubstitutions} fills them, so the local engine and CDK read the same file.
 */
public record DefinitionTemplate(String text) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    /** The placeholder names the definition uses. */
    public Set<String> placeholders() {
        Set<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * The definition with every placeholder replaced.
     *
     * @throws IllegalArgumentException naming each placeholder without a value
     */
    public String substitute(Map<String, String> values) {
        Set<String> missing = new TreeSet<>(placeholders());
        missing.removeAll(values.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no value for placeholder(s) " + missing);
        }
        return PLACEHOLDER.matcher(text).replaceAll(m -> Matcher.quoteReplacement(values.get(m.group(1))));
    }
}
