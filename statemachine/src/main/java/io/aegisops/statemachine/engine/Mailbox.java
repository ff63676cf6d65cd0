package io.aegisops.statemachine.engine;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Runs an execution's steps one at a time, in order, whatever thread posts them: a timer firing, a
 * task finishing, SendTaskSuccess arriving. The first poster hands draining to the worker executor;
 * steps posted while draining (also from inside a step) wait their turn, so nothing nests and no
 * thread waits for an execution that is parked.
 */
final class Mailbox {

    private final Executor workers;
    private final Consumer<RuntimeException> onStepFailure;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean draining;

    Mailbox(Executor workers, Consumer<RuntimeException> onStepFailure) {
        this.workers = workers;
        this.onStepFailure = onStepFailure;
    }

    void post(Runnable step) {
        synchronized (this) {
            queue.add(step);
            if (draining) {
                return;
            }
            draining = true;
        }
        workers.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Runnable step;
            synchronized (this) {
                step = queue.poll();
                if (step == null) {
                    draining = false;
                    return;
                }
            }
            try {
                step.run();
            } catch (RuntimeException e) {
                onStepFailure.accept(e);
            }
        }
    }
}
