package io.aegisops.sqs.internal;

import java.time.Instant;

/**
 * How a queue gets looked at again when nothing calls it: a long poll's deadline, or a hidden message turning
 * visible while receivers wait. The engine asks for the instant; {@code SystemWakeups} runs the action then on
 * one timer thread, and a test moves its clock and runs what fell due. Nobody waits on a thread meanwhile.
 */
public interface Wakeups {

    /** Runs {@code action} at {@code when} or soon after (a duplicate or early call is harmless). */
    void at(Instant when, Runnable action);
}
