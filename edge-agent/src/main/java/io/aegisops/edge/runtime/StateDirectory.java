package io.aegisops.edge.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where the process runtime keeps what outlives an agent (pid files, the supervised processes' logs), held by one
 * agent at a time: an exclusive lock on {@code agent.lock}, which the kernel releases when the agent dies, however
 * it dies. A second agent on the same directory refuses to start instead of supervising a second copy.
 */
public final class StateDirectory implements AutoCloseable {

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private StateDirectory(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the directory (readable by its owner only) if it is missing, and takes its lock.
     *
     * @throws IllegalStateException when another agent holds it
     */
    public static StateDirectory lock(Path path) {
        Path dir = path.toAbsolutePath().normalize();
        FileChannel channel = null;
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            // one spelling for every agent: the processes are marked with it
            dir = dir.toRealPath();
            channel = FileChannel.open(
                    dir.resolve("agent.lock"),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String holder = new String(Files.readAllBytes(dir.resolve("agent.lock")), StandardCharsets.UTF_8);
                throw new IllegalStateException("another edge agent (pid " + holder.strip()
                        + ") supervises the processes of " + dir + "; one agent per state directory");
            }
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap(
                    Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
            return new StateDirectory(dir, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot use the state directory " + dir, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            return null;
        }
    }

    public Path path() {
        return path;
    }

    /** Releases the lock (the kernel does the same when the agent dies). */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing; the first error is the one to report
            }
        }
    }
}
