package io.aegisops.functions.ingest;

/** Answers the task token a waiting execution state handed out. */
public interface TaskCompleter {

    /**
     * @throws TaskTokenRejectedException when the task is over already (timed out, answered) or the token is not valid
     */
    void succeed(String taskToken, String output);
}
