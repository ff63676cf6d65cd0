package io.aegisops.edge.actions;

import java.net.URI;

/** One look at a service's health URL from the host. */
public interface HealthProbe {

    /** Healthy when the URL answers 2xx. Never throws: a connection failure is an unhealthy result. */
    ProbeResult check(URI url);

    /** @param httpStatus null when no HTTP response came back; {@code detail} says why */
    record ProbeResult(boolean healthy, Integer httpStatus, String detail) {}
}
