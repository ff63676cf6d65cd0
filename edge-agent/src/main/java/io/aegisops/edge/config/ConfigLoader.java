package io.aegisops.edge.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.ScaleUpBounds;
import io.aegisops.contracts.tables.Tables;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the agent's JSON configuration file, applies the {@code AEGIS_*} environment overrides and
 * defaults, and validates the result. Unknown fields are errors (a misspelt allowlist must not silently
 * allow less, or more, than its author meant); every problem is reported at once.
 */
public final class ConfigLoader {

    public static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";
    public static final int DEFAULT_HTTP_PORT = 9470;

    /**
     * With a doorbell, the table is read every 80 s: four 20 s long polls and one Query per 80 s, and a liveness
     * write every {@link #DEFAULT_LIVENESS}, make 16 requests in 4 minutes, 4 a minute for an idle agent (issue 17's
     * ceiling). A command whose ring was lost waits at most this long.
     */
    public static final Duration DEFAULT_SAFETY_POLL = Duration.ofSeconds(80);

    /** How often an idle agent writes its liveness item: every third safety poll. */
    public static final Duration DEFAULT_LIVENESS = Duration.ofMinutes(4);

    /** Environment overrides, each replacing the file field of the same meaning. */
    public static final String HOST_ID = "AEGIS_HOST_ID";

    public static final String RUNTIME = "AEGIS_RUNTIME";
    public static final String DOCKER_HOST = "AEGIS_DOCKER_HOST";
    public static final String TABLE_PREFIX = "AEGIS_TABLE_PREFIX";
    public static final String CONCURRENCY = "AEGIS_CONCURRENCY";
    public static final String POLL_INTERVAL_MS = "AEGIS_POLL_INTERVAL_MS";
    public static final String MAX_BACKOFF_SECONDS = "AEGIS_MAX_BACKOFF_SECONDS";
    public static final String LEASE_SECONDS = "AEGIS_LEASE_SECONDS";
    public static final String HEARTBEAT_SECONDS = "AEGIS_HEARTBEAT_SECONDS";
    public static final String MAX_COMMAND_AGE_SECONDS = "AEGIS_MAX_COMMAND_AGE_SECONDS";
    public static final String SHUTDOWN_GRACE_SECONDS = "AEGIS_SHUTDOWN_GRACE_SECONDS";
    public static final String HTTP_PORT = "AEGIS_HTTP_PORT";
    public static final String STATE_DIR = "AEGIS_STATE_DIR";
    public static final String DOORBELL_QUEUE = "AEGIS_DOORBELL_QUEUE";
    public static final String SAFETY_POLL_SECONDS = "AEGIS_SAFETY_POLL_SECONDS";
    public static final String LIVENESS_SECONDS = "AEGIS_LIVENESS_SECONDS";

    private static final Pattern SQS_QUEUE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final Pattern HOST_ID_PATTERN = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    /** Docker's rule for container names; a supervised process's name also names its files in the state dir. */
    private static final Pattern PROCESS_NAME_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private static final ObjectMapper STRICT = Json.mapper()
            .copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** The file's shape: every field optional here, so that defaults and overrides can fill in. */
    record ConfigFile(
            String hostId,
            String runtime,
            String dockerHost,
            String tablePrefix,
            Integer concurrency,
            Long pollIntervalMs,
            Integer maxBackoffSeconds,
            Integer leaseSeconds,
            Integer heartbeatSeconds,
            Integer maxCommandAgeSeconds,
            Integer shutdownGraceSeconds,
            Integer httpPort,
            String stateDir,
            List<ContainerEntry> containers,
            String doorbellQueue,
            Integer safetyPollSeconds,
            Integer livenessSeconds) {}

    record ContainerEntry(
            String name,
            List<String> allowedActions,
            String healthUrl,
            Integer stopTimeoutSeconds,
            Integer readyTimeoutSeconds,
            Integer probeAttempts,
            ProcessSpec process,
            ScaleUpBounds scaleUp) {}

    private ConfigLoader() {}

    public static AgentConfig load(Path file, Map<String, String> env) {
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidConfigException(file.toString(), List.of("cannot read the file: " + e));
        }
        return parse(json, env, file.toString());
    }

    public static AgentConfig parse(String json, Map<String, String> env, String origin) {
        ConfigFile file;
        try {
            file = STRICT.readValue(json, ConfigFile.class);
        } catch (JsonMappingException e) {
            throw new InvalidConfigException(origin, List.of(path(e) + e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new InvalidConfigException(origin, List.of("not valid JSON: " + e.getOriginalMessage()));
        }
        if (file == null) {
            throw new InvalidConfigException(origin, List.of("the file is empty"));
        }
        return new Validation(env).build(file, origin);
    }

    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining());
        return path.isEmpty() ? "" : path.substring(path.startsWith(".") ? 1 : 0) + ": ";
    }

    /** Collects every problem instead of stopping at the first. */
    private static final class Validation {
        private final Map<String, String> env;
        private final List<String> problems = new ArrayList<>();

        Validation(Map<String, String> env) {
            this.env = env;
        }

        AgentConfig build(ConfigFile f, String origin) {
            String hostId = text(HOST_ID, f.hostId(), null);
            if (hostId == null) {
                problems.add("hostId is required (or set " + HOST_ID + ")");
            } else if (!HOST_ID_PATTERN.matcher(hostId).matches()) {
                problems.add(
                        "hostId '" + hostId + "' must be 1-128 characters of letters, digits, '.', '_', ':' or '-'");
            }
            RuntimeKind runtime = runtime(text(RUNTIME, f.runtime(), "docker"));
            String dockerHost = text(DOCKER_HOST, f.dockerHost(), env.getOrDefault("DOCKER_HOST", DEFAULT_DOCKER_HOST));
            if (runtime == RuntimeKind.DOCKER && !dockerHost.matches("(unix|tcp|npipe)://.+")) {
                problems.add("dockerHost '" + dockerHost + "' must be unix://PATH, tcp://HOST:PORT or npipe://PATH");
            }
            String tablePrefix = text(TABLE_PREFIX, f.tablePrefix(), Tables.DEFAULT_PREFIX);
            int concurrency = number(CONCURRENCY, "concurrency", f.concurrency(), 2, 1, 32);
            long pollMs = number(POLL_INTERVAL_MS, "pollIntervalMs", f.pollIntervalMs(), 2000L, 100L, 60_000L);
            int maxBackoff = number(MAX_BACKOFF_SECONDS, "maxBackoffSeconds", f.maxBackoffSeconds(), 60, 1, 3600);
            int lease = number(LEASE_SECONDS, "leaseSeconds", f.leaseSeconds(), 60, 5, 3600);
            int heartbeat = number(HEARTBEAT_SECONDS, "heartbeatSeconds", f.heartbeatSeconds(), 10, 1, 600);
            if (heartbeat * 2 > lease) {
                problems.add("heartbeatSeconds (" + heartbeat + ") must be at most half of leaseSeconds (" + lease
                        + "), so a live agent always renews its claim before the lease lapses");
            }
            int maxAge =
                    number(MAX_COMMAND_AGE_SECONDS, "maxCommandAgeSeconds", f.maxCommandAgeSeconds(), 600, 1, 86_400);
            int grace = number(SHUTDOWN_GRACE_SECONDS, "shutdownGraceSeconds", f.shutdownGraceSeconds(), 30, 0, 3600);
            int httpPort = number(HTTP_PORT, "httpPort", f.httpPort(), DEFAULT_HTTP_PORT, -1, 65_535);
            List<ContainerConfig> containers = containers(f.containers(), runtime);
            String stateDir = text(
                    STATE_DIR,
                    f.stateDir(),
                    Path.of(System.getProperty("java.io.tmpdir"), "aegisops-edge-" + hostId)
                            .toString());
            String doorbellQueue = text(DOORBELL_QUEUE, f.doorbellQueue(), null);
            if (doorbellQueue != null && !SQS_QUEUE_NAME.matcher(doorbellQueue).matches()) {
                problems.add("doorbellQueue '" + doorbellQueue
                        + "' must be an SQS queue name: 1-80 letters, digits, '-' or '_'");
            }
            int safetyPoll = number(
                    SAFETY_POLL_SECONDS,
                    "safetyPollSeconds",
                    f.safetyPollSeconds(),
                    (int) DEFAULT_SAFETY_POLL.toSeconds(),
                    5,
                    // the CDK app's silent-agent alarm goes off after 10 minutes without a Query of the table
                    300);
            int liveness = number(
                    LIVENESS_SECONDS,
                    "livenessSeconds",
                    f.livenessSeconds(),
                    (int) DEFAULT_LIVENESS.toSeconds(),
                    1,
                    // the API calls an agent stale after 10 minutes without a report (AEGIS_AGENT_STALE_SECONDS)
                    300);
            if (!problems.isEmpty()) {
                throw new InvalidConfigException(origin, problems);
            }
            return new AgentConfig(
                    hostId,
                    runtime,
                    dockerHost,
                    tablePrefix,
                    concurrency,
                    Duration.ofMillis(pollMs),
                    Duration.ofSeconds(maxBackoff),
                    Duration.ofSeconds(lease),
                    Duration.ofSeconds(heartbeat),
                    Duration.ofSeconds(maxAge),
                    Duration.ofSeconds(grace),
                    httpPort,
                    Path.of(stateDir),
                    containers,
                    Optional.ofNullable(doorbellQueue),
                    Duration.ofSeconds(safetyPoll),
                    Duration.ofSeconds(liveness));
        }

        private RuntimeKind runtime(String value) {
            try {
                return RuntimeKind.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add("runtime '" + value + "' must be docker or process");
                return RuntimeKind.DOCKER;
            }
        }

        private List<ContainerConfig> containers(List<ContainerEntry> entries, RuntimeKind runtime) {
            if (entries == null || entries.isEmpty()) {
                problems.add(
                        "containers is empty: list the containers the agent may touch and the actions allowed on each");
                return List.of();
            }
            List<ContainerConfig> containers = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < entries.size(); i++) {
                ContainerEntry e = entries.get(i);
                String where = "containers[" + i + "]";
                if (e == null) {
                    problems.add(where + " is null");
                    continue;
                }
                if (e.name() == null || e.name().isBlank()) {
                    problems.add(where + ".name is required");
                } else {
                    where = where + " '" + e.name() + "'";
                    if (!names.add(e.name())) {
                        problems.add(where + " is listed twice");
                    }
                }
                Set<CommandType> actions = actions(where, e.allowedActions());
                URI healthUrl = healthUrl(where, e.healthUrl());
                int stop = within(where + ".stopTimeoutSeconds", e.stopTimeoutSeconds(), 10, 0, 300);
                int ready = within(where + ".readyTimeoutSeconds", e.readyTimeoutSeconds(), 60, 1, 600);
                int attempts = within(where + ".probeAttempts", e.probeAttempts(), 3, 1, 20);
                if (runtime == RuntimeKind.PROCESS
                        && (e.process() == null || e.process().command().isEmpty())) {
                    problems.add(where + ".process.command is required with runtime process");
                }
                if (runtime == RuntimeKind.PROCESS
                        && e.name() != null
                        && !PROCESS_NAME_PATTERN.matcher(e.name()).matches()) {
                    problems.add(where + ".name must be letters, digits, '_', '.' or '-' (not first) with runtime"
                            + " process: it names the process's files in the state directory");
                }
                remedyProblems(where, actions, runtime, e.scaleUp());
                containers.add(new ContainerConfig(
                        e.name(), actions, healthUrl, stop, ready, attempts, e.process(), e.scaleUp()));
            }
            return containers;
        }

        /** ROLLBACK and SCALE_UP need images and limits (the docker runtime); SCALE_UP needs its bounds. */
        private void remedyProblems(String where, Set<CommandType> actions, RuntimeKind runtime, ScaleUpBounds bounds) {
            if (runtime == RuntimeKind.PROCESS) {
                for (CommandType remedy : List.of(CommandType.ROLLBACK, CommandType.SCALE_UP)) {
                    if (actions.contains(remedy)) {
                        problems.add(where + ".allowedActions: " + remedy + " needs the docker runtime (a supervised"
                                + " process has no image to roll back and no limits to raise)");
                    }
                }
            }
            if (actions.contains(CommandType.SCALE_UP) && bounds == null) {
                problems.add(where + ".allowedActions: SCALE_UP needs scaleUp bounds (maxMemoryMb and memoryStepMb,"
                        + " maxCpus and cpuStep, or both pairs)");
            }
        }

        private Set<CommandType> actions(String where, List<String> names) {
            Set<CommandType> actions = EnumSet.noneOf(CommandType.class);
            if (names == null || names.isEmpty()) {
                problems.add(where + ".allowedActions is empty: allow at least one of "
                        + Arrays.toString(CommandType.values()));
                return actions;
            }
            for (String name : names) {
                try {
                    actions.add(CommandType.valueOf(String.valueOf(name).toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    problems.add(where + ".allowedActions: unknown action '" + name + "' (known: "
                            + Arrays.toString(CommandType.values()) + ")");
                }
            }
            return actions;
        }

        private URI healthUrl(String where, String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                URI uri = new URI(value);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            problems.add(where + ".healthUrl '" + value + "' must be an absolute http:// or https:// URL");
            return null;
        }

        private String text(String variable, String fromFile, String fallback) {
            String fromEnv = env.get(variable);
            if (fromEnv != null && !fromEnv.isBlank()) {
                return fromEnv.strip();
            }
            return fromFile != null && !fromFile.isBlank() ? fromFile.strip() : fallback;
        }

        private int number(String variable, String field, Integer fromFile, int fallback, int min, int max) {
            return (int)
                    number(variable, field, fromFile == null ? null : fromFile.longValue(), (long) fallback, min, max);
        }

        private long number(String variable, String field, Long fromFile, long fallback, long min, long max) {
            String fromEnv = env.get(variable);
            if (fromEnv != null && !fromEnv.isBlank()) {
                try {
                    return checkRange(variable, Long.parseLong(fromEnv.strip()), min, max);
                } catch (NumberFormatException e) {
                    problems.add(variable + " '" + fromEnv + "' is not a whole number");
                    return fallback;
                }
            }
            return fromFile == null ? fallback : checkRange(field, fromFile, min, max);
        }

        private int within(String field, Integer value, int fallback, int min, int max) {
            return value == null ? fallback : (int) checkRange(field, value, min, max);
        }

        private long checkRange(String name, long value, long min, long max) {
            if (value < min || value > max) {
                problems.add(name + " is " + value + ", must be between " + min + " and " + max);
            }
            return value;
        }
    }

    /** A one-line description of what the agent may do, for its start-up log line. */
    public static Map<String, List<String>> allowlist(AgentConfig config) {
        return config.containers().stream()
                .collect(Collectors.toMap(
                        ContainerConfig::name,
                        c -> c.allowedActions().stream().map(Enum::name).toList(),
                        (a, b) -> a,
                        LinkedHashMap::new));
    }
}
