package io.aegisops.edge.queue;

import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.CommandStatus;

/**
 * The agent's view of its host's partition of the {@code commands} table. Every state change is a
 * conditional write: a method returns false, and changes nothing, when the command is no longer in the
 * state it expects, which is how two agents never both act on one command.
 *
 * <pre>
 * PENDING ──claim──▶ CLAIMED(by me, lease) ──complete──▶ SUCCEEDED | FAILED | EXPIRED
 *    │                  │ ▲ renew                │
 *    │                  │ └─ release (shutdown, before the action started) ─▶ PENDING
 *    │                  └─ abandon (by another agent, after the lease lapsed) ─▶ FAILED, never re-run
 *    └─ expire (too old) ─▶ EXPIRED, never run
 * </pre>
 */
public interface CommandQueue {

    /** The host's PENDING and CLAIMED commands, read consistently. */
    QueueSnapshot poll();

    /**
     * One command of the host, read consistently, as {@link #poll} would report it: in {@code pending} or
     * {@code claimed}, in {@code unreadable} if it is a PENDING item that is not a command, or nowhere when it is
     * unknown, of another host, or done.
     */
    QueueSnapshot read(String commandId);

    /** PENDING → CLAIMED by {@code agentId} until {@code leaseUntil} (epoch ms). */
    boolean claim(String commandId, String agentId, long leaseUntil);

    /** Extends the lease of a command this agent holds. */
    boolean renew(String commandId, String agentId, long leaseUntil);

    /** CLAIMED by this agent → PENDING again, for a command whose action has not started. */
    boolean release(String commandId, String agentId);

    /**
     * Records the outcome of a command this agent claimed. It succeeds even if another agent marked the
     * command abandoned meanwhile (this agent was slow, not dead): the record then tells what really happened.
     */
    boolean complete(String commandId, String agentId, CommandStatus status, CommandResult result);

    /** PENDING → EXPIRED, for a command too old to run. */
    boolean expire(String commandId, CommandResult result);

    /**
     * CLAIMED by {@code claimedBy} whose lease {@code leaseUntil} has lapsed → FAILED. Only if nothing
     * changed since it was read (same holder, same lease), so a lease renewed meanwhile wins.
     */
    boolean abandon(String commandId, String claimedBy, Long leaseUntil, CommandResult result);
}
