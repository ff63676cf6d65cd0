package io.aegisops.functions.learn;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Incident;
import io.aegisops.functions.pipeline.JsonStreams;
import io.aegisops.functions.pipeline.Log;
import io.aegisops.functions.pipeline.PipelineSettings;
import io.aegisops.functions.pipeline.Stores;
import io.aegisops.functions.runbook.Outcome;
import io.aegisops.functions.runbook.RunbookLearning;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Learn: receives the whole state document, closes the incident (terminal status, timeline, command
 * results, verification, resolvedAt and MTTR when resolved), teaches the runbook from a verified outcome
 * (compare-and-set; a retried Learn counts nothing twice), frees the open-incident marker, and returns
 * {@code {status}}.
 */
public final class LearnHandler implements RequestStreamHandler {

    private final Stores stores;
    private final Clock clock;

    public LearnHandler() {
        this(Stores.over(Stores.dynamoFromEnvironment(), PipelineSettings.tablePrefix(System.getenv())), Clock.systemUTC());
    }

    public LearnHandler(Stores stores, Clock clock) {
        this.stores = stores;
        this.clock = clock;
    }

    public record Learned(String status) {
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        StateDocument doc = StateDocument.from(JsonStreams.read(input));
        Instant now = clock.instant();
        Incident closed = stores.incidents().update(doc.incidentId(), current -> IncidentClosing.close(current, doc, now));

        Optional<Outcome> lesson = IncidentClosing.lesson(closed, doc);
        lesson.ifPresent(l -> stores.runbook().update(l.signature(), current -> RunbookLearning.learn(current, l)));

        String service = doc.service() != null ? doc.service() : closed.target() == null ? null : closed.target().service();
        boolean released = service != null && closed.alert() != null
                && stores.openIncidents().release(service, closed.alert().alertType(), closed.incidentId());

        Map<String, Object> log = new LinkedHashMap<>();
        log.put("incidentId", closed.incidentId());
        log.put("status", closed.status());
        log.put("mttrMs", closed.mttrMs());
        log.put("lesson", lesson.map(l -> l.kind().name()).orElse("none"));
        log.put("markerReleased", released);
        Log.info("incident.closed", log);
        JsonStreams.write(output, new Learned(closed.status().name()));
    }
}
