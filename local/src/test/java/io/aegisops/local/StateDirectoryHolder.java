package io.aegisops.local;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Another process for {@link AegisLocalTest}: claims the state directory given as its argument as a starting stack
 * does, prints {@code claimed}, and holds it until its standard input ends; prints {@code refused} when another stack
 * holds it.
 */
public final class StateDirectoryHolder {

    static final String CLAIMED = "claimed";
    static final String REFUSED = "refused";

    private StateDirectoryHolder() {}

    public static void main(String[] args) throws IOException {
        RunningStack.Claim claim;
        try {
            claim = RunningStack.claim(Path.of(args[0]), "up");
        } catch (RunningStack.AlreadyRunningException refused) {
            System.out.println(REFUSED);
            return;
        }
        System.out.println(CLAIMED);
        System.out.flush();
        System.in.readAllBytes();
        claim.close();
    }
}
