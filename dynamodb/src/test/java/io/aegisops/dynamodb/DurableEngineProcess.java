package io.aegisops.dynamodb;

import java.nio.file.Files;
import java.nio.file.Path;

/** A durable engine served in a process of its own, so a test can kill it with SIGKILL. Args: data dir, port file. */
public final class DurableEngineProcess {

    private DurableEngineProcess() {}

    public static void main(String[] args) throws Exception {
        DynamoDbEngine engine = DynamoDbEngine.durable(Path.of(args[0]));
        DynamoDbServer server = DynamoDbServer.start(engine, 0);
        Path portFile = Path.of(args[1]);
        Path partial = portFile.resolveSibling(portFile.getFileName() + ".tmp");
        Files.writeString(partial, Integer.toString(server.port()));
        Files.move(partial, portFile);
        Thread.currentThread().join(); // serves until killed
    }
}
