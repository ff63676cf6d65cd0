package io.aegisops.edge;

import io.aegisops.contracts.AgentLiveness;
import io.aegisops.contracts.logging.EventLog;
import io.aegisops.edge.config.AgentConfig;
import io.aegisops.edge.liveness.Liveness;
import io.aegisops.edge.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes the agent's {@link AgentLiveness} from its polling thread: at the first turn, then every {@code liveness}
 * period while idle, and, once commands were handled since the last report, at the first turn at least
 * {@link #BUSY_PERIOD} after it (the agent is writing to the tables anyway then). A report that fails is logged and
 * tried again at the next turn; it never stops the polling.
 */
final class LivenessReporter {

    /** The least time between two reports while commands are being run. */
    static final Duration BUSY_PERIOD = Duration.ofSeconds(30);

    private final AgentConfig config;
    private final String agentId;
    private final Liveness liveness;
    private final Scheduler scheduler;
    private final EventLog log;
    private final Instant startedAt;
    private final AtomicLong run = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private long reportedAt = Long.MIN_VALUE;
    private long reportedRun = -1;

    LivenessReporter(AgentConfig config, String agentId, Liveness liveness, Scheduler scheduler, EventLog log) {
        this.config = config;
        this.agentId = agentId;
        this.liveness = liveness;
        this.scheduler = scheduler;
        this.log = log;
        this.startedAt = scheduler.now();
    }

    /** Counts a command whose action ran. */
    void ran(CommandOutcome outcome) {
        if (outcome == CommandOutcome.SUCCEEDED || outcome == CommandOutcome.FAILED) {
            run.incrementAndGet();
        }
        if (outcome == CommandOutcome.FAILED) {
            failed.incrementAndGet();
        }
    }

    /**
     * Reports when a report is due (see the class comment); called at each turn of the polling loop.
     *
     * @param lastPollAt when the agent last read its host's commands, null before its first read
     */
    void reportIfDue(Instant lastPollAt) {
        long now = scheduler.millis();
        long since = reportedAt == Long.MIN_VALUE ? Long.MAX_VALUE : now - reportedAt; // never reported: due
        boolean busy = run.get() != reportedRun && since >= BUSY_PERIOD.toMillis();
        if (!busy && since < config.liveness().toMillis()) {
            return;
        }
        Instant at = scheduler.now();
        long ranNow = run.get();
        try {
            liveness.report(new AgentLiveness(
                    config.hostId(),
                    agentId,
                    version(),
                    config.runtime().name().toLowerCase(Locale.ROOT),
                    startedAt,
                    lastPollAt,
                    at,
                    ranNow,
                    failed.get(),
                    AgentLiveness.ttlFor(at)));
            reportedAt = now;
            reportedRun = ranNow;
        } catch (RuntimeException e) {
            log.warn("liveness.not_reported", "error", e, "detail", "tried again at the next turn");
        }
    }

    /** The agent's version from its jar's manifest; {@code development} when it runs from classes. */
    static String version() {
        String version = LivenessReporter.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
