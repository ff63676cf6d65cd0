package io.aegisops.dynamodb;

import java.net.URI;

/**
 * A server in a JVM of its own, for {@link DynamoDbBenchmark}: its process CPU is then the server's alone. Argument
 * {@code engine} (an in-memory engine) or {@code canned} (fixed answers: the HTTP layer's own cost). Prints
 * {@code port N}, serves until its standard input closes (the benchmark ending).
 */
public final class BenchmarkServerProcess {

    private BenchmarkServerProcess() {}

    public static void main(String[] args) throws Exception {
        // DynamoDbServer sets it for the engine; the canned server must not wait out delayed ACKs either.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        AutoCloseable server;
        URI endpoint;
        if (args.length == 1 && args[0].equals("canned")) {
            CannedDynamoDbServer canned = CannedDynamoDbServer.start();
            server = canned;
            endpoint = canned.endpoint();
        } else if (args.length == 1 && args[0].equals("engine")) {
            DynamoDbServer engine = DynamoDbServer.startInMemory();
            server = engine;
            endpoint = engine.endpoint();
        } else {
            throw new IllegalArgumentException("usage: BenchmarkServerProcess engine|canned");
        }
        try (server) {
            System.out.println("port " + endpoint.getPort());
            System.out.flush();
            System.in.readAllBytes();
        }
    }
}
