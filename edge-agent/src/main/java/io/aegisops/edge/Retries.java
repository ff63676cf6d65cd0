package io.aegisops.edge;

import static io.aegisops.edge.CommandFields.fields;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.logging.EventLog;
import io.aegisops.contracts.retry.Backoff;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How hard the agent tries to tell the control plane a command's outcome (answer the token, record the item): every
 * failure is taken as transient, logged, and retried after the backoff's pause, up to its attempts.
 */
final class Retries {

    private final Backoff backoff;
    private final EventLog log;

    Retries(Backoff backoff, EventLog log) {
        this.backoff = backoff;
        this.log = log;
    }

    /** Runs {@code call} ({@code what}: "answer", "record") until it returns; empty when it never did. */
    <T> Optional<T> call(Command command, String what, Supplier<T> call) {
        try {
            return Optional.of(backoff.retry(
                    e -> true,
                    (attempt, e) ->
                            log.warn("command." + what + "_failed", fields(command, "attempt", attempt, "error", e)),
                    call));
        } catch (Backoff.GaveUp e) {
            return Optional.empty();
        }
    }
}
