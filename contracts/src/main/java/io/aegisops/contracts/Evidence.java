package io.aegisops.contracts;

import java.time.Instant;

/** Evidence collected from the host. {@code available=false} means "no evidence", never a failed incident. */
public record Evidence(boolean available, ContainerState container, String logs, String note, Instant collectedAt) {

    public static Evidence unavailable(String why, Instant at) {
        return new Evidence(false, null, null, why, at);
    }
}
