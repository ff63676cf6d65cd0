package io.aegisops.contracts;

import java.time.Instant;

/** What has worked before for one signature (alert type + service). Only verified outcomes are counted. */
public record RunbookEntry(
        String signature,
        Action action,
        String rootCause,
        int successes,
        int failures,
        int rejections,
        String lastIncidentId,
        Instant lastSeen,
        long avgRecoveryMs,
        long version) {

    public static String signatureOf(String alertType, String service) {
        return alertType + "#" + service;
    }
}
