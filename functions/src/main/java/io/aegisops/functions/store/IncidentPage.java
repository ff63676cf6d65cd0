package io.aegisops.functions.store;

import io.aegisops.contracts.Incident;
import java.util.List;

/** A page of incidents; {@code nextCursor} is null on the last page. */
public record IncidentPage(List<Incident> incidents, String nextCursor) {

    public IncidentPage {
        incidents = List.copyOf(incidents);
    }
}
