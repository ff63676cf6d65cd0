package io.aegisops.local.demo;

import io.aegisops.local.stack.StackOptions;
import java.io.PrintStream;

/** {@code aegis demo}. */
public final class DemoCommand {

    private final PrintStream out;

    public DemoCommand(PrintStream out) {
        this.out = out;
    }

    public int run(StackOptions options) {
        out.println("todo");
        return 0;
    }
}
