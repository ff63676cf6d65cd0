package io.aegisops.local.stack;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.EdgeQueues;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.RestartBudget;
import io.aegisops.contracts.Severity;
import io.aegisops.contracts.Target;
import io.aegisops.contracts.TargetsConfig;
import java.net.URI;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The one settings map of the embedded stack. Every part reads its own keys from it, under the names it
 * reads on AWS or from its own environment: the handlers ({@code AEGIS_*}, {@code OPENAI_*}, built with
 * {@code PipelineSettings.fromEnv(map)} and friends), the state machine's {@code ${Placeholders}}, the edge
 * agent ({@code AEGIS_HOST_ID}, {@code AEGIS_POLL_INTERVAL_MS}, ... written into its configuration file)
 * and the buggy app ({@code PORT}, {@code MONITOR_*}, ..., passed as its environment). Defaults are short,
 * demo-sized timeouts; {@link StackOptions#overrides()} replace any of them.
 */
public final class StackSettings {

    // the stack's own keys
    public static final String SERVICE = "AEGIS_LOCAL_SERVICE";
    public static final String CONTAINER = "AEGIS_LOCAL_CONTAINER";
    public static final String RESTART_BUDGET_MAX = "AEGIS_LOCAL_RESTART_BUDGET_MAX";
    public static final String RESTART_BUDGET_WINDOW_MINUTES = "AEGIS_LOCAL_RESTART_BUDGET_WINDOW_MINUTES";
    public static final String APPROVER = "AEGIS_LOCAL_APPROVER";
    /** The severities whose alerts always ask a human for the target (comma-separated, e.g. {@code CRITICAL}). */
    public static final String APPROVAL_SEVERITIES = "AEGIS_LOCAL_APPROVAL_SEVERITIES";

    public static final String APP_READY_TIMEOUT_SECONDS = "AEGIS_LOCAL_APP_READY_TIMEOUT_SECONDS";
    public static final String APP_STOP_TIMEOUT_SECONDS = "AEGIS_LOCAL_APP_STOP_TIMEOUT_SECONDS";

    // read by the handlers
    public static final String TABLE_PREFIX = "AEGIS_TABLE_PREFIX";
    public static final String TARGETS = "AEGIS_TARGETS";
    public static final String STATE_MACHINE_ARN = "AEGIS_STATE_MACHINE_ARN";
    public static final String WEBHOOK_TOKENS = "AEGIS_WEBHOOK_TOKENS";
    public static final String HMAC_SECRETS = "AEGIS_WEBHOOK_HMAC_SECRET";
    public static final String APPROVER_TOKENS = "AEGIS_APPROVER_TOKENS";
    public static final String SLACK_WEBHOOK_URL = "AEGIS_SLACK_WEBHOOK_URL";
    public static final String API_URL = "AEGIS_API_URL";
    public static final String CONSOLE_URL = "AEGIS_CONSOLE_URL";
    /** The pass-through of the user's model endpoint. */
    public static final List<String> MODEL_VARIABLES = List.of("OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_MODEL");

    // read by the edge agent (its configuration file)
    public static final String HOST_ID = "AEGIS_HOST_ID";
    public static final String POLL_INTERVAL_MS = "AEGIS_POLL_INTERVAL_MS";
    public static final String HEARTBEAT_SECONDS = "AEGIS_HEARTBEAT_SECONDS";
    public static final String LEASE_SECONDS = "AEGIS_LEASE_SECONDS";
    public static final String MAX_COMMAND_AGE_SECONDS = "AEGIS_MAX_COMMAND_AGE_SECONDS";
    public static final String SHUTDOWN_GRACE_SECONDS = "AEGIS_SHUTDOWN_GRACE_SECONDS";
    public static final String CONCURRENCY = "AEGIS_CONCURRENCY";
    /** The doorbell: queue names' prefix (blank: no doorbell, the agent polls the table) and the safety poll. */
    public static final String DOORBELL_QUEUE_PREFIX = EdgeQueues.PREFIX_VARIABLE;

    public static final String SAFETY_POLL_SECONDS = "AEGIS_SAFETY_POLL_SECONDS";
    /** How often the idle agent writes its liveness item (the console's Agents page). */
    public static final String LIVENESS_SECONDS = "AEGIS_LIVENESS_SECONDS";

    // read by the buggy app
    public static final String APP_PORT = "PORT";
    public static final String JAVA_OPTS = "JAVA_OPTS";
    /** Where the service posts its own alerts; blank: it raises none (detection is left to the user's monitoring). */
    public static final String APP_WEBHOOK_URL = "AEGIS_WEBHOOK_URL";
    /** The bearer token the service presents with its own alerts. */
    public static final String APP_WEBHOOK_TOKEN = "AEGIS_WEBHOOK_TOKEN";

    /** The state machine's numeric placeholders. */
    public static final List<String> PIPELINE_PLACEHOLDERS = List.of(
            "EvidenceTimeoutSeconds",
            "ApprovalTimeoutSeconds",
            "RemediateHeartbeatSeconds",
            "RemediateTimeoutSeconds",
            "VerifyTimeoutSeconds",
            "VerifyIntervalSeconds",
            "VerifyMaxAttempts");

    /** The buggy app's variables, passed to it by name (the same list run-in-local-container.sh passes). */
    private static final List<String> APP_PREFIXES = List.of("MONITOR_", "WEBHOOK_");

    private static final Set<String> APP_NAMES = Set.of(
            "PORT",
            "BIND_ADDRESS",
            "SERVICE_NAME",
            "CONTAINER_NAME",
            "JAVA_OPTS",
            "SELF_TRAFFIC_PER_SECOND",
            "ALERT_LOG_LINES",
            "AEGIS_WEBHOOK_URL",
            "AEGIS_WEBHOOK_TOKEN",
            "AEGIS_WEBHOOK_HMAC_SECRET");

    private final Map<String, String> values;

    private StackSettings(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /**
     * The defaults for a stack whose edge port is {@code edge} and whose service listens on {@code appPort},
     * with {@code secrets} as its credentials, then {@code overrides} on top.
     */
    public static StackSettings of(URI edge, int appPort, StackSecrets secrets, Map<String, String> overrides) {
        Map<String, String> v = new TreeMap<>();
        String base = edge.toString();
        // the pipeline: short, demo-sized timeouts (RemediateHeartbeatSeconds >= 3 x the agent's heartbeat)
        v.put("EvidenceTimeoutSeconds", "20");
        v.put("ApprovalTimeoutSeconds", "300");
        v.put("RemediateHeartbeatSeconds", "30");
        v.put("RemediateTimeoutSeconds", "120");
        v.put("VerifyTimeoutSeconds", "30");
        v.put("VerifyIntervalSeconds", "2");
        v.put("VerifyMaxAttempts", "6");
        // the handlers
        v.put(TABLE_PREFIX, "aegis-");
        v.put(WEBHOOK_TOKENS, secrets.webhookToken());
        v.put(HMAC_SECRETS, secrets.hmacSecret());
        v.put(APPROVER, secrets.approver());
        v.put(APPROVER_TOKENS, secrets.approver() + ":" + secrets.approverToken());
        v.put("AEGIS_RESTART_COOLDOWN_SECONDS", "0");
        v.put("AEGIS_RUNBOOK_MIN_SUCCESSES", "1");
        v.put("AEGIS_RESTART_STOP_TIMEOUT_SECONDS", "5");
        v.put(SLACK_WEBHOOK_URL, base + "/_aegis/slack");
        v.put(API_URL, base);
        v.put(CONSOLE_URL, base + "/_aegis/trace/");
        // the target, the agent and the service
        v.put(SERVICE, "buggy-app");
        // one name per edge port: a live stack holds its port, so no other live stack has this container
        v.put(CONTAINER, "aegis-buggy-app-" + edge.getPort());
        v.put(RESTART_BUDGET_MAX, "5");
        v.put(RESTART_BUDGET_WINDOW_MINUTES, "30");
        v.put(APPROVAL_SEVERITIES, "");
        v.put(APP_READY_TIMEOUT_SECONDS, "60");
        v.put(APP_STOP_TIMEOUT_SECONDS, "5");
        v.put(HOST_ID, "local-1");
        v.put(POLL_INTERVAL_MS, "250");
        v.put(HEARTBEAT_SECONDS, "10");
        v.put(LEASE_SECONDS, "30");
        v.put(MAX_COMMAND_AGE_SECONDS, "600");
        v.put(SHUTDOWN_GRACE_SECONDS, "10");
        v.put(CONCURRENCY, "2");
        v.put(DOORBELL_QUEUE_PREFIX, "aegis-");
        v.put(SAFETY_POLL_SECONDS, "80");
        v.put(LIVENESS_SECONDS, "240");
        v.put(APP_PORT, Integer.toString(appPort));
        v.put("BIND_ADDRESS", "127.0.0.1");
        v.put(JAVA_OPTS, "-Xmx64m");
        v.put(APP_WEBHOOK_URL, base + "/alerts");
        v.put(APP_WEBHOOK_TOKEN, secrets.webhookToken());
        v.put("AEGIS_WEBHOOK_HMAC_SECRET", secrets.hmacSecret());
        v.put("MONITOR_INTERVAL_MS", "500");
        // in a 64 MiB heap G1 gives up before the live heap reaches 85%: an alert there races the collector
        v.put("MONITOR_HEAP_RATIO", "0.7");
        v.put("MONITOR_CPU_RATIO", "0.5");
        v.put("MONITOR_CPU_FOR_SECONDS", "3");
        v.put("MONITOR_WINDOW_SECONDS", "5");
        v.put("MONITOR_MIN_REQUESTS", "3");
        v.put("MONITOR_CLEAR_SECONDS", "3");
        v.putAll(overrides);
        v.put("SERVICE_NAME", v.get(SERVICE));
        v.put("CONTAINER_NAME", v.get(CONTAINER));
        v.put(TARGETS, targetsJson(v));
        return new StackSettings(v);
    }

    private static String targetsJson(Map<String, String> v) {
        Target target = new Target(
                v.get(SERVICE),
                v.get(HOST_ID),
                v.get(CONTAINER),
                healthUrl(v),
                EnumSet.of(Action.RESTART, Action.ROLLBACK, Action.STOP, Action.NOOP, Action.ESCALATE),
                Arrays.stream(v.get(APPROVAL_SEVERITIES).split(","))
                        .map(String::strip)
                        .filter(name -> !name.isEmpty())
                        .map(name -> Severity.valueOf(name.toUpperCase(Locale.ROOT)))
                        .collect(Collectors.toUnmodifiableSet()),
                new RestartBudget(
                        Integer.parseInt(v.get(RESTART_BUDGET_MAX)),
                        Integer.parseInt(v.get(RESTART_BUDGET_WINDOW_MINUTES))));
        return Json.write(new TargetsConfig(List.of(target)));
    }

    private static String healthUrl(Map<String, String> v) {
        return "http://127.0.0.1:" + v.get(APP_PORT) + "/health";
    }

    public StackSettings with(String key, String value) {
        Map<String, String> next = new TreeMap<>(values);
        next.put(key, value);
        return new StackSettings(next);
    }

    /** Everything, as the handlers read it (a handler ignores what it does not know). */
    public Map<String, String> values() {
        return values;
    }

    public String get(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalStateException("setting " + key + " is not set");
        }
        return value;
    }

    /** The agent's doorbell queue; empty when {@link #DOORBELL_QUEUE_PREFIX} is blank (it polls the table). */
    public Optional<String> doorbellQueue() {
        String prefix = values.getOrDefault(DOORBELL_QUEUE_PREFIX, "");
        return prefix.isBlank() ? Optional.empty() : Optional.of(EdgeQueues.nameFor(prefix.strip(), hostId()));
    }

    public int integer(String key) {
        try {
            return Integer.parseInt(get(key).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be a whole number, was '" + get(key) + "'");
        }
    }

    /** The state machine's placeholder values besides the function ARNs. */
    public Map<String, String> pipelinePlaceholders() {
        Map<String, String> placeholders = new TreeMap<>();
        PIPELINE_PLACEHOLDERS.forEach(name -> placeholders.put(name, Integer.toString(integer(name))));
        return placeholders;
    }

    /** The buggy app's environment. */
    public Map<String, String> appEnvironment() {
        Map<String, String> env = new TreeMap<>();
        values.forEach((key, value) -> {
            if (APP_NAMES.contains(key) || APP_PREFIXES.stream().anyMatch(key::startsWith)) {
                env.put(key, value);
            }
        });
        return env;
    }

    public String service() {
        return get(SERVICE);
    }

    public String container() {
        return get(CONTAINER);
    }

    public String hostId() {
        return get(HOST_ID);
    }

    public URI appUrl() {
        return URI.create("http://127.0.0.1:" + get(APP_PORT));
    }

    public URI healthUrl() {
        return URI.create(healthUrl(values));
    }

    /** The first webhook token: what the stack's own senders (buggy app, CLI) present. */
    public String webhookToken() {
        return get(WEBHOOK_TOKENS).split(",", -1)[0].trim();
    }

    public String hmacSecret() {
        return get(HMAC_SECRETS).split(",", -1)[0].trim();
    }

    public String approver() {
        return get(APPROVER);
    }

    /** The approver's token, from {@code AEGIS_APPROVER_TOKENS} ({@code name:token,...}). */
    public String approverToken() {
        for (String pair : get(APPROVER_TOKENS).split(",", -1)) {
            int colon = pair.indexOf(':');
            if (colon > 0 && pair.substring(0, colon).trim().equals(approver())) {
                return pair.substring(colon + 1).trim();
            }
        }
        throw new IllegalStateException(APPROVER_TOKENS + " holds no token for " + APPROVER + "=" + approver());
    }

    /** Whether the service posts its own alerts ({@link #APP_WEBHOOK_URL} set). */
    public boolean selfAlerts() {
        return !values.getOrDefault(APP_WEBHOOK_URL, "").isBlank();
    }

    public boolean modelConfigured() {
        String model = values.get("OPENAI_MODEL");
        return model != null && !model.isBlank();
    }
}
