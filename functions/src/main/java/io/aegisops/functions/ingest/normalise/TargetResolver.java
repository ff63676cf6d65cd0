package io.aegisops.functions.ingest.normalise;

import io.aegisops.contracts.NormalisedAlert;
import io.aegisops.contracts.Target;
import io.aegisops.contracts.TargetRef;
import io.aegisops.contracts.TargetsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the configured {@link Target} an alert is about. The alert's own target (service, container, host),
 * then the labels that name a workload in the usual sources, are tried in turn, each as a service name and
 * then as a container name. No match means the target is unknown: the pipeline escalates, never acts.
 */
public final class TargetResolver {

    /** Label keys that name a workload: Prometheus conventions, cAdvisor, CloudWatch dimensions. */
    private static final List<String> LABELS =
            List.of("service", "job", "app", "container", "container_name", "instance", "ServiceName", "ContainerName");

    private final TargetsConfig targets;

    public TargetResolver(TargetsConfig targets) {
        this.targets = targets;
    }

    public Optional<Target> resolve(NormalisedAlert alert) {
        for (String candidate : candidates(alert)) {
            Optional<Target> target = targets.byService(candidate).or(() -> targets.byContainer(candidate));
            if (target.isPresent()) {
                return target;
            }
        }
        return Optional.empty();
    }

    private static List<String> candidates(NormalisedAlert alert) {
        List<String> candidates = new ArrayList<>();
        TargetRef ref = alert.target();
        if (ref != null) {
            addIfPresent(candidates, ref.service());
            addIfPresent(candidates, ref.container());
            addIfPresent(candidates, ref.host());
        }
        for (String label : LABELS) {
            addIfPresent(candidates, Fields.withoutPort(alert.labels().get(label)));
        }
        return candidates;
    }

    private static void addIfPresent(List<String> candidates, String value) {
        if (value != null && !value.isBlank() && !candidates.contains(value)) {
            candidates.add(value);
        }
    }
}
