package io.aegisops.contracts;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** The configured targets, looked up by service name. */
public record TargetsConfig(List<Target> targets) {

    public TargetsConfig {
        targets = targets == null ? List.of() : List.copyOf(targets);
        var seen = new HashSet<String>();
        for (Target t : targets) {
            if (!seen.add(t.service())) {
                throw new IllegalArgumentException("target service '" + t.service() + "' is listed twice");
            }
        }
    }

    public Optional<Target> byService(String service) {
        return targets.stream().filter(t -> t.service().equals(service)).findFirst();
    }

    public Optional<Target> byContainer(String container) {
        return targets.stream().filter(t -> t.container().equals(container)).findFirst();
    }
}
