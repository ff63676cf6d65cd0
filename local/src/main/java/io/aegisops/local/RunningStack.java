package io.aegisops.local;

import io.aegisops.local.client.ConnectionInfo;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One stack per state directory: its {@code local.json}, {@code edge-agent.json} and logs belong to the stack
 * whose process {@code local.json} names. A second {@code up} or {@code demo} there would take them over.
 *
 * <p>{@code local.json} is written only once a stack is up (10-30 s after its start), so a stack also holds an OS
 * lock on {@code stack.lock} in the directory from its start until it ends: two stacks started in the same instant
 * cannot both pass. The OS releases the lock when the process dies, however it dies; the file itself stays (deleting
 * a lock file races with whoever opens it next).
 */
final class RunningStack {

    static final String LOCK_FILE = "stack.lock";

    /** The state directory, held by this process until {@link #close}. */
    static final class Claim implements AutoCloseable {
        private final FileChannel channel;

        private Claim(FileChannel channel) {
            this.channel = channel;
        }

        /** Releases the lock (closing the channel does). */
        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                throw new IllegalStateException("cannot release " + LOCK_FILE + ": " + e.getMessage(), e);
            }
        }
    }

    /** Another stack owns the state directory: exit code 2, nothing started or changed. */
    static final class AlreadyRunningException extends RuntimeException {
        AlreadyRunningException(String message) {
            super(message);
        }
    }

    private RunningStack() {}

    /**
     * Takes the state directory for a stack about to start: its lock, then {@link #refuseIfRunning}. While another
     * process (or this one) holds the lock, refuses without touching anything there.
     *
     * @param command {@code up} or {@code demo}, for the suggestion in the message
     * @throws AlreadyRunningException when another stack is starting or running with {@code stateDir}
     */
    static Claim claim(Path stateDir, String command) {
        FileChannel channel = openLock(stateDir);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldByThisProcess) {
            lock = null;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new IllegalStateException("cannot lock " + stateDir.resolve(LOCK_FILE) + ": " + e.getMessage(), e);
        }
        Claim claim = new Claim(channel);
        if (lock == null) {
            claim.close();
            throw liveStack(stateDir)
                    .map(running -> alreadyRunning(stateDir, command, running))
                    .orElseGet(() -> new AlreadyRunningException(
                            """
                            aegis %s: an AegisOps stack is starting with the state directory %s
                              (its process holds %s; it writes local.json once it is up).
                            Wait for it and use it, or give this one a state directory of its own:
                              ./aegis %s --state-dir DIR%s""".formatted(command, stateDir, LOCK_FILE, command, portHint(command))));
        }
        try {
            refuseIfRunning(stateDir, command);
        } catch (RuntimeException refused) {
            claim.close();
            throw refused;
        }
        return claim;
    }

    private static FileChannel openLock(Path stateDir) {
        try {
            Files.createDirectories(stateDir);
            return FileChannel.open(stateDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot open " + stateDir.resolve(LOCK_FILE) + " (the state directory's lock): " + e.getMessage(),
                    e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the lock was never taken; the error being reported is the one that matters
        }
    }

    /** The stack {@code local.json} names, when its process lives; reads only. */
    private static Optional<ConnectionInfo> liveStack(Path stateDir) {
        if (!Files.exists(stateDir.resolve(ConnectionInfo.FILE_NAME))) {
            return Optional.empty();
        }
        try {
            ConnectionInfo running = ConnectionInfo.read(stateDir);
            return ProcessHandle.of(running.pid()).map(ProcessHandle::isAlive).orElse(false)
                    ? Optional.of(running)
                    : Optional.empty();
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

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
        Optional<ConnectionInfo> running = liveStack(stateDir);
        if (running.isPresent()) {
            throw alreadyRunning(stateDir, command, running.get());
        }
        removeStale(file);
    }

    private static AlreadyRunningException alreadyRunning(Path stateDir, String command, ConnectionInfo running) {
        return new AlreadyRunningException("""
                aegis %s: an AegisOps stack is running already with the state directory %s
                  (pid %d, edge port %s, started %s).
                Starting a second one there would take over its container, edge agent configuration and logs.
                Stop that one first (Ctrl-C where it runs), or give this one a state directory of its own:
                  ./aegis %s --state-dir DIR%s""".formatted(
                command, stateDir, running.pid(), running.endpoint(), running.startedAt(), command, portHint(command)));
    }

    private static String portHint(String command) {
        return command.equals("up") ? " --port N" : "";
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
