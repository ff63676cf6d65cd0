package io.aegisops.functions.pipeline;

/** Timeline stage names that one handler writes and another reads. */
public final class Stages {

    /** Diagnose's decision entry. */
    public static final String DECISION = "decision";
    /**
     * The approval route's entry when a human approved the restart (ingest writes it, Remediate requires it for
     * an APPROVAL decision). It must be on the incident before the route answers RequestApproval's task token.
     */
    public static final String APPROVED = "APPROVED";

    private Stages() {
    }
}
