package io.aegisops.functions.llm;

import io.aegisops.contracts.Diagnosis;
import java.util.Optional;

/** A language model's diagnosis, when one is configured and answers validly in time; empty otherwise. */
public interface ModelAdvisor {

    Optional<Diagnosis> advise(ModelRequest request);
}
