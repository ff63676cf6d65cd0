package io.aegisops.contracts.logging;

import org.slf4j.MDC;

/**
 * What every line logged during one request names, whoever logs it: the request ({@code requestId}: the Lambda
 * request id, or the edge agent's command id) and the incident it is about ({@code incidentId}). Kept in SLF4J's
 * MDC, so it stays with the thread that serves the request.
 *
 * <pre>{@code
 * LogContext.Scope request = LogContext.request(context.getAwsRequestId());
 * try {
 *     ...
 *     LogContext.incident(incidentId); // as soon as it is known
 *     ...
 * } finally {
 *     request.close();
 * }
 * }</pre>
 * (try/finally rather than try-with-resources: the scope is not referenced in the body, which javac's lint
 * reports.)
 */
public final class LogContext {

    public static final String REQUEST_ID = "requestId";
    public static final String INCIDENT_ID = "incidentId";

    private LogContext() {}

    /** Starts a request on this thread, about no incident yet; closing the scope restores what was before. */
    public static Scope request(String requestId) {
        Scope scope = new Scope(MDC.get(REQUEST_ID), MDC.get(INCIDENT_ID));
        put(REQUEST_ID, requestId);
        MDC.remove(INCIDENT_ID);
        return scope;
    }

    /** Names the incident the current request is about (null: none), until its scope closes. */
    public static void incident(String incidentId) {
        put(INCIDENT_ID, incidentId);
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    /** One request's context on one thread. */
    public static final class Scope implements AutoCloseable {

        private final String requestIdBefore;
        private final String incidentIdBefore;

        private Scope(String requestIdBefore, String incidentIdBefore) {
            this.requestIdBefore = requestIdBefore;
            this.incidentIdBefore = incidentIdBefore;
        }

        @Override
        public void close() {
            put(REQUEST_ID, requestIdBefore);
            put(INCIDENT_ID, incidentIdBefore);
        }
    }
}
