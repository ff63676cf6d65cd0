package io.aegisops.statemachine.asl;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** RFC 3339 timestamps as the States Language defines them: an uppercase T, and an uppercase Z or an offset. */
public final class Timestamps {

    private Timestamps() {}

    public static Optional<Instant> parse(String text) {
        if (text == null || text.indexOf('t') >= 0 || text.indexOf('z') >= 0 || text.indexOf('T') < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
