package io.aegisops.functions.ingest;

/** Starts the pipeline's Step Functions execution for an incident. */
public interface PipelineStarter {

    /**
     * Starts the execution named {@code name}, or finds the one already started under that name: starting
     * twice with the same name and input is harmless, and an existing execution is never a failure.
     */
    void start(String name, String input);

    /** The ARN the execution named {@code name} has, whether or not it has been started yet. */
    String executionArn(String name);
}
