package io.aegisops.local;

import io.aegisops.local.client.ConnectionInfo;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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

    /**
     * The state directories this process holds. Checked before a lock file is opened: on Linux, closing any channel
     * of a file drops every lock the process holds on it, so a refused second claim must never open (and close) one.
     */
    private static final Set<Path> CLAIMED = ConcurrentHashMap.newKeySet();

    /** The state directory, held by this process until {@link #close}. */
    static final class Claim implements AutoCloseable {
        private final Path lockFile;
        private final FileChannel channel;

        private Claim(Path lockFile, FileChannel channel) {
            this.lockFile = lockFile;
            this.channel = channel;
        }

        /** Releases the lock (closing the channel does). */
        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                throw new IllegalStateException("cannot release " + lockFile + ": " + e.getMessage(), e);
            } finally {
                CLAIMED.remove(lockFile);
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
        Path lockFile = lockFile(stateDir);
        if (!CLAIMED.add(lockFile)) {
            throw starting(stateDir, command);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            CLAIMED.remove(lockFile);
            throw new IllegalStateException(
                    "cannot open " + lockFile + " (the state directory's lock): " + e.getMessage(), e);
        }
        Claim claim = new Claim(lockFile, channel);
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (IOException e) {
                throw new IllegalStateException("cannot lock " + lockFile + ": " + e.getMessage(), e);
            }
            if (lock == null) { // held by another process: closing this channel drops no lock of this one
                throw starting(stateDir, command);
            }
            refuseIfRunning(stateDir, command);
            return claim;
        } catch (RuntimeException refused) {
            claim.close();
            throw refused;
        }
    }

    /** {@code stack.lock} in {@code stateDir}, created with the directory when missing; one path per file. */
    private static Path lockFile(Path stateDir) {
        try {
            Files.createDirectories(stateDir);
            return stateDir.toRealPath().resolve(LOCK_FILE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the state directory " + stateDir + ": " + e.getMessage(), e);
        }
    }

    /** Another stack holds the directory: the running one {@code local.json} names, else one still starting. */
    private static AlreadyRunningException starting(Path stateDir, String command) {
        return liveStack(stateDir)
                .map(running -> alreadyRunning(stateDir, command, running))
                .orElseGet(() -> new AlreadyRunningException(
                        """
                        aegis %s: an AegisOps stack is starting with the state directory %s
                          (its process holds %s; it writes local.json once it is up).
                        Wait for it and use it, or give this one a state directory of its own:
                          ./aegis %s --state-dir DIR%s""".formatted(command, stateDir, LOCK_FILE, command, portHint(command))));
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
        Optional<ConnectionInfo> running = liveStack(stateDir);
        if (running.isPresent()) {
            throw alreadyRunning(stateDir, command, running.get());
        }
        removeStale(stateDir.resolve(ConnectionInfo.FILE_NAME));
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
