package io.aegisops.edge.queue;

/** A PENDING item that is not a valid command (unknown type, wrong field types); its token, if it has one. */
public record UnreadableCommand(String commandId, String taskToken, String reason) {}
