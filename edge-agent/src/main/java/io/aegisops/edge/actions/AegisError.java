package io.aegisops.edge.actions;

/**
 * The errors the agent answers a task token with (SendTaskFailure), named as the state machine catches
 * them. Each means the action did not run, or could not be carried out.
 */
public enum AegisError {
    /** The container is not in the agent's configuration, or the action is not allowed for it. Nothing ran. */
    NOT_ALLOWED("Aegis.NotAllowed"),
    /** The command item is malformed (unknown type, bad parameter). Nothing ran. */
    INVALID_COMMAND("Aegis.InvalidCommand"),
    /** The command waited longer than the agent's maximum age (or its ttl). Nothing ran. */
    COMMAND_EXPIRED("Aegis.CommandExpired"),
    /** The container is allowed but the engine has no container of that name. */
    CONTAINER_NOT_FOUND("Aegis.ContainerNotFound"),
    /** The Docker engine (or the process runtime) failed while carrying out the action. */
    RUNTIME_ERROR("Aegis.RuntimeError");

    private final String wireName;

    AegisError(String wireName) {
        this.wireName = wireName;
    }

    /** The error name sent to Step Functions, for example {@code Aegis.NotAllowed}. */
    public String wireName() {
        return wireName;
    }
}
