package io.aegisops.local;

import io.aegisops.functions.ingest.normalise.AlertNormaliser;
import io.aegisops.local.stack.StackSettings;
import java.net.URI;

/**
 * What {@code aegis up} prints for monitoring users: a Prometheus scrape job for the demo service and an
 * Alertmanager receiver for this stack, ready to paste. They follow the shipped files in {@code docs/integrations/}
 * (the job's name is the target's service, so its {@code job} label finds the target; the receiver sends resolved
 * notifications and at most as many alerts per request as ingest takes).
 */
final class MonitoringSnippets {

    /** The receiver's name in the shipped alertmanager.yml. */
    static final String RECEIVER = "aegisops";

    private MonitoringSnippets() {}

    /** An entry of prometheus.yml's {@code scrape_configs}. */
    static String scrapeJob(StackSettings settings) {
        URI app = settings.appUrl();
        return """
                - job_name: %s
                  scrape_interval: 15s
                  static_configs:
                    - targets: ['%s:%d']
                """.formatted(settings.service(), app.getHost(), app.getPort());
    }

    /** An entry of alertmanager.yml's {@code receivers}: the webhook with this stack's bearer token. */
    static String receiver(URI edge, StackSettings settings) {
        return """
                - name: %s
                  webhook_configs:
                    - url: %s
                      send_resolved: true
                      max_alerts: %d
                      http_config:
                        authorization:
                          type: Bearer
                          credentials: %s
                """.formatted(
                        RECEIVER,
                        edge.resolve("/alerts"),
                        AlertNormaliser.DEFAULT_MAX_ALERTS_PER_REQUEST,
                        settings.webhookToken());
    }
}
