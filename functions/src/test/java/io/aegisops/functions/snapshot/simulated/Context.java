package io.aegisops.functions.snapshot.simulated;

/** A set of resources, as CRaC's {@code jdk.crac.Context}. */
public abstract class Context<R extends Resource> implements Resource {

    public abstract void register(R resource);
}
