package io.aegisops.local;

import java.io.PrintStream;

/** {@code aegis-local}: the command line of the embedded stack. */
public final class AegisLocal {

    static final String USAGE = """
            usage: aegis <command>
              demo    start the embedded stack and play the self-healing story
              help    show this text
            """;

    private AegisLocal() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command and returns the process exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "help" : args[0];
        switch (command) {
            case "help", "--help", "-h" -> {
                out.print(USAGE);
                return 0;
            }
            case "demo" -> {
                out.println("AegisOps is built. The embedded demo arrives with the aegis-local issue (#8);");
                out.println("until then, run the tests: ./mvnw verify");
                return 0;
            }
            default -> {
                err.println("unknown command: " + command);
                err.print(USAGE);
                return 2;
            }
        }
    }
}
