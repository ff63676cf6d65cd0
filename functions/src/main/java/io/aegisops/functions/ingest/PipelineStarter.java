package io.aegisops.functions.ingest;

/** Starts the pipeline's Step Functions execution for an incident. */
public interface PipelineStarter {

    /**
     * Starts the execution named {@code name}, or finds the one already started under that name: starting
     * twice with the same name and input is harmless, and an existing execution is never a failure.
     *
     * @return the execution's ARN
     */
    String start(String name, String input);
}
