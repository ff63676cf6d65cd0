package io.aegisops.statemachine.engine;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a {@link Strand} is in its life. It runs states until one parks it — on a Wait's timer, a task,
 * branches or iterations, a retrier's delay — and what it awaited resumes it; it ends once. The table
 * below is the whole life cycle: a move it does not list is an engine defect and throws.
 */
enum StrandPhase {
    /** Created; its first state waits for a step of its own (a branch or iteration not started yet). */
    READY,
    /** Running states, or carrying on with what the state it was parked in produced. */
    RUNNING,
    /** Parked on a Wait state's timer. */
    WAITING,
    /** Parked on a task attempt. */
    IN_TASK,
    /** Parked on Parallel branches or Map iterations. */
    IN_BRANCHES,
    /** Parked on a retrier's delay before the state's next attempt. */
    BACKING_OFF,
    /** Ran off the end of its states and told its outcome. */
    SUCCEEDED,
    /** Ended with an error nothing caught and told its outcome. */
    FAILED,
    /** Stopped by the Parallel or Map attempt it belongs to, which ended without it; it tells nothing. */
    CANCELLED;

    private static final Map<StrandPhase, Set<StrandPhase>> NEXT = new EnumMap<>(StrandPhase.class);

    static {
        NEXT.put(READY, EnumSet.of(RUNNING, CANCELLED));
        // A running strand is never cancelled: only another strand's step cancels one.
        NEXT.put(RUNNING, EnumSet.of(WAITING, IN_TASK, IN_BRANCHES, BACKING_OFF, SUCCEEDED, FAILED));
        for (StrandPhase parked : EnumSet.of(WAITING, IN_TASK, IN_BRANCHES, BACKING_OFF)) {
            NEXT.put(parked, EnumSet.of(RUNNING, CANCELLED));
        }
        for (StrandPhase end : EnumSet.of(SUCCEEDED, FAILED, CANCELLED)) {
            NEXT.put(end, EnumSet.noneOf(StrandPhase.class));
        }
    }

    /** Whether the life cycle allows the move from this phase to {@code next}. */
    boolean allows(StrandPhase next) {
        return NEXT.get(this).contains(next);
    }

    /** {@code next}, once checked against the table. */
    StrandPhase moveTo(StrandPhase next) {
        if (!allows(next)) {
            throw new IllegalStateException("a strand cannot move from " + this + " to " + next);
        }
        return next;
    }

    /** Nothing follows: the strand has ended. */
    boolean isFinal() {
        return NEXT.get(this).isEmpty();
    }
}
