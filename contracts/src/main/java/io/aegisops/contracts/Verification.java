package io.aegisops.contracts;

import java.time.Instant;

/** The last health verdict after a remediation. */
public record Verification(boolean healthy, int attempts, Integer httpStatus, String detail, Instant checkedAt) {}
