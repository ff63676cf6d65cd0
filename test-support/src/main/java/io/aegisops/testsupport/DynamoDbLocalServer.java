package io.aegisops.testsupport;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * DynamoDB Local, the real engine, serving HTTP on a loopback port: the same wire protocol the AWS SDK
 * speaks to DynamoDB, so tests exercise request marshalling, condition expressions and errors for real.
 */
public final class DynamoDbLocalServer implements AutoCloseable {

    private static final Pattern NATIVE_LIB =
            Pattern.compile("(lib)?(sqlite4java-[a-z0-9-]+?)(-\\d+(\\.\\d+)*)?\\.(so|dylib|dll)");

    private final DynamoDBProxyServer server;
    private final int port;

    private DynamoDbLocalServer(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts an in-memory engine on a free loopback port. */
    public static DynamoDbLocalServer startInMemory() {
        return start(freePort(), null);
    }

    /** Starts an engine on {@code port}, in memory when {@code dataDir} is null, else persisted there. */
    public static DynamoDbLocalServer start(int port, Path dataDir) {
        prepareNativeLibraries();
        List<String> args = new ArrayList<>(List.of("-port", Integer.toString(port), "-disableTelemetry"));
        // One database whatever the caller's credentials and region: the AWS CLI with test/test and the
        // handlers with their own keys must see the same tables, as on LocalStack.
        args.add("-sharedDb");
        if (dataDir == null) {
            args.add("-inMemory");
        } else {
            args.addAll(List.of("-dbPath", dataDir.toString()));
        }
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            server.start();
            return new DynamoDbLocalServer(server, port);
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
        }
    }

    /**
     * sqlite4java loads its native library from {@code sqlite4java.library.path} under its plain name
     * (libsqlite4java-linux-amd64.so). Maven resolves those files with a version in the name, onto the class
     * path or into the local repository, so copy them once into a temporary folder under the expected names.
     */
    private static synchronized void prepareNativeLibraries() {
        if (System.getProperty("sqlite4java.library.path") != null) {
            return;
        }
        try {
            Path dir = Files.createTempDirectory("aegis-sqlite4java");
            dir.toFile().deleteOnExit();
            int copied = 0;
            for (Path candidate : nativeLibraryCandidates()) {
                Matcher m = NATIVE_LIB.matcher(candidate.getFileName().toString());
                if (m.matches()) {
                    String plain = (m.group(1) == null ? "" : m.group(1)) + m.group(2) + "." + m.group(5);
                    Path target = dir.resolve(plain);
                    Files.copy(candidate, target, StandardCopyOption.REPLACE_EXISTING);
                    target.toFile().deleteOnExit();
                    copied++;
                }
            }
            if (copied == 0) {
                throw new IllegalStateException("no sqlite4java native library found on the class path or in ~/.m2");
            }
            System.setProperty("sqlite4java.library.path", dir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare sqlite4java native libraries", e);
        }
    }

    private static List<Path> nativeLibraryCandidates() throws IOException {
        List<Path> found = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isRegularFile(p) && NATIVE_LIB.matcher(p.getFileName().toString()).matches()) {
                found.add(p);
            }
        }
        if (found.isEmpty()) {
            // A shaded or exec:java launch does not list the natives; fall back to the local repository.
            Path repo = Path.of(System.getProperty("user.home"), ".m2", "repository", "com", "almworks", "sqlite4java");
            if (Files.isDirectory(repo)) {
                try (Stream<Path> files = Files.walk(repo)) {
                    files.filter(Files::isRegularFile)
                            .filter(p -> NATIVE_LIB.matcher(p.getFileName().toString()).matches())
                            .forEach(found::add);
                }
            }
        }
        return found;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
