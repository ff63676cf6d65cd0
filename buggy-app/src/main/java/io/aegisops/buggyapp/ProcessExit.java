package io.aegisops.buggyapp;

/** How the app ends its process. Tests running the app in-process pass one that records the status. */
@FunctionalInterface
public interface ProcessExit {

    void exit(int status);

    /** Ends the JVM at once, as a crash does: no shutdown hooks, nothing graceful. */
    ProcessExit HALT = status -> {
        System.out.flush();
        Runtime.getRuntime().halt(status);
    };
}
