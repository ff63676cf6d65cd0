package io.aegisops.testsupport;

import io.aegisops.contracts.tables.DynamoTables;
import io.aegisops.dynamodb.DynamoDbEngine;
import io.aegisops.dynamodb.DynamoDbServer;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one AegisOps DynamoDB engine per test JVM, served over HTTP on a loopback port (stopped when the run
 * ends), and creates the AegisOps tables, from the shared {@link io.aegisops.contracts.tables.Tables} definitions,
 * under a prefix unique to each test class. Inject {@link LocalDynamoDb} into a constructor, a lifecycle method or a test.
 *
 * <pre>{@code
 * @ExtendWith(DynamoDbExtension.class)
 * class IncidentStoreDynamoDbTest {
 *     IncidentStoreDynamoDbTest(LocalDynamoDb dynamo) { ... dynamo.client() ... dynamo.table(Tables.INCIDENTS) }
 * }
 * }</pre>
 */
public final class DynamoDbExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(DynamoDbExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        tables(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalDynamoDb.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return tables(context);
    }

    /**
     * What {@code create} builds over the test class's tables, built once per test class (its nested classes
     * share it) and closed with the class when it is {@link AutoCloseable}: for an extension that wires a
     * module's components to the DynamoDB engine and hands them to the tests.
     */
    public static <T> T perTestClass(ExtensionContext context, Class<T> type, Function<LocalDynamoDb, T> create) {
        return outermostClass(context)
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(type, key -> create.apply(tables(context)), type);
    }

    private static LocalDynamoDb tables(ExtensionContext context) {
        ExtensionContext classContext = outermostClass(context);
        return classContext
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        "tables",
                        key -> {
                            Engine engine = engine(context);
                            String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + "-";
                            DynamoTables.createAll(engine.local().client(), prefix);
                            return new LocalDynamoDb(
                                    engine.local().endpoint(), engine.local().client(), prefix);
                        },
                        LocalDynamoDb.class);
    }

    /** Nested classes share the tables of the class they are nested in. */
    private static ExtensionContext outermostClass(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getParent().isPresent()
                && current.getParent().get().getTestClass().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    private static Engine engine(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        "engine",
                        key -> {
                            // No TTL sweeper: tests pin their clocks to fixed instants, often in the past, and
                            // the items they write with a ttl must stay readable (the engine's tests cover expiry).
                            DynamoDbServer server = DynamoDbServer.startOwning(
                                    DynamoDbEngine.builder().ttlSweep(null).build());
                            return new Engine(
                                    server,
                                    new LocalDynamoDb(server.endpoint(), LocalAws.dynamo(server.endpoint()), ""));
                        },
                        Engine.class);
    }

    /** Closed by JUnit when the root context closes, at the end of the run. */
    private record Engine(DynamoDbServer server, LocalDynamoDb local) implements AutoCloseable {
        @Override
        public void close() {
            local.client().close();
            server.close();
        }
    }
}
