package io.aegisops.functions.config;

import io.aegisops.contracts.logging.EventLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * A value built from secrets, rebuilt from a fresh read once it is older than the TTL, so that a rotated secret
 * takes effect without a deploy. Nothing is read until the first {@link #get()}: under SnapStart a constructor
 * runs at publish time and would freeze the secret into the snapshot.
 *
 * <p>When a rebuild fails (Secrets Manager unreachable, a malformed secret) the last good value is kept and tried
 * again after another TTL; only a failure of the very first read is thrown. At most one rebuild runs at a time,
 * and while it runs the other callers get the value it replaces.
 *
 * <p>After a SnapStart restore ({@code org.crac}) the value expires at once, so the first call after a restore reads
 * the secrets afresh (keeping the last value should that read fail), however recently the snapshot was taken.
 */
public final class Refreshing<T> implements Supplier<T> {

    /** How long a value built from secrets is used before they are read again. */
    public static final String SECRETS_TTL_SECONDS = "AEGIS_SECRETS_TTL_SECONDS";

    static final int DEFAULT_TTL_SECONDS = 300;

    private static final EventLog LOG = EventLog.of(Refreshing.class);

    private record Built<T>(T value, Instant at) {}

    private final String what;
    private final Supplier<T> build;
    private final Clock clock;
    private final Duration ttl;
    private final ReentrantLock rebuilding = new ReentrantLock();
    private volatile Built<T> current;

    /** Held here: the global context keeps only a weak reference to what it is given. */
    private final Resource expireOnRestore = new Resource() {
        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) {}

        @Override
        public void afterRestore(Context<? extends Resource> context) {
            expire();
        }
    };

    /**
     * @param what names the value in errors and logs (never the secret itself)
     * @param build reads the secrets afresh and builds the value; throws when they are unreadable or malformed
     */
    public Refreshing(String what, Supplier<T> build, Clock clock, Duration ttl) {
        this.what = what;
        this.build = build;
        this.clock = clock;
        this.ttl = ttl;
        Core.getGlobalContext().register(expireOnRestore);
    }

    /** {@code AEGIS_SECRETS_TTL_SECONDS}, default 300; 0 reads the secrets on every use. */
    public static Duration ttl(Map<String, String> env) {
        return Duration.ofSeconds(Env.wholeNumber(env, SECRETS_TTL_SECONDS, DEFAULT_TTL_SECONDS, 0));
    }

    /**
     * @throws SecretsUnavailableException naming the value when the first read fails
     */
    @Override
    public T get() {
        Built<T> built = current;
        if (built != null && isFresh(built)) {
            return built.value();
        }
        if (built == null) {
            rebuilding.lock();
        } else if (!rebuilding.tryLock()) {
            return built.value();
        }
        try {
            return rebuild();
        } finally {
            rebuilding.unlock();
        }
    }

    /** The next {@link #get()} reads the secrets again; the value is kept should that read fail. */
    void expire() {
        Built<T> built = current;
        if (built != null) {
            current = new Built<>(built.value(), Instant.EPOCH.minus(ttl));
        }
    }

    private T rebuild() {
        Built<T> last = current;
        if (last != null && isFresh(last)) {
            return last.value(); // another caller rebuilt it while this one waited
        }
        try {
            T value = build.get();
            current = new Built<>(value, clock.instant());
            return value;
        } catch (RuntimeException e) {
            if (last == null) {
                LOG.error(
                        "secrets.unreadable",
                        "what",
                        what,
                        "error",
                        e.getClass().getSimpleName(),
                        "reason",
                        reason(e));
                throw new SecretsUnavailableException("cannot read the secrets for " + what + ": " + reason(e), e);
            }
            LOG.warn(
                    "secrets.refreshFailed",
                    "what",
                    what,
                    "error",
                    e.getClass().getSimpleName(),
                    "reason",
                    reason(e),
                    "retryInSeconds",
                    ttl.toSeconds());
            current = new Built<>(last.value(), clock.instant());
            return last.value();
        }
    }

    /** Our readers' messages name the variable or the secret, never a value; the SDK's name the failure. */
    private static String reason(RuntimeException e) {
        return String.valueOf(e.getMessage());
    }

    private boolean isFresh(Built<T> built) {
        return clock.instant().isBefore(built.at().plus(ttl));
    }
}
