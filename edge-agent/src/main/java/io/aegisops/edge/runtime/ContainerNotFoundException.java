package io.aegisops.edge.runtime;

/** The runtime has no container of that name (it was removed, or never created on this host). */
public final class ContainerNotFoundException extends RuntimeException {

    public ContainerNotFoundException(String container) {
        super("no container named '" + container + "' on this host");
    }
}
