package io.aegisops.functions.ingest.normalise;

import io.aegisops.contracts.NormalisedAlert;
import io.aegisops.contracts.Target;
import io.aegisops.contracts.TargetRef;
import io.aegisops.contracts.TargetsConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the configured {@link Target} an alert is about, trying in this order (docs/integrations.md):
 * <ol>
 *   <li>the label {@value #EXPLICIT_LABEL}, set by whoever writes the alert rule;</li>
 *   <li>the alert's own target (the generic format's service, container and host fields);</li>
 *   <li>the labels {@code service}, {@code job}, {@code app}, {@code container}, {@code container_name};</li>
 *   <li>the label {@code instance} as {@code host:port}, against each target's health URL;</li>
 *   <li>{@code instance} without its port, then the CloudWatch dimensions {@code ServiceName},
 *       {@code ContainerName}.</li>
 * </ol>
 * Every name is tried as a service name and then as a container name. No match means the target is unknown: the
 * pipeline escalates, never acts.
 */
public final class TargetResolver {

    /** The label a user sets on an alert rule to name the target outright. */
    public static final String EXPLICIT_LABEL = "aegis_target";

    /** Label keys that name a workload by the usual conventions (Prometheus, cAdvisor, Kubernetes). */
    private static final List<String> NAME_LABELS = List.of("service", "job", "app", "container", "container_name");

    private static final String INSTANCE = "instance";

    /** Names tried last: an address's host part, CloudWatch's dimensions. */
    private static final List<String> LAST_RESORT_LABELS = List.of("ServiceName", "ContainerName");

    /** Every label this resolver reads, in the order it reads them: what an answer shows of an unmatched alert. */
    public static final List<String> LABELS_READ = List.of(
            EXPLICIT_LABEL,
            "service",
            "job",
            "app",
            "container",
            "container_name",
            INSTANCE,
            "ServiceName",
            "ContainerName");

    private final TargetsConfig targets;

    public TargetResolver(TargetsConfig targets) {
        this.targets = targets;
    }

    public Optional<Target> resolve(NormalisedAlert alert) {
        Map<String, String> labels = alert.labels();
        List<String> names = new ArrayList<>();
        addIfPresent(names, labels.get(EXPLICIT_LABEL));
        TargetRef ref = alert.target();
        if (ref != null) {
            addIfPresent(names, ref.service());
            addIfPresent(names, ref.container());
        }
        NAME_LABELS.forEach(label -> addIfPresent(names, labels.get(label)));
        Optional<Target> named = byName(names);
        if (named.isPresent()) {
            return named;
        }
        Optional<Target> byAddress = byHealthAddress(labels.get(INSTANCE));
        if (byAddress.isPresent()) {
            return byAddress;
        }
        List<String> lastResort = new ArrayList<>();
        if (ref != null) {
            addIfPresent(lastResort, ref.host());
        }
        addIfPresent(lastResort, Fields.withoutPort(labels.get(INSTANCE)));
        LAST_RESORT_LABELS.forEach(label -> addIfPresent(lastResort, labels.get(label)));
        return byName(lastResort);
    }

    /** The labels of {@link #LABELS_READ} the alert carries: what it said about its target. */
    public static Map<String, String> namingLabels(NormalisedAlert alert) {
        Map<String, String> naming = new LinkedHashMap<>();
        LABELS_READ.forEach(label -> {
            String value = alert.labels().get(label);
            if (value != null && !value.isBlank()) {
                naming.put(label, value);
            }
        });
        return naming;
    }

    private Optional<Target> byName(List<String> names) {
        for (String name : names) {
            Optional<Target> target = targets.byService(name).or(() -> targets.byContainer(name));
            if (target.isPresent()) {
                return target;
            }
        }
        return Optional.empty();
    }

    /** The target whose health URL has this {@code host:port} (the scheme's port when the URL names none). */
    private Optional<Target> byHealthAddress(String instance) {
        if (instance == null || instance.isBlank()) {
            return Optional.empty();
        }
        String wanted = instance.trim().toLowerCase(Locale.ROOT);
        return targets.targets().stream()
                .filter(t -> healthAddress(t.healthUrl()).filter(wanted::equals).isPresent())
                .findFirst();
    }

    private static Optional<String> healthAddress(String healthUrl) {
        if (healthUrl == null || healthUrl.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create(healthUrl.trim());
            if (uri.getHost() == null) {
                return Optional.empty();
            }
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            return Optional.of((uri.getHost() + ":" + port).toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException notAUrl) {
            return Optional.empty(); // an inventory's bad URL matches no instance
        }
    }

    private static void addIfPresent(List<String> names, String value) {
        if (value != null && !value.isBlank() && !names.contains(value)) {
            names.add(value);
        }
    }
}
