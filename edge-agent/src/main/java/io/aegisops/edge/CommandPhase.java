package io.aegisops.edge;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a command this agent claimed is in its life on a worker. The table below is the whole life cycle: a move it
 * does not list is a defect of the agent and throws. A claimed command never goes back to another agent except by
 * {@link #RELEASED} before its action began: once it may have run, only its holder records it, or, after the lease
 * lapsed, another agent marks it abandoned (never re-run).
 *
 * <pre>
 * CLAIMED ─▶ CHECKING_TASK ─▶ RUNNING ─▶ ANSWERING ─▶ RECORDING ─▶ FINISHED
 *    │            ├─ task already closed ──────────────▶ RECORDING (expired, not run)
 *    ├─ no task token ─────────────────────────────────▶ RECORDING (refused, not run)
 *    └────────────┴─ agent stopping ─▶ RELEASED (PENDING again, for another agent)
 * any phase not final ─▶ CRASHED (the claim stays until its lease lapses and is then abandoned)
 * </pre>
 */
enum CommandPhase {
    /** This agent's conditional claim won; nothing has been done yet. */
    CLAIMED,
    /** Heartbeating the task once before running: a closed task is not run. */
    CHECKING_TASK,
    /** The action runs; the task is heartbeated and the lease renewed. */
    RUNNING,
    /** Answering the task token, retrying transient failures; the lease is still renewed. */
    ANSWERING,
    /** Writing the outcome on the command item, retrying transient failures. */
    RECORDING,
    /** The outcome is recorded (or every attempt to record it failed, which the log says). */
    FINISHED,
    /** Given back (CLAIMED → PENDING) because the agent is stopping; its action never began. */
    RELEASED,
    /** An unexpected failure ended the work; nothing more is done for the command here. */
    CRASHED;

    private static final Map<CommandPhase, Set<CommandPhase>> NEXT = new EnumMap<>(CommandPhase.class);

    static {
        NEXT.put(CLAIMED, EnumSet.of(CHECKING_TASK, RECORDING, RELEASED, CRASHED));
        NEXT.put(CHECKING_TASK, EnumSet.of(RUNNING, RECORDING, RELEASED, CRASHED));
        NEXT.put(RUNNING, EnumSet.of(ANSWERING, CRASHED));
        NEXT.put(ANSWERING, EnumSet.of(RECORDING, CRASHED));
        NEXT.put(RECORDING, EnumSet.of(FINISHED, CRASHED));
        for (CommandPhase end : EnumSet.of(FINISHED, RELEASED, CRASHED)) {
            NEXT.put(end, EnumSet.noneOf(CommandPhase.class));
        }
    }

    /** Whether the life cycle allows the move from this phase to {@code next}. */
    boolean allows(CommandPhase next) {
        return NEXT.get(this).contains(next);
    }

    /** {@code next}, once checked against the table. */
    CommandPhase moveTo(CommandPhase next) {
        if (!allows(next)) {
            throw new IllegalStateException("a command cannot move from " + this + " to " + next);
        }
        return next;
    }

    /** Nothing follows: the agent is done with the command. */
    boolean isFinal() {
        return NEXT.get(this).isEmpty();
    }
}
