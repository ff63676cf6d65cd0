package io.aegisops.edge.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.UpdateContainerCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import io.aegisops.contracts.ScaleUpBounds;
import io.aegisops.contracts.logging.EventLog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The remedies beyond a restart, through the Docker engine: STOP ({@code docker stop}), SCALE_UP
 * ({@code docker update} of the memory and CPU limits, within bounds) and ROLLBACK (the container recreated from the
 * image it ran before, same name and configuration), with the {@link ImageHistory} that knows which image that was.
 *
 * <p>A rollback creates the new container before it touches the old one, then stops the old one, moves it aside
 * under another name, gives the new one the name and starts it, and removes the old one only once the new one runs.
 * When a step fails, what was done is undone: the old container gets its name back and runs again, so the service
 * is never left without a container.
 */
final class DockerRemedies {

    private static final EventLog LOG = EventLog.of(DockerRemedies.class);
    private static final long MIB = 1024L * 1024;
    private static final double NANOS_PER_CPU = 1e9;

    private final DockerClient docker;
    private final ImageHistory history;
    private final Clock clock;

    DockerRemedies(DockerClient docker, ImageHistory history, Clock clock) {
        this.docker = docker;
        this.history = history;
        this.clock = clock;
    }

    /** Records the container's current image in the history, and says which image it ran before (if known). */
    Optional<String> observe(InspectContainerResponse container) {
        String name = nameOf(container);
        history.observe(name, container.getConfig().getImage(), container.getImageId(), clock.instant());
        return history.previous(name).map(this::reference);
    }

    void stop(String container, Duration timeout) {
        try {
            docker.stopContainerCmd(container)
                    .withTimeout((int) timeout.toSeconds())
                    .exec();
        } catch (NotModifiedException alreadyStopped) {
            // stopped already: what a STOP wants
        } catch (NotFoundException e) {
            throw new ContainerNotFoundException(container);
        }
    }

    Limits.Change scaleUp(String container, ScaleUpBounds bounds) {
        InspectContainerResponse inspected = inspect(container);
        HostConfig host = inspected.getHostConfig();
        Limits before = limitsOf(host);
        UpdateContainerCmd update = docker.updateContainerCmd(inspected.getId());
        List<String> unchanged = new ArrayList<>();
        boolean raised = false;
        if (bounds.maxMemoryMb() != null) {
            Long memory = before.memoryBytes();
            long max = bounds.maxMemoryBytes();
            if (memory == null) {
                unchanged.add("memory is unlimited (a limit would lower it)");
            } else if (memory >= max) {
                unchanged.add("memory is at its maximum of " + bounds.maxMemoryMb() + " MiB");
            } else {
                long next = Math.min(memory + bounds.memoryStepMb() * MIB, max);
                update.withMemory(next);
                Long swap = host.getMemorySwap();
                if (swap != null && swap > 0) {
                    // keep the swap headroom: Docker refuses a memory limit above the swap limit
                    update.withMemorySwap(swap + (next - memory));
                }
                raised = true;
            }
        }
        if (bounds.maxCpus() != null) {
            Double cpus = before.cpus();
            if (cpus == null) {
                unchanged.add("CPU is unlimited (a limit would lower it)");
            } else if (cpus >= bounds.maxCpus()) {
                unchanged.add("CPU is at its maximum of " + bounds.maxCpus() + " cores");
            } else {
                double next = Math.min(cpus + bounds.cpuStep(), bounds.maxCpus());
                if (host.getNanoCPUs() != null && host.getNanoCPUs() > 0) {
                    update.withNanoCPUs(Math.round(next * NANOS_PER_CPU));
                } else {
                    update.withCpuQuota(Math.round(next * host.getCpuPeriod()));
                }
                raised = true;
            }
        }
        if (!raised) {
            throw new OutOfBoundsException("nothing to raise within the bounds: " + String.join("; ", unchanged));
        }
        update.exec();
        return new Limits.Change(before, limitsOf(inspect(container).getHostConfig()));
    }

    void rollback(String container, String image, Duration stopTimeout) {
        InspectContainerResponse old = inspect(container);
        String name = nameOf(old);
        InspectImageResponse target;
        try {
            target = docker.inspectImageCmd(image).exec();
        } catch (NotFoundException gone) {
            throw new RollbackFailedException(
                    "the image " + image + " is no longer on this host; nothing was changed", gone);
        }
        String suffix = "-aegis-" + clock.instant().getEpochSecond();
        String created;
        try {
            created = recreate(old, image, name + "-rollback" + suffix);
        } catch (RuntimeException e) {
            throw new RollbackFailedException(
                    "could not create '" + name + "' from " + image + " (" + describe(e)
                            + "); nothing was changed, the current container still runs",
                    e);
        }
        boolean wasRunning = Boolean.TRUE.equals(old.getState().getRunning());
        String parked = name + "-replaced" + suffix;
        String step = "stop the current container";
        try {
            if (wasRunning) {
                stop(old.getId(), stopTimeout);
            }
            step = "rename the current container to " + parked;
            docker.renameContainerCmd(old.getId()).withName(parked).exec();
            step = "give the new container the name '" + name + "'";
            docker.renameContainerCmd(created).withName(name).exec();
            step = "start the new container";
            docker.startContainerCmd(created).exec();
        } catch (RuntimeException e) {
            throw new RollbackFailedException(
                    "the rollback of '" + name + "' to " + image + " failed to " + step + " (" + describe(e) + "); "
                            + putBack(old, name, created, wasRunning),
                    e);
        }
        try {
            docker.removeContainerCmd(old.getId()).withForce(true).exec();
        } catch (RuntimeException e) {
            LOG.warn("rollback.replacedNotRemoved", "container", name, "replaced", parked, "error", describe(e));
        }
        history.rolledBack(
                name,
                old.getImageId(),
                new ImageHistory.Seen(image, target.getId(), clock.instant(), false),
                clock.instant());
    }

    /**
     * A new container for {@code image}, stopped, with the old one's configuration: its own settings, not those that
     * came from the image it ran (its environment, labels, command and health check as the old image set them give
     * way to the new image's), the same host configuration (mounts, ports, network, restart policy, limits), its
     * anonymous volumes and its networks.
     */
    private String recreate(InspectContainerResponse old, String image, String temporaryName) {
        ContainerConfig config = old.getConfig();
        ContainerConfig fromImage = imageConfig(old.getImageId());
        HostConfig host = old.getHostConfig();
        host.withMounts(withAnonymousVolumes(old, host));
        CreateContainerCmd create = docker.createContainerCmd(image)
                .withName(temporaryName)
                .withEnv(own(config.getEnv(), fromImage.getEnv()))
                .withLabels(ownLabels(config.getLabels(), fromImage.getLabels()))
                .withHostConfig(host)
                .withTty(config.getTty())
                .withStdinOpen(config.getStdinOpen())
                .withStdInOnce(config.getStdInOnce())
                .withAttachStdin(config.getAttachStdin())
                .withAttachStdout(config.getAttachStdout())
                .withAttachStderr(config.getAttachStderr());
        if (!Arrays.equals(config.getCmd(), fromImage.getCmd()) && config.getCmd() != null) {
            create.withCmd(config.getCmd());
        }
        if (!Arrays.equals(config.getEntrypoint(), fromImage.getEntrypoint()) && config.getEntrypoint() != null) {
            create.withEntrypoint(config.getEntrypoint());
        }
        if (config.getHealthcheck() != null && !Objects.equals(config.getHealthcheck(), fromImage.getHealthcheck())) {
            create.withHealthcheck(config.getHealthcheck());
        }
        if (differs(config.getWorkingDir(), fromImage.getWorkingDir())) {
            create.withWorkingDir(config.getWorkingDir());
        }
        if (differs(config.getUser(), fromImage.getUser())) {
            create.withUser(config.getUser());
        }
        if (differs(config.getDomainName(), null)) {
            create.withDomainName(config.getDomainName());
        }
        boolean ownNetworkStack = host.getNetworkMode() == null
                || !(host.getNetworkMode().equals("host")
                        || host.getNetworkMode().equals("none")
                        || host.getNetworkMode().startsWith("container:"));
        if (ownNetworkStack && differs(config.getHostName(), shortId(old))) {
            create.withHostName(config.getHostName());
        }
        List<ExposedPort> ports = ownPorts(config, fromImage);
        if (!ports.isEmpty()) {
            create.withExposedPorts(ports);
        }
        Map<String, ContainerNetwork> networks = networksOf(old);
        String primary = host.getNetworkMode();
        if (primary != null && networks.containsKey(primary)) {
            List<String> aliases = ownAliases(networks.get(primary), old);
            if (!aliases.isEmpty()) {
                create.withAliases(aliases);
            }
        }
        String id = create.exec().getId();
        try {
            for (Map.Entry<String, ContainerNetwork> network : networks.entrySet()) {
                if (!network.getKey().equals(primary) && ownNetworkStack) {
                    docker.connectToNetworkCmd()
                            .withNetworkId(network.getKey())
                            .withContainerId(id)
                            .withContainerNetwork(
                                    new ContainerNetwork().withAliases(ownAliases(network.getValue(), old)))
                            .exec();
                }
            }
        } catch (RuntimeException e) {
            docker.removeContainerCmd(id).withForce(true).exec();
            throw e;
        }
        return id;
    }

    /** Undoes a rollback that failed half-way: the old container gets its name back and runs again. */
    private String putBack(InspectContainerResponse old, String name, String created, boolean wasRunning) {
        List<String> problems = new ArrayList<>();
        try {
            docker.removeContainerCmd(created).withForce(true).exec();
        } catch (RuntimeException e) {
            problems.add("the new container " + created + " could not be removed (" + describe(e) + ")");
        }
        try {
            docker.renameContainerCmd(old.getId()).withName(name).exec();
        } catch (RuntimeException e) {
            if (!nameOf(inspect(old.getId())).equals(name)) {
                problems.add("the current container could not get its name back (" + describe(e) + ")");
            }
        }
        if (wasRunning) {
            try {
                docker.startContainerCmd(old.getId()).exec();
            } catch (NotModifiedException alreadyRunning) {
                // it never stopped
            } catch (RuntimeException e) {
                problems.add("the current container could not be started again (" + describe(e) + ")");
            }
        }
        return problems.isEmpty()
                ? "undone: the current container runs again as '" + name + "'"
                : "undone only in part: " + String.join("; ", problems);
    }

    private ContainerConfig imageConfig(String imageId) {
        try {
            ContainerConfig config = docker.inspectImageCmd(imageId).exec().getConfig();
            return config == null ? new ContainerConfig() : config;
        } catch (NotFoundException removed) {
            // the current image is gone (a tag moved and the old build was pruned): every setting counts as own
            return new ContainerConfig();
        }
    }

    /**
     * The reference to recreate from: the tag it was created with while the tag still names that image, else the
     * image's id (the tag has moved on to another build).
     */
    private String reference(ImageHistory.Seen seen) {
        try {
            return seen.imageId()
                            .equals(docker.inspectImageCmd(seen.image()).exec().getId())
                    ? seen.image()
                    : seen.imageId();
        } catch (NotFoundException tagGone) {
            return seen.imageId();
        }
    }

    private InspectContainerResponse inspect(String container) {
        try {
            return docker.inspectContainerCmd(container).exec();
        } catch (NotFoundException e) {
            throw new ContainerNotFoundException(container);
        }
    }

    private static Limits limitsOf(HostConfig host) {
        Long memory = host.getMemory() != null && host.getMemory() > 0 ? host.getMemory() : null;
        Double cpus = null;
        if (host.getNanoCPUs() != null && host.getNanoCPUs() > 0) {
            cpus = host.getNanoCPUs() / NANOS_PER_CPU;
        } else if (host.getCpuQuota() != null
                && host.getCpuQuota() > 0
                && host.getCpuPeriod() != null
                && host.getCpuPeriod() > 0) {
            cpus = (double) host.getCpuQuota() / host.getCpuPeriod();
        }
        return new Limits(memory, cpus);
    }

    /** Its anonymous volumes (declared by the image or {@code -v /path}) are mounted again, by name. */
    private static List<Mount> withAnonymousVolumes(InspectContainerResponse old, HostConfig host) {
        List<Mount> mounts = new ArrayList<>(host.getMounts() == null ? List.of() : host.getMounts());
        Set<String> covered = new HashSet<>();
        mounts.forEach(m -> covered.add(m.getTarget()));
        if (host.getBinds() != null) {
            for (Bind bind : host.getBinds()) {
                covered.add(bind.getVolume().getPath());
            }
        }
        if (old.getMounts() != null) {
            for (InspectContainerResponse.Mount mount : old.getMounts()) {
                String target = mount.getDestination() == null
                        ? null
                        : mount.getDestination().getPath();
                if (mount.getName() != null && target != null && !covered.contains(target)) {
                    mounts.add(new Mount()
                            .withType(MountType.VOLUME)
                            .withSource(mount.getName())
                            .withTarget(target));
                }
            }
        }
        return mounts;
    }

    private static Map<String, ContainerNetwork> networksOf(InspectContainerResponse old) {
        return old.getNetworkSettings() == null || old.getNetworkSettings().getNetworks() == null
                ? Map.of()
                : new LinkedHashMap<>(old.getNetworkSettings().getNetworks());
    }

    /** The aliases it was given, without the short id Docker adds on its own. */
    private static List<String> ownAliases(ContainerNetwork network, InspectContainerResponse old) {
        return network.getAliases() == null
                ? List.of()
                : network.getAliases().stream()
                        .filter(alias -> !alias.equals(shortId(old)))
                        .toList();
    }

    private static List<ExposedPort> ownPorts(ContainerConfig config, ContainerConfig fromImage) {
        if (config.getExposedPorts() == null) {
            return List.of();
        }
        Set<ExposedPort> inherited = fromImage.getExposedPorts() == null
                ? Set.of()
                : new HashSet<>(Arrays.asList(fromImage.getExposedPorts()));
        return Arrays.stream(config.getExposedPorts())
                .filter(port -> !inherited.contains(port))
                .toList();
    }

    /** The container's entries that its image did not set ({@code KEY=value} as the image has it). */
    private static List<String> own(String[] entries, String[] fromImage) {
        if (entries == null) {
            return List.of();
        }
        Set<String> inherited = fromImage == null ? Set.of() : new HashSet<>(Arrays.asList(fromImage));
        return Arrays.stream(entries).filter(e -> !inherited.contains(e)).toList();
    }

    private static Map<String, String> ownLabels(Map<String, String> labels, Map<String, String> fromImage) {
        Map<String, String> own = new LinkedHashMap<>(labels == null ? Map.of() : labels);
        if (fromImage != null) {
            fromImage.forEach((key, value) -> own.remove(key, value));
        }
        return own;
    }

    private static boolean differs(String value, String fromImage) {
        return value != null && !value.isEmpty() && !value.equals(fromImage);
    }

    private static String shortId(InspectContainerResponse container) {
        return container.getId().substring(0, 12);
    }

    private static String nameOf(InspectContainerResponse container) {
        String name = container.getName();
        return name.startsWith("/") ? name.substring(1) : name;
    }

    private static String describe(RuntimeException e) {
        return e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage().strip());
    }
}
