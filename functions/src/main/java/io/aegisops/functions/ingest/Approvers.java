package io.aegisops.functions.ingest;

import io.aegisops.contracts.Severity;
import io.aegisops.functions.config.SecretSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who may decide approvals, and up to which severity: {@code AEGIS_APPROVERS}, comma-separated
 * {@code name:role:clearance[:slackUserId]} (e.g. {@code ana:team-lead:critical:U01ANA,bob:junior:medium}), where
 * clearance is the most severe incident the approver may decide: critical, high, medium (or warning), low or info.
 * The owner of an approver token (name:token in {@code AEGIS_APPROVER_TOKENS}) without a line here has
 * {@link Approver#DEFAULT_ROLE} and clears everything, as every approver did before roles. Read with the other
 * credentials (the secret on AWS), else from the environment or a file ({@link #orFromEnvironment}).
 */
public final class Approvers {

    public static final String APPROVERS = "AEGIS_APPROVERS";
    /** A file of the same entries, one per line or comma-separated; {@code #} starts a comment line. */
    public static final String APPROVERS_FILE = "AEGIS_APPROVERS_FILE";

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@+-]{1,64}");
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final Pattern SLACK_USER = Pattern.compile("[UW][A-Z0-9]{2,20}");

    private final Map<String, Approver> byName;

    private Approvers(Map<String, Approver> byName) {
        this.byName = byName;
    }

    /**
     * @param configured the value of {@code AEGIS_APPROVERS}, or null
     * @param tokenOwners the names in {@code AEGIS_APPROVER_TOKENS}
     * @throws IllegalArgumentException naming the variable and the faulty entry's position when one is malformed
     */
    public static Approvers parse(String configured, Collection<String> tokenOwners) {
        Map<String, Approver> byName = new LinkedHashMap<>();
        Map<String, String> bySlackUser = new LinkedHashMap<>();
        List<String> entries = configured == null
                ? List.of()
                : List.of(configured.split(",", -1)).stream()
                        .map(String::trim)
                        .filter(entry -> !entry.isEmpty())
                        .toList();
        for (int i = 0; i < entries.size(); i++) {
            Approver approver = entry(entries.get(i), i + 1);
            if (byName.putIfAbsent(approver.name(), approver) != null) {
                throw new IllegalArgumentException(APPROVERS + " names " + approver.name() + " twice");
            }
            if (approver.slackUserId() != null
                    && bySlackUser.putIfAbsent(approver.slackUserId(), approver.name()) != null) {
                throw new IllegalArgumentException(
                        APPROVERS + " gives the Slack user " + approver.slackUserId() + " to two approvers");
            }
        }
        for (String owner : tokenOwners) {
            byName.putIfAbsent(owner, Approver.withDefaultRole(owner));
        }
        return new Approvers(byName);
    }

    /**
     * {@code secrets}, answering {@code AEGIS_APPROVERS} when they hold none from the environment's
     * {@code AEGIS_APPROVERS}, else from the file {@code AEGIS_APPROVERS_FILE} names, read now: roles are
     * configuration that may ship with the deployment, while a value in the secret changes without one (and wins).
     *
     * @throws UncheckedIOException naming the variable and the file when it cannot be read
     */
    public static SecretSource orFromEnvironment(SecretSource secrets, Map<String, String> env) {
        String fallback = Optional.ofNullable(env.get(APPROVERS))
                .filter(value -> !value.isBlank())
                .orElseGet(() -> Optional.ofNullable(env.get(APPROVERS_FILE))
                        .filter(file -> !file.isBlank())
                        .map(Approvers::readFile)
                        .orElse(null));
        if (fallback == null) {
            return secrets;
        }
        return new SecretSource() {
            @Override
            public Optional<String> get(String name) {
                return current().get(name);
            }

            @Override
            public SecretSource current() {
                SecretSource now = secrets.current();
                return name -> name.equals(APPROVERS) ? now.get(name).or(() -> Optional.of(fallback)) : now.get(name);
            }
        };
    }

    /** The file's entries, comma-separated: one per line or several on a line; blank and {@code #} lines skipped. */
    private static String readFile(String file) {
        try {
            return String.join(
                    ",",
                    Files.readAllLines(Path.of(file)).stream()
                            .map(String::trim)
                            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                            .toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + APPROVERS_FILE + "=" + file, e);
        }
    }

    public Optional<Approver> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Optional<Approver> slackUser(String slackUserId) {
        return byName.values().stream()
                .filter(approver -> slackUserId != null && slackUserId.equals(approver.slackUserId()))
                .findFirst();
    }

    /** The approvers who may decide an incident of {@code severity}, in configuration order. */
    public List<Approver> clearedFor(Severity severity) {
        return byName.values().stream()
                .filter(approver -> approver.mayDecide(severity))
                .toList();
    }

    /** Names, roles and clearances only: safe to log. */
    @Override
    public String toString() {
        List<String> described = new ArrayList<>();
        byName.values().forEach(a -> described.add(a.describe() + " up to " + a.clearance()));
        return described.toString();
    }

    private static Approver entry(String entry, int position) {
        String[] parts = entry.split(":", -1);
        String problem = null;
        if (parts.length < 3 || parts.length > 4) {
            problem = "must be name:role:clearance[:slackUserId]";
        } else if (!NAME.matcher(parts[0].trim()).matches()) {
            problem = "has a name that is not 1-64 letters, digits and ._@+-";
        } else if (!ROLE.matcher(parts[1].trim()).matches()) {
            problem = "has a role that is not 1-32 letters, digits and ._-";
        } else if (clearance(parts[2]).isEmpty()) {
            problem = "has a clearance that is not critical, high, medium, warning, low or info";
        } else if (parts.length == 4 && !SLACK_USER.matcher(parts[3].trim()).matches()) {
            problem = "has a Slack user id that is not U… or W… (capitals and digits)";
        }
        if (problem != null) {
            throw new IllegalArgumentException(APPROVERS + ": entry " + position + " " + problem);
        }
        return new Approver(
                parts[0].trim(),
                parts[1].trim(),
                clearance(parts[2]).orElseThrow(),
                parts.length == 4 ? parts[3].trim() : null);
    }

    /** Strict, unlike an alert's severity: a misspelt clearance is refused, never read as medium. */
    static Optional<Severity> clearance(String word) {
        return Optional.ofNullable(
                switch (word.trim().toLowerCase(Locale.ROOT)) {
                    case "critical" -> Severity.CRITICAL;
                    case "high" -> Severity.HIGH;
                    case "medium", "warning" -> Severity.MEDIUM;
                    case "low" -> Severity.LOW;
                    case "info" -> Severity.INFO;
                    default -> null;
                });
    }
}
