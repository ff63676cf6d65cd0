package io.aegisops.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A command's arguments: {@code --name value} or {@code --name=value} options (repeatable ones kept in
 * order) and positional words. Unknown options are usage errors.
 */
final class Arguments {

    /** A usage error: exit code 2 with the message and the usage text. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    private final Map<String, List<String>> options = new LinkedHashMap<>();
    private final List<String> positionals = new ArrayList<>();

    private Arguments() {
    }

    /** @param valued the options the command takes */
    static Arguments parse(List<String> args, Set<String> valued) {
        Arguments parsed = new Arguments();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith("--")) {
                String name = arg;
                String value = null;
                int eq = arg.indexOf('=');
                if (eq > 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                }
                if (valued.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new UsageException(name + " needs a value");
                        }
                        value = args.get(++i);
                    }
                    parsed.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                } else {
                    throw new UsageException("unknown option " + name);
                }
            } else {
                parsed.positionals.add(arg);
            }
        }
        return parsed;
    }

    Optional<String> option(String name) {
        List<String> values = options.get(name);
        return values == null ? Optional.empty() : Optional.of(values.getLast());
    }

    List<String> all(String name) {
        return options.getOrDefault(name, List.of());
    }

    int integer(String name, int fallback) {
        return option(name).map(value -> {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new UsageException(name + " must be a whole number, got '" + value + "'");
            }
        }).orElse(fallback);
    }

    List<String> positionals() {
        return positionals;
    }

    /** The one positional word the command takes (an incident id). */
    String single(String what) {
        if (positionals.size() != 1) {
            throw new UsageException(positionals.isEmpty() ? "which " + what + "?" : "one " + what + " only, got " + positionals);
        }
        return positionals.getFirst();
    }

    void noPositionals() {
        if (!positionals.isEmpty()) {
            throw new UsageException("unexpected argument " + positionals.getFirst());
        }
    }
}
