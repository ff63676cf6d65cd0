package io.aegisops.contracts;

/**
 * What the edge agent reports for a command: what it did (or, on a dry run, would have done),
 * the container before and after, how long it took, and evidence such as log lines or a probe status.
 *
 * <p>Build one with {@link #of(String, CommandType)} and name the fields that apply, or with {@link #notRun} for a
 * command the agent refused, expired or abandoned. The JSON form is the record's components, nulls omitted.
 */
public record CommandResult(
        String commandId,
        CommandType type,
        boolean success,
        boolean dryRun,
        String message,
        ContainerState before,
        ContainerState after,
        Integer httpStatus,
        String logs,
        long durationMs) {

    /** A result for {@code commandId} of {@code type} (null when the item did not say), every other field unset. */
    public static Builder of(String commandId, CommandType type) {
        return new Builder(commandId, type);
    }

    /** A command that did not run: no success, no evidence, no time spent; {@code message} says why. */
    public static CommandResult notRun(String commandId, CommandType type, boolean dryRun, String message) {
        return of(commandId, type).dryRun(dryRun).message(message).build();
    }

    /** The same result with {@code note} appended to its message in parentheses. */
    public CommandResult withNote(String note) {
        return new CommandResult(
                commandId,
                type,
                success,
                dryRun,
                message + " (" + note + ")",
                before,
                after,
                httpStatus,
                logs,
                durationMs);
    }

    public static final class Builder {
        private final String commandId;
        private final CommandType type;
        private boolean success;
        private boolean dryRun;
        private String message;
        private ContainerState before;
        private ContainerState after;
        private Integer httpStatus;
        private String logs;
        private long durationMs;

        private Builder(String commandId, CommandType type) {
            this.commandId = commandId;
            this.type = type;
        }

        public Builder success(boolean success) {
            this.success = success;
            return this;
        }

        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        public Builder message(String message) {
            this.message = message;
            return this;
        }

        /** The container's state before the action (or the only state a read-only action saw). */
        public Builder before(ContainerState before) {
            this.before = before;
            return this;
        }

        public Builder after(ContainerState after) {
            this.after = after;
            return this;
        }

        public Builder httpStatus(Integer httpStatus) {
            this.httpStatus = httpStatus;
            return this;
        }

        public Builder logs(String logs) {
            this.logs = logs;
            return this;
        }

        public Builder durationMs(long durationMs) {
            this.durationMs = durationMs;
            return this;
        }

        public CommandResult build() {
            return new CommandResult(
                    commandId, type, success, dryRun, message, before, after, httpStatus, logs, durationMs);
        }
    }
}
