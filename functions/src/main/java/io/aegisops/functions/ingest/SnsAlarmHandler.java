package io.aegisops.functions.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.NormalisedAlert;
import io.aegisops.contracts.logging.EventLog;
import io.aegisops.functions.ingest.normalise.CloudWatchAlarmFormat;
import io.aegisops.functions.ingest.normalise.InvalidAlertException;
import io.aegisops.functions.pipeline.LoggedHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CloudWatch alarms delivered by SNS: each record's {@code Sns.Message} is the alarm's JSON, as a string.
 * A message that is not an alarm, or not one AegisOps acts on (INSUFFICIENT_DATA), is logged and skipped:
 * a retry would not change it. A failure to store or start throws, so Lambda retries the event, which is
 * safe because intake is idempotent. Answers {@code {results: [...]}} like {@code POST /alerts}.
 */
public final class SnsAlarmHandler extends LoggedHandler {

    private static final EventLog LOG = EventLog.of(SnsAlarmHandler.class);

    private final IngestComponents components;
    private final AlertIntake intake;

    public SnsAlarmHandler() {
        this(IngestComponents.fromEnvironment());
    }

    public SnsAlarmHandler(IngestComponents components) {
        this.components = components;
        this.intake = components.intake();
    }

    @Override
    protected void handle(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = Json.mapper().readTree(input);
        List<IntakeResult> results = new ArrayList<>();
        JsonNode records = event == null ? null : event.get("Records");
        if (records == null || !records.isArray()) {
            LOG.warn("sns.skipped", "reason", "not an SNS event: no Records");
        } else {
            for (JsonNode record : records) {
                alert(record).map(intake::accept).ifPresent(results::add);
            }
        }
        Json.mapper().writeValue(output, Map.of("results", results));
    }

    /** What both ingest handlers prime, and the alarm check on an empty message. */
    @Override
    protected void prime() throws IOException {
        components.prime();
        CloudWatchAlarmFormat.isSnsAlarmMessage(Json.mapper().readTree("{}"));
    }

    private static Optional<NormalisedAlert> alert(JsonNode record) {
        String messageId = record.path("Sns").path("MessageId").asText(null);
        try {
            JsonNode message =
                    Json.mapper().readTree(record.path("Sns").path("Message").asText(""));
            if (message == null || !CloudWatchAlarmFormat.isSnsAlarmMessage(message)) {
                LOG.warn("sns.skipped", "messageId", messageId, "reason", "the message is not a CloudWatch alarm");
                return Optional.empty();
            }
            return Optional.of(CloudWatchAlarmFormat.fromSnsMessage(message));
        } catch (IOException notJson) {
            LOG.warn("sns.skipped", "messageId", messageId, "reason", "the message is not JSON");
        } catch (InvalidAlertException invalid) {
            LOG.warn("sns.skipped", "messageId", messageId, "reason", invalid.getMessage());
        }
        return Optional.empty();
    }
}
