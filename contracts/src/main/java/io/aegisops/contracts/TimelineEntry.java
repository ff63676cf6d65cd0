package io.aegisops.contracts;

import java.time.Instant;

/**
 * One line of an incident's story: when, which stage, what happened. {@code stage} stays the stored text, so an
 * incident reads back whatever stages it holds; AegisOps writes the names of {@link TimelineStage}.
 */
public record TimelineEntry(Instant at, String stage, String detail) {

    public static TimelineEntry of(Instant at, TimelineStage stage, String detail) {
        return new TimelineEntry(at, stage.wireName(), detail);
    }

    public boolean is(TimelineStage expected) {
        return expected.wireName().equals(stage);
    }
}
