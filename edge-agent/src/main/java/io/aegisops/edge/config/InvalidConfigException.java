package io.aegisops.edge.config;

import java.util.List;

/** The configuration cannot be used; {@link #problems()} lists every reason, each naming its setting. */
public final class InvalidConfigException extends RuntimeException {

    private final List<String> problems;

    public InvalidConfigException(String origin, List<String> problems) {
        super("invalid edge agent configuration (" + origin + "):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
