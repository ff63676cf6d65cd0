package io.aegisops.edge.actions;

/** A command parameter the agent cannot use; the command is refused with {@code Aegis.InvalidCommand}. */
final class InvalidParameterException extends RuntimeException {

    InvalidParameterException(String message) {
        super(message);
    }
}
