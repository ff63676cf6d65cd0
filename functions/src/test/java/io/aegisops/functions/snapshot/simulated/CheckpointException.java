package io.aegisops.functions.snapshot.simulated;

/** A hook failed before the checkpoint; each failure is a suppressed exception. */
public class CheckpointException extends Exception {

    private static final long serialVersionUID = 1L;
}
