package io.aegisops.functions.notify;

import io.aegisops.contracts.logging.EventLog;
import io.aegisops.functions.config.Env;
import io.aegisops.functions.config.Refreshing;
import io.aegisops.functions.config.SecretSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every configured sink ({@code AEGIS_SLACK_WEBHOOK_URL}, {@code AEGIS_NOTIFY_WEBHOOK_URL}); with none,
 * notifications are only logged. Delivered when at least one sink accepted it.
 */
public final class Notifiers implements Notifier {

    private static final EventLog LOG = EventLog.of(Notifiers.class);

    public static final String SLACK_WEBHOOK_URL = "AEGIS_SLACK_WEBHOOK_URL";
    public static final String NOTIFY_WEBHOOK_URL = "AEGIS_NOTIFY_WEBHOOK_URL";
    /**
     * The Slack app's signing secret: Ingest verifies button presses with it; here its presence alone says the
     * app's interactivity is configured, so approval requests get Approve and Reject buttons.
     */
    public static final String SLACK_SIGNING_SECRET = "AEGIS_SLACK_SIGNING_SECRET";
    /** The Slack mention an escalation calls: {@code <!subteam^S0123ABCD>}, {@code <!here>}, {@code <@U0123ABCD>}. */
    public static final String ONCALL_SLACK_MENTION = "AEGIS_ONCALL_SLACK_MENTION";

    private static final Pattern MENTION =
            Pattern.compile("<!(here|channel|subteam\\^[A-Z0-9]+(\\|[^<>|]+)?)>|<@[UW][A-Z0-9]+>");
    /** The settings that are secrets (a webhook URL is a credential): read from Secrets Manager on AWS. */
    public static final List<String> SECRETS = List.of(SLACK_WEBHOOK_URL, NOTIFY_WEBHOOK_URL, SLACK_SIGNING_SECRET);

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final List<Notifier> sinks;

    public Notifiers(List<Notifier> sinks) {
        this.sinks = List.copyOf(sinks);
    }

    /**
     * The sinks of a function's environment: the webhook URLs are secrets, read from the Secrets Manager secret
     * when {@code AEGIS_SECRETS_ARN} is set ({@link SecretSource#fromEnvironment}), else from {@code env}; read on
     * the first notification and again after every TTL ({@link Refreshing}), so a rotated URL needs no deploy. With
     * {@code AEGIS_ESCALATION_TOPIC_ARN}, escalations are published to that topic too ({@link SnsEscalations}).
     */
    public static Notifier fromEnvironment(Map<String, String> env) {
        Notifier configured = fromSecrets(env);
        return SnsEscalations.fromEnv(env)
                .<Notifier>map(topic -> new Notifiers(List.of(configured, topic)))
                .orElse(configured);
    }

    private static Notifier fromSecrets(Map<String, String> env) {
        SecretSource secrets = SecretSource.fromEnvironment(env);
        HttpClient http = httpClient();
        String onCall = onCall(env); // not a secret: a bad one stops the cold start
        Refreshing<Notifiers> sinks = new Refreshing<>(
                "the notification sinks",
                () -> fromEnv(secrets.current().overlay(env, SECRETS), onCall, http),
                Clock.systemUTC(),
                Refreshing.ttl(env));
        return notification -> {
            Notifiers current;
            try {
                current = sinks.get();
            } catch (IllegalStateException unreadable) {
                // a notifier never throws; the reason names the secret, never its value
                LOG.warn(
                        "notify.unconfigured",
                        "incidentId",
                        notification.incidentId(),
                        "reason",
                        unreadable.getMessage());
                return false;
            }
            return current.send(notification);
        };
    }

    /** The sinks {@code env} configures, its values taken as they are. */
    public static Notifiers fromEnv(Map<String, String> env) {
        return fromEnv(env, onCall(env), httpClient());
    }

    private static HttpClient httpClient() {
        return HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    private static Notifiers fromEnv(Map<String, String> env, String onCall, HttpClient http) {
        List<Notifier> sinks = new ArrayList<>();
        URI slack = Env.httpUrl(env, SLACK_WEBHOOK_URL);
        if (slack != null) {
            boolean buttons = Env.text(env, SLACK_SIGNING_SECRET) != null;
            sinks.add(WebhookNotifier.slack(slack, buttons, onCall, http, TIMEOUT));
        }
        URI webhook = Env.httpUrl(env, NOTIFY_WEBHOOK_URL);
        if (webhook != null) {
            sinks.add(WebhookNotifier.json(webhook, http, TIMEOUT));
        }
        return new Notifiers(sinks);
    }

    /** The configured mention, or null; one that is not a Slack mention stops the cold start. */
    static String onCall(Map<String, String> env) {
        String mention = Env.text(env, ONCALL_SLACK_MENTION);
        if (mention != null && !MENTION.matcher(mention).matches()) {
            throw new IllegalArgumentException(
                    ONCALL_SLACK_MENTION + " must be a Slack mention: <!subteam^ID>, <!here>, <!channel> or <@USERID>");
        }
        return mention;
    }

    @Override
    public boolean send(Notification notification) {
        if (sinks.isEmpty()) {
            LOG.info(
                    "notify.logged",
                    "incidentId",
                    notification.incidentId(),
                    "notification",
                    notification.event(),
                    "headline",
                    SlackMessage.headline(notification));
            return false;
        }
        boolean delivered = false;
        for (Notifier sink : sinks) {
            delivered |= sink.send(notification);
        }
        return delivered;
    }
}
