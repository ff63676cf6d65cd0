package io.aegisops.dynamodb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * moto (Apache-2.0, an independent implementation of the AWS APIs in Python) served on a loopback port:
 * the oracle the engine is checked against. {@link #start()} is empty where python3 or moto is missing,
 * with the reason in {@link #unavailableReason()}.
 */
public final class MotoServer implements AutoCloseable {

    private static final String SCRIPT = """
            import sys
            from moto.server import ThreadedMotoServer
            server = ThreadedMotoServer(ip_address='127.0.0.1', port=int(sys.argv[1]), verbose=False)
            server.start()
            print('ready', flush=True)
            sys.stdin.read()
            server.stop()
            """;

    private static volatile String unavailableReason = "not tried";

    private final Process process;
    private final int port;

    private MotoServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts moto, or answers empty (see {@link #unavailableReason()}) where it cannot run here. */
    public static Optional<MotoServer> start() {
        int port = freePort();
        Process process;
        try {
            process = new ProcessBuilder("python3", "-c", SCRIPT, Integer.toString(port))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            unavailableReason = "python3 could not be started: " + e.getMessage();
            return Optional.empty();
        }
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (!"ready".equals(line)) {
                process.destroyForcibly();
                unavailableReason = "moto did not start (is moto with flask installed for python3?)";
                return Optional.empty();
            }
        } catch (IOException e) {
            process.destroyForcibly();
            unavailableReason = "moto did not start: " + e.getMessage();
            return Optional.empty();
        }
        return Optional.of(new MotoServer(process, port));
    }

    public static String unavailableReason() {
        return unavailableReason;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
