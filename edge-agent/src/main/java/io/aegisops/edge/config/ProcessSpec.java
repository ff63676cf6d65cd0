package io.aegisops.edge.config;

import java.util.List;
import java.util.Map;

/**
 * How the process runtime starts a "container": a command line run directly (never through a shell),
 * in a working directory, with extra environment variables.
 */
public record ProcessSpec(List<String> command, String workingDirectory, Map<String, String> environment) {

    public ProcessSpec {
        command = command == null ? List.of() : List.copyOf(command);
        environment = environment == null ? Map.of() : Map.copyOf(environment);
    }
}
