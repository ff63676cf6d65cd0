package io.aegisops.edge.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Statistics;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's stats streams of the containers an agent watches, each keeping its latest frame. A one-off stats read
 * waits for the engine's next sample (about a second); a followed container's frame is at hand, and each frame
 * carries the sample before it, which is what the CPU figure needs. Streams go on across restarts; one that ended
 * (the container was removed or re-created by a ROLLBACK) is opened again the next time it is asked for.
 */
final class FollowedStats implements AutoCloseable {

    /** Each stream holds one of the client's connections (16): the rest stay for commands. */
    static final int MAX_FOLLOWED = 8;

    /** The engine samples every second; a frame older than this belongs to a stream that stalled. */
    private static final long FRESH_NANOS = Duration.ofMillis(2_500).toNanos();

    private final DockerClient docker;
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();

    FollowedStats(DockerClient docker) {
        this.docker = docker;
    }

    /** Follows the first {@link #MAX_FOLLOWED} of these containers; the others are read one-off. */
    void follow(Collection<String> containers) {
        containers.stream().distinct().limit(MAX_FOLLOWED).forEach(this::open);
    }

    /**
     * The latest frame of a followed container when it is fresh and its two samples both fall in the run that
     * started at {@code runStarted} (an earlier run's CPU says nothing of this one).
     */
    Optional<Statistics> latest(String container, Instant runStarted) {
        Stream stream = streams.get(container);
        if (stream == null) {
            return Optional.empty();
        }
        if (stream.ended) {
            open(container);
            return Optional.empty();
        }
        Statistics frame = stream.latest;
        Instant previousSample = DockerContainerRuntime.instant(frame == null ? null : frame.getPreread());
        if (frame == null
                || System.nanoTime() - stream.receivedAt > FRESH_NANOS
                || previousSample == null
                || runStarted == null
                || previousSample.isBefore(runStarted)) {
            return Optional.empty();
        }
        return Optional.of(frame);
    }

    private void open(String container) {
        Stream stream = new Stream();
        Stream before = streams.put(container, stream);
        if (before != null) {
            before.closeQuietly();
        }
        try {
            docker.statsCmd(container).exec(stream);
        } catch (RuntimeException notThereYet) {
            stream.ended = true; // asked for again, it is opened again
        }
    }

    @Override
    public void close() {
        streams.values().forEach(Stream::closeQuietly);
        streams.clear();
    }

    private static final class Stream extends ResultCallback.Adapter<Statistics> {
        private volatile Statistics latest;
        private volatile long receivedAt;
        private volatile boolean ended;

        @Override
        public void onNext(Statistics frame) {
            receivedAt = System.nanoTime();
            latest = frame;
        }

        @Override
        public void onError(Throwable error) {
            ended = true;
            super.onError(error);
        }

        @Override
        public void onComplete() {
            ended = true;
            super.onComplete();
        }

        void closeQuietly() {
            ended = true;
            try {
                close();
            } catch (IOException ignored) {
                // finished or abandoned either way
            }
        }
    }
}
