package io.aegisops.contracts.pipeline;

import java.util.List;

/**
 * The {@code Aegis.*} errors: the ones a task fails with on purpose, and the ones an execution ends with. A handler
 * raises one by throwing the class of that name (package {@code Aegis} of the functions module: the Lambda Java
 * runtime reports the class name as the error type); the edge agent sends it with SendTaskFailure; a Fail state of
 * {@code aegis-pipeline.asl.json} ends the execution with it. docs/architecture.md 4.4 gives their outcomes.
 */
public enum PipelineError {
    /** The service is not a configured target: there is no host to command. */
    UNKNOWN_TARGET("Aegis.UnknownTarget", Handling.CAUGHT_BY_NAME, Raiser.HANDLER),
    /** Outside the allowlist or the policy; nothing ran. */
    NOT_ALLOWED("Aegis.NotAllowed", Handling.CAUGHT_BY_NAME, Raiser.HANDLER, Raiser.EDGE_AGENT),
    /** The restart budget or the cooldown refuses a restart. */
    BUDGET_EXHAUSTED("Aegis.BudgetExhausted", Handling.CAUGHT_BY_NAME, Raiser.HANDLER),
    /** The re-check at approval found what the alert said gone: the remedy is not run on a healthy target. */
    RECOVERED("Aegis.Recovered", Handling.CAUGHT_BY_NAME, Raiser.HANDLER),
    /** The command waited too long for the agent; nothing ran. */
    COMMAND_EXPIRED("Aegis.CommandExpired", Handling.CAUGHT_BY_NAME, Raiser.EDGE_AGENT),
    /** The engine has no container of that name. */
    CONTAINER_NOT_FOUND("Aegis.ContainerNotFound", Handling.CAUGHT_BY_NAME, Raiser.EDGE_AGENT),
    /** The command item cannot be run as it is; nothing ran. */
    INVALID_COMMAND("Aegis.InvalidCommand", Handling.CAUGHT_BY_NAME, Raiser.EDGE_AGENT),
    /** The Docker engine (or the process runtime) failed during the action: a failed remediation. */
    RUNTIME_ERROR("Aegis.RuntimeError", Handling.CAUGHT_BY_STATES_ALL, Raiser.EDGE_AGENT),
    /** The outcome was FAILED: a remediation ran and the service is still broken. */
    REMEDIATION_FAILED("Aegis.RemediationFailed", Handling.ENDS_EXECUTION),
    /** The outcome has a status EndByOutcome does not name: a defect of the pipeline. */
    UNKNOWN_OUTCOME("Aegis.UnknownOutcome", Handling.ENDS_EXECUTION),
    /** Learn failed after its retries: the incident is still open. */
    INCIDENT_NOT_CLOSED("Aegis.IncidentNotClosed", Handling.ENDS_EXECUTION);

    /** Who fails a task with the error. */
    public enum Raiser {
        HANDLER,
        EDGE_AGENT
    }

    /** What the definition does with the error. */
    public enum Handling {
        /** A Catch names it. */
        CAUGHT_BY_NAME,
        /** Only {@code States.ALL} catches it. */
        CAUGHT_BY_STATES_ALL,
        /** A Fail state ends the execution with it; no task raises it. */
        ENDS_EXECUTION
    }

    private final String wireName;
    private final Handling handling;

    @SuppressWarnings("ImmutableEnumChecker") // List.of is immutable; Error Prone only trusts Guava's types
    private final List<Raiser> raisedBy;

    PipelineError(String wireName, Handling handling, Raiser... raisedBy) {
        this.wireName = wireName;
        this.handling = handling;
        this.raisedBy = List.of(raisedBy);
    }

    /** The name Step Functions matches and reports, such as {@code Aegis.NotAllowed}. */
    public String wireName() {
        return wireName;
    }

    public Handling handling() {
        return handling;
    }

    public boolean isRaisedBy(Raiser raiser) {
        return raisedBy.contains(raiser);
    }
}
