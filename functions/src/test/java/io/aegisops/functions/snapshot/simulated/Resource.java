package io.aegisops.functions.snapshot.simulated;

/** The hooks, as CRaC's {@code jdk.crac.Resource} declares them; org.crac registers a proxy of this. */
public interface Resource {

    void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

    void afterRestore(Context<? extends Resource> context) throws Exception;
}
