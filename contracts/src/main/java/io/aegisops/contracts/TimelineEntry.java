package io.aegisops.contracts;

import java.time.Instant;

/** One line of an incident's story: when, which stage, what happened. */
public record TimelineEntry(Instant at, String stage, String detail) {
}
