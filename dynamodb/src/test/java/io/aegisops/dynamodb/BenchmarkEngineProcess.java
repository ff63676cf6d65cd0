package io.aegisops.dynamodb;

/**
 * An in-memory engine served in a JVM of its own, for {@link DynamoDbBenchmark}: its process CPU is then the
 * server's alone. Prints {@code port N}, serves until its standard input closes (the benchmark ending).
 */
public final class BenchmarkEngineProcess {

    private BenchmarkEngineProcess() {}

    public static void main(String[] args) throws Exception {
        try (DynamoDbServer server = DynamoDbServer.startInMemory()) {
            System.out.println("port " + server.port());
            System.out.flush();
            System.in.readAllBytes();
        }
    }
}
