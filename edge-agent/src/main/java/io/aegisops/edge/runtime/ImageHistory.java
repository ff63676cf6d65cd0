package io.aegisops.edge.runtime;

import com.fasterxml.jackson.core.type.TypeReference;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.logging.EventLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The images each container has run, as the agent saw them, oldest first: what a ROLLBACK recreates a container
 * from. Kept in a small JSON file ({@code images.json} in the agent's state directory), so a restarted agent still
 * knows what ran before the current image. The Docker runtime records a container's image whenever it looks at it
 * (every INSPECT and PROBE, readiness checks, the agent's start-up); only a change of image writes the file.
 *
 * <p>An image is known by its id: a tag moved to a new build is a new image. An image a rollback replaced is marked
 * {@code rolledBackFrom} and never offered again as the one to roll back to (rolling back twice must not return to
 * the bad release).
 */
public final class ImageHistory {

    /** The file's name in the agent's state directory. */
    public static final String FILE_NAME = "images.json";

    /** Images kept per container; older ones are forgotten. */
    static final int KEPT = 10;

    private static final EventLog LOG = EventLog.of(ImageHistory.class);

    /**
     * One image a container ran.
     *
     * @param image          the reference the container was created with ({@code Config.Image}: a tag, or an id)
     * @param imageId        the image's id ({@code sha256:…})
     * @param firstSeen      when the agent first saw the container on it
     * @param rolledBackFrom a rollback replaced it: never offered as the image to roll back to
     */
    public record Seen(String image, String imageId, Instant firstSeen, boolean rolledBackFrom) {}

    private final Path file;
    private final Map<String, List<Seen>> byContainer;

    private ImageHistory(Path file, Map<String, List<Seen>> byContainer) {
        this.file = file;
        this.byContainer = byContainer;
    }

    /**
     * The history kept in {@code file}, read if it exists. An unreadable file is logged and replaced by an empty
     * history on the next change: the agent keeps working, and only loses what it knew to roll back to.
     */
    public static ImageHistory at(Path file) {
        Map<String, List<Seen>> read = new LinkedHashMap<>();
        if (Files.exists(file)) {
            try {
                read.putAll(Json.mapper().readValue(file.toFile(), new TypeReference<Map<String, List<Seen>>>() {}));
            } catch (IOException | RuntimeException unreadable) {
                LOG.warn(
                        "images.unreadable",
                        "file",
                        file.toString(),
                        "error",
                        unreadable.getClass().getSimpleName());
            }
        }
        read.replaceAll((container, seen) -> new ArrayList<>(seen));
        return new ImageHistory(file, read);
    }

    /** A history that lives only as long as the agent (no state directory: tests, one-off runs). */
    public static ImageHistory inMemory() {
        return new ImageHistory(null, new LinkedHashMap<>());
    }

    /** Records that {@code container} runs {@code imageId} now (a no-op while it stays on the same image). */
    public synchronized void observe(String container, String image, String imageId, Instant now) {
        if (image == null || imageId == null) {
            return;
        }
        List<Seen> seen = byContainer.computeIfAbsent(container, c -> new ArrayList<>());
        if (!seen.isEmpty() && seen.getLast().imageId().equals(imageId)) {
            return;
        }
        seen.add(new Seen(image, imageId, now, false));
        forgetOld(seen);
        save();
    }

    /**
     * The image before the current one that {@code container} may be rolled back to: the newest recorded image with
     * another id that no rollback has replaced. Empty when there is none.
     */
    public synchronized Optional<Seen> previous(String container) {
        List<Seen> seen = byContainer.getOrDefault(container, List.of());
        if (seen.isEmpty()) {
            return Optional.empty();
        }
        String current = seen.getLast().imageId();
        for (int i = seen.size() - 1; i >= 0; i--) {
            Seen candidate = seen.get(i);
            if (!candidate.imageId().equals(current) && !candidate.rolledBackFrom()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Records a rollback of {@code container} from {@code fromImageId} to {@code to}, which it runs now. */
    public synchronized void rolledBack(String container, String fromImageId, Seen to, Instant now) {
        List<Seen> seen = byContainer.computeIfAbsent(container, c -> new ArrayList<>());
        seen.replaceAll(
                s -> s.imageId().equals(fromImageId) ? new Seen(s.image(), s.imageId(), s.firstSeen(), true) : s);
        seen.add(new Seen(to.image(), to.imageId(), now, false));
        forgetOld(seen);
        save();
    }

    /** What is recorded of {@code container}, oldest first. */
    public synchronized List<Seen> of(String container) {
        return List.copyOf(byContainer.getOrDefault(container, List.of()));
    }

    private static void forgetOld(List<Seen> seen) {
        while (seen.size() > KEPT) {
            seen.removeFirst();
        }
    }

    /**
     * Written whole to a temporary file and moved over the old one, so a crash never leaves half a file. A failed
     * write is logged: the history in memory still holds, and a look at a container must not fail for it.
     */
    private void save() {
        if (file == null) {
            return;
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, "images", ".json.tmp");
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), byContainer);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException notAtomic) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn(
                    "images.notSaved",
                    "file",
                    file.toString(),
                    "error",
                    e.getClass().getSimpleName());
        }
    }
}
