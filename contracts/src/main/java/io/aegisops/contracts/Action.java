package io.aegisops.contracts;

import java.util.Optional;

/**
 * What a diagnosis proposes: the catalog of remedies, plus NOOP and ESCALATE, which touch nothing. A target's
 * {@link Target#allowedActions()} says which remedies it may get; the enum is the model's whole vocabulary.
 *
 * <ul>
 *   <li>RESTART: stop and start the container.</li>
 *   <li>ROLLBACK: recreate the container, same name and configuration, from the image it ran before the current
 *       one (a bad release). Always asks a human today.</li>
 *   <li>SCALE_UP: raise the container's memory and/or CPU limits by a step, never beyond the target's
 *       {@link ScaleUpBounds} (vertical scaling, {@code docker update}).</li>
 *   <li>STOP: stop the container (it harms others). Always asks a human today.</li>
 * </ul>
 */
public enum Action {
    RESTART,
    ROLLBACK,
    SCALE_UP,
    STOP,
    NOOP,
    ESCALATE;

    /** The edge agent's command that carries the action out; empty for NOOP and ESCALATE. */
    public Optional<CommandType> command() {
        return switch (this) {
            case RESTART -> Optional.of(CommandType.RESTART);
            case ROLLBACK -> Optional.of(CommandType.ROLLBACK);
            case SCALE_UP -> Optional.of(CommandType.SCALE_UP);
            case STOP -> Optional.of(CommandType.STOP);
            case NOOP, ESCALATE -> Optional.empty();
        };
    }

    /** True for a remedy: the action changes the target, so it is allowlisted, budgeted and verified. */
    public boolean changesTarget() {
        return command().isPresent();
    }
}
