package io.aegisops.functions.llm;

import io.aegisops.contracts.Diagnosis;
import java.io.IOException;
import java.util.Optional;

/** A language model's diagnosis, when one is configured and answers validly in time; empty otherwise. */
public interface ModelAdvisor extends AutoCloseable {

    Optional<Diagnosis> advise(ModelRequest request);

    /**
     * For SnapStart's snapshot: runs what the first {@link #advise} needs (the client's classes, its request and
     * answer path) without asking any configured model. Nothing to prime by default.
     */
    default void prime(ModelRequest sample) throws IOException {}

    /** Releases what the advisor holds (a client's connections and threads). Nothing by default. */
    @Override
    default void close() {}
}
