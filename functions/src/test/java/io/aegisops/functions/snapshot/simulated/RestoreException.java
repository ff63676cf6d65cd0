package io.aegisops.functions.snapshot.simulated;

/** A hook failed after the restore; each failure is a suppressed exception. */
public class RestoreException extends Exception {

    private static final long serialVersionUID = 1L;
}
