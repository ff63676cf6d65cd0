package io.aegisops.edge.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aegisops.contracts.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A supervised process as the agent records it in its state directory ({@code NAME.pid}, JSON), so that the next
 * agent finds it again. The pid alone could name another process by then (pids are recycled); with the start
 * time the kernel gave it ({@code /proc/PID/stat} field 22) it names this one only.
 *
 * @param startTicks the process's start in clock ticks since boot; -1 when it ended before it could be read
 * @param command    the configured command line it was started with (a changed configuration replaces it)
 * @param restarts   how many times agents restarted it, carried from one agent to the next
 */
record PidFile(long pid, long startTicks, List<String> command, Instant startedAt, int restarts) {

    PidFile {
        command = List.copyOf(command);
    }

    /** The record in {@code file}; empty when there is none, or it cannot be read (then nothing is adopted). */
    static Optional<PidFile> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(Files.readString(file), PidFile.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Replaces {@code file} at once (written beside it, then renamed): a reader never sees half a record. */
    void write(Path file) {
        Path partial = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(partial, Json.mapper().writeValueAsString(this));
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the supervised process in " + file, e);
        }
    }
}
