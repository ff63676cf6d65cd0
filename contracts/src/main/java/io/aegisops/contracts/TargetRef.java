package io.aegisops.contracts;

/** What an alert says it is about. The acting target always comes from {@link Target} configuration. */
public record TargetRef(String service, String container, String host) {}
