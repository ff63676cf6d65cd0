package io.aegisops.functions.notify;

import io.aegisops.contracts.Json;
import io.aegisops.contracts.logging.EventLog;
import io.aegisops.functions.config.Env;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Publishes escalations to an SNS topic (on AWS the operator topic, whose subscribers are the on-call): the
 * notification's JSON as the message, a one-line subject. Only ESCALATED outcomes: everything else goes to Slack and
 * the webhook only. Never throws.
 */
public final class SnsEscalations implements Notifier {

    private static final EventLog LOG = EventLog.of(SnsEscalations.class);

    public static final String TOPIC_ARN = "AEGIS_ESCALATION_TOPIC_ARN";

    /** SNS takes at most 100 printable ASCII characters as a subject. */
    private static final int MAX_SUBJECT = 100;

    private final Supplier<SnsClient> sns;
    private final String topicArn;

    public SnsEscalations(Supplier<SnsClient> sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    /** The topic {@code env} names, its client built on the first escalation; empty without one. */
    public static Optional<SnsEscalations> fromEnv(Map<String, String> env) {
        String arn = Env.text(env, TOPIC_ARN);
        if (arn == null) {
            return Optional.empty();
        }
        Supplier<SnsClient> client = new Supplier<>() {
            private SnsClient built;

            @Override
            public synchronized SnsClient get() {
                if (built == null) {
                    built = SnsClient.builder()
                            .httpClient(UrlConnectionHttpClient.create())
                            .build();
                }
                return built;
            }
        };
        return Optional.of(new SnsEscalations(client, arn));
    }

    @Override
    public boolean send(Notification notification) {
        if (!Notification.ESCALATED.equals(notification.event())) {
            return false;
        }
        try {
            sns.get()
                    .publish(b ->
                            b.topicArn(topicArn).subject(subject(notification)).message(Json.write(notification)));
            LOG.info("notify.delivered", "sink", "sns", "incidentId", notification.incidentId());
            return true;
        } catch (RuntimeException failed) {
            LOG.warn(
                    "notify.failed",
                    "sink",
                    "sns",
                    "incidentId",
                    notification.incidentId(),
                    "error",
                    failed.getClass().getSimpleName());
            return false;
        }
    }

    /** "AegisOps escalated buggy-app: HighErrorRate", printable ASCII only, at most 100 characters. */
    static String subject(Notification n) {
        String text = "AegisOps escalated " + (n.service() == null ? n.incidentId() : n.service())
                + (n.alertType() == null ? "" : ": " + n.alertType());
        String ascii = text.replaceAll("[^\\x20-\\x7E]", "?");
        return ascii.length() <= MAX_SUBJECT ? ascii : ascii.substring(0, MAX_SUBJECT);
    }
}
