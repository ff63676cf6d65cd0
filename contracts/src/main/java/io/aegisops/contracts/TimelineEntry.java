package io.aegisops.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.time.Instant;

/**
 * One line of an incident's story: when, which stage, what happened. {@code stage} stays the stored text, so an
 * incident reads back whatever stages it holds; AegisOps writes the names of {@link TimelineStage}.
 *
 * @param approval who decided, on an {@code APPROVED} or {@code REJECTED} entry; null on every other (and on
 *     decisions stored before it was recorded)
 */
public record TimelineEntry(Instant at, String stage, String detail, ApprovalRecord approval) {

    /** The canonical constructor is the one JSON is read with, stored entries without {@code approval} included. */
    @JsonCreator
    public TimelineEntry {}

    public TimelineEntry(Instant at, String stage, String detail) {
        this(at, stage, detail, null);
    }

    public static TimelineEntry of(Instant at, TimelineStage stage, String detail) {
        return new TimelineEntry(at, stage.wireName(), detail);
    }

    public boolean is(TimelineStage expected) {
        return expected.wireName().equals(stage);
    }
}
