package io.aegisops.edge.actions;

import io.aegisops.contracts.HealthReading;
import java.net.URI;

/** One look at a service's health URL from the host. */
public interface HealthProbe {

    /**
     * One GET, timed. Healthy when the URL answers 2xx. Never throws: a connection failure is a reading without a
     * status, whose error says why.
     */
    HealthReading check(URI url);

    /** The reading in words: {@code GET URL answered 200}, or {@code GET URL failed: WHY}. */
    static String describe(HealthReading reading) {
        return "GET " + reading.url()
                + (reading.httpStatus() != null ? " answered " + reading.httpStatus() : " failed: " + reading.error());
    }
}
