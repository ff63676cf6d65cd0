package io.aegisops.local;

import io.aegisops.local.client.ConnectionInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One stack per state directory: its {@code local.json}, {@code edge-agent.json} and logs belong to the stack
 * whose process {@code local.json} names. A second {@code up} or {@code demo} there would take them over.
 */
final class RunningStack {

    /** Another stack owns the state directory: exit code 2, nothing started or changed. */
    static final class AlreadyRunningException extends RuntimeException {
        AlreadyRunningException(String message) {
            super(message);
        }
    }

    private RunningStack() {}

    /**
     * Refuses when {@code stateDir/local.json} names a live process; removes the file when it names a dead one
     * (or cannot be read), so the CLI never talks to a stack that is gone.
     *
     * @param command {@code up} or {@code demo}, for the suggestion in the message
     */
    static void refuseIfRunning(Path stateDir, String command) {
        Path file = stateDir.resolve(ConnectionInfo.FILE_NAME);
        if (!Files.exists(file)) {
            return;
        }
        ConnectionInfo running;
        try {
            running = ConnectionInfo.read(stateDir);
        } catch (RuntimeException unreadable) {
            removeStale(file);
            return;
        }
        if (ProcessHandle.of(running.pid()).map(ProcessHandle::isAlive).orElse(false)) {
            throw new AlreadyRunningException("""
                    aegis %s: an AegisOps stack is running already with the state directory %s
                      (pid %d, edge port %s, started %s).
                    Starting a second one there would take over its container, edge agent configuration and logs.
                    Stop that one first (Ctrl-C where it runs), or give this one a state directory of its own:
                      ./aegis %s --state-dir DIR%s""".formatted(
                            command,
                            stateDir,
                            running.pid(),
                            running.endpoint(),
                            running.startedAt(),
                            command,
                            command.equals("up") ? " --port N" : ""));
        }
        removeStale(file);
    }

    private static void removeStale(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot remove the stale " + file + " (its stack is gone): " + e.getMessage(), e);
        }
    }
}
