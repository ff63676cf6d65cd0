package io.aegisops.buggyapp;

import java.time.Duration;

/** Where the monitor's alerts go. */
interface AlertSink {

    /** Accepts an alert for delivery; never blocks on the network. */
    void submit(GenericAlert alert);

    /** Waits until everything submitted has been delivered or given up on; false if time ran out first. */
    boolean awaitIdle(Duration timeout) throws InterruptedException;

    /** No webhook configured: the monitor's own log lines are the only trace of an alert. */
    AlertSink NONE = new AlertSink() {
        @Override
        public void submit(GenericAlert alert) {}

        @Override
        public boolean awaitIdle(Duration timeout) {
            return true;
        }
    };
}
