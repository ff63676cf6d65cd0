package io.aegisops.functions.coldstart;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.crac.Core;

/**
 * Runs in a fresh JVM: constructs one handler by class name, as the Lambda runtime does, and invokes it
 * twice with the payload in the given file. With a third argument {@code primed}, runs SnapStart's hooks between
 * the two ({@code org.crac.Core.checkpointRestore()}, on the simulated CRaC the benchmark names): what a restored
 * snapshot has done before its first call. Prints one line:
 * {@code COLDSTART jvm=.. init=.. prime=.. first=.. second=..} (milliseconds; jvm is the JVM's own start-up until
 * main; prime is 0 unprimed). A failed construction or invocation ends the JVM
 * with its exception and prints no figures: a run that did not do the work measures nothing. (Every handler
 * answers a repeated payload normally; none refuses its own retry.)
 */
public final class ColdStartProbe {

    static final String PRIMED = "primed";

    public static void main(String[] args) throws Exception {
        long jvmMs = ManagementFactory.getRuntimeMXBean().getUptime();
        byte[] payload = Files.readAllBytes(Path.of(args[1]));

        long t0 = System.nanoTime();
        RequestStreamHandler handler = Class.forName(args[0])
                .asSubclass(RequestStreamHandler.class)
                .getDeclaredConstructor()
                .newInstance();
        long t1 = System.nanoTime();
        if (args.length > 2 && args[2].equals(PRIMED)) {
            Core.checkpointRestore();
        }
        long primed = System.nanoTime();
        invoke(handler, payload);
        long t2 = System.nanoTime();
        invoke(handler, payload);
        long t3 = System.nanoTime();

        System.out.printf(
                "COLDSTART jvm=%d init=%d prime=%d first=%d second=%d%n",
                jvmMs, ms(t1 - t0), ms(primed - t1), ms(t2 - primed), ms(t3 - t2));
    }

    private static void invoke(RequestStreamHandler handler, byte[] payload) throws Exception {
        handler.handleRequest(new ByteArrayInputStream(payload), new ByteArrayOutputStream(), null);
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
