package io.aegisops.local;

import io.aegisops.local.stack.StackOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** What every command takes (a picocli mixin): {@code -h}/{@code --help} and {@code --state-dir}. */
public final class CommonOptions {

    static final String STATE_DIR = "--state-dir";

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this command's help and exit")
    boolean help;

    @Option(names = STATE_DIR, paramLabel = "DIR", description = "where the logs and local.json live (default: .aegis in the checkout)")
    Path stateDir;

    /** {@code --state-dir}, else {@code .aegis} in the checkout. */
    public Path stateDir() {
        return stateDir != null ? stateDir : StackOptions.findHome().resolve(".aegis");
    }
}
