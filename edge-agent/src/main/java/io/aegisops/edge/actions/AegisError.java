package io.aegisops.edge.actions;

import io.aegisops.contracts.pipeline.PipelineError;

/**
 * The errors the agent answers a task token with (SendTaskFailure): the {@link PipelineError}s raised by the edge
 * agent. Each means the action did not run, or could not be carried out.
 */
public enum AegisError {
    /** The container is not in the agent's configuration, or the action is not allowed for it. Nothing ran. */
    NOT_ALLOWED(PipelineError.NOT_ALLOWED),
    /** The command item is malformed (unknown type, bad parameter). Nothing ran. */
    INVALID_COMMAND(PipelineError.INVALID_COMMAND),
    /** The command waited longer than the agent's maximum age (or its ttl). Nothing ran. */
    COMMAND_EXPIRED(PipelineError.COMMAND_EXPIRED),
    /** The container is allowed but the engine has no container of that name. */
    CONTAINER_NOT_FOUND(PipelineError.CONTAINER_NOT_FOUND),
    /** The Docker engine (or the process runtime) failed while carrying out the action. */
    RUNTIME_ERROR(PipelineError.RUNTIME_ERROR);

    private final PipelineError error;

    AegisError(PipelineError error) {
        this.error = error;
    }

    /** The error name sent to Step Functions, for example {@code Aegis.NotAllowed}. */
    public String wireName() {
        return error.wireName();
    }
}
