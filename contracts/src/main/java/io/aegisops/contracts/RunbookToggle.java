package io.aegisops.contracts;

import java.time.Instant;

/**
 * An operator's last word on a runbook entry: whether it is disabled, who said so (an approver and their role), when
 * and why. A disabled entry is kept and still counts what happens, but it neither diagnoses nor grants autonomy.
 *
 * @param comment why, as the operator wrote it (required: an audit trail without a reason tells nobody anything)
 */
public record RunbookToggle(boolean disabled, String by, String role, Instant at, String comment) {}
