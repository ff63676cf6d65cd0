package io.aegisops.dynamodb;

import io.aegisops.dynamodb.internal.ApiException;
import io.aegisops.dynamodb.internal.api.Api;
import io.aegisops.dynamodb.internal.api.Database;
import io.aegisops.dynamodb.internal.store.MvStoreStorage;
import io.aegisops.dynamodb.internal.store.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * AegisOps' DynamoDB engine: the DynamoDB JSON 1.0 protocol answered in process ({@link #handle}) or over HTTP
 * ({@link DynamoDbServer}). In memory by default; {@link #durable} keeps every acknowledged write in an H2
 * MVStore file. One database whatever the caller's credentials or region, as DynamoDB Local's shared mode and
 * LocalStack behave, so the AWS CLI and the handlers see the same tables.
 */
public final class DynamoDbEngine implements AutoCloseable {

    /** How often expired items (time to live) are deleted. */
    public static final Duration DEFAULT_TTL_SWEEP = Duration.ofSeconds(1);

    private final Database db;
    private final Api api;
    private final ScheduledExecutorService sweeper;

    private DynamoDbEngine(Storage storage, Clock clock, Duration ttlSweep) {
        this.db = new Database(storage, clock, "us-east-1", "000000000000");
        this.api = new Api(db);
        this.sweeper = ttlSweep == null
                ? null
                : Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "dynamodb-ttl-sweeper");
                    thread.setDaemon(true);
                    return thread;
                });
        if (sweeper != null) {
            // A task that throws is never run again: a failed sweep is logged and the next one still runs.
            var unused = sweeper.scheduleWithFixedDelay(
                    this::sweepQuietly, ttlSweep.toMillis(), ttlSweep.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** An engine whose tables live in memory only. */
    public static DynamoDbEngine inMemory() {
        return builder().build();
    }

    /** An engine that keeps its tables in {@code directory} (created if missing) across restarts. */
    public static DynamoDbEngine durable(Path directory) {
        return builder().directory(directory).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Answers one call: {@code target} is the {@code X-Amz-Target} header, {@code body} the JSON request. */
    public WireResponse handle(String target, byte[] body) {
        Api.Answer answer = api.call(target, body);
        return new WireResponse(answer.status(), answer.body());
    }

    /** Deletes the items whose time to live has passed; the sweeper calls this, and so can a test with its own clock. */
    public int sweepExpiredItems() {
        return db.sweepExpired();
    }

    private void sweepQuietly() {
        try {
            sweepExpiredItems();
        } catch (RuntimeException e) {
            System.getLogger(DynamoDbEngine.class.getName())
                    .log(System.Logger.Level.WARNING, "TTL sweep failed; the next one runs as scheduled", e);
        }
    }

    static WireResponse error(int status, String type, String message) {
        Api.Answer answer = Api.error(new ApiException(type, status, message, null));
        return new WireResponse(answer.status(), answer.body());
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        db.close();
    }

    /** Options: where to keep the data (default: memory), the clock, and how often to sweep expired items. */
    public static final class Builder {
        private Path directory;
        private Clock clock = Clock.systemUTC();
        private Duration ttlSweep = DEFAULT_TTL_SWEEP;

        private Builder() {}

        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** How often to delete expired items; null: never on its own (call {@link #sweepExpiredItems()}). */
        public Builder ttlSweep(Duration interval) {
            this.ttlSweep = interval;
            return this;
        }

        public DynamoDbEngine build() {
            Storage storage = Storage.none();
            if (directory != null) {
                try {
                    Files.createDirectories(directory);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create " + directory, e);
                }
                storage = new MvStoreStorage(directory.resolve("dynamodb.mv.db"));
            }
            return new DynamoDbEngine(storage, clock, ttlSweep);
        }
    }
}
