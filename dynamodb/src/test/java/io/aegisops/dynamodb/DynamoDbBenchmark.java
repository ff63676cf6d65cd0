package io.aegisops.dynamodb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Calls per second of the four DynamoDB calls the pipeline leans on, through the unchanged AWS SDK over HTTP,
 * from several threads: PutItem of a ~1 KB item with distinct keys, GetItem of random items among those put,
 * Query of a partition holding exactly 20 items, TransactWriteItems of 2 Puts to distinct items. Prints one row
 * per endpoint and call, with calls/s as a ratio of the first endpoint's (the baseline). A plain {@code main},
 * not a test: speed is printed, never asserted.
 *
 * <pre>
 * DynamoDbBenchmark                          moto (the baseline), then the engine in this JVM
 * DynamoDbBenchmark --endpoint dynamodb-local=http://127.0.0.1:8000 --moto --engine
 * DynamoDbBenchmark --canned --engine       fixed answers first: what the client and HTTP leave an engine here
 * DynamoDbBenchmark --endpoint dynamodb-local=http://127.0.0.1:8000,pid=4242 --engine-process
 *                                           with the servers' processes known: their CPU per call too
 *                                           (--canned-process: the HTTP layer's own CPU per call)
 * options: --threads 8  --warmup 2  --duration 5   (seconds; per endpoint, a warm-up round of the four calls,
 *                                                   then per call a warm-up and the measurement)
 *          --client-warmup 5                  (seconds per call, once, against fixed answers: the client's own JIT)
 *          --client urlconnection|apache      (the SDK's HTTP client; urlconnection by default, as in the functions)
 * </pre>
 *
 * Endpoints run one after the other, each alone on the machine: moto and the engine are started for their own
 * turn and stopped after it. Where client and server share 2 cores, calls/s says as much about the client as about
 * the server; the server's CPU per call (moto, {@code --engine-process}, an endpoint given with its pid) does not.
 */
public final class DynamoDbBenchmark {

    private static final int QUERY_PARTITION_SIZE = 20;
    private static final int PAYLOAD_CHARS = 1000;
    // The machine's own wall clock, to match a row with `uptime` or a monitor's log.
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    enum Call {
        PUT_ITEM("PutItem"),
        GET_ITEM("GetItem"),
        QUERY_20("Query(20 items)"),
        TRANSACT_2_PUTS("TransactWrite(2 Puts)");

        final String label;

        Call(String label) {
            this.label = label;
        }
    }

    enum Kind {
        ENGINE,
        ENGINE_PROCESS,
        MOTO,
        CANNED,
        CANNED_PROCESS,
        EXTERNAL
    }

    /**
     * An endpoint to measure; {@code uri} (and {@code pid}, the server's process when known) only for
     * {@link Kind#EXTERNAL}, the others are started here.
     */
    record Target(Kind kind, String name, URI uri, Optional<Long> pid) {

        Target(Kind kind, String name) {
            this(kind, name, null, Optional.empty());
        }
    }

    /** Where the calls go, and the server's process when its CPU can be told from the client's. */
    record Endpoint(URI uri, Optional<ProcessHandle> server) {}

    /** The SDK's HTTP client: URLConnection is what the Lambda functions use; Apache sends a request in one write. */
    enum Client {
        URLCONNECTION,
        APACHE
    }

    record Options(
            List<Target> targets,
            int threads,
            Duration warmup,
            Duration duration,
            Duration clientWarmup,
            Client client) {}

    /** One row; {@code failure} is set (and the figures are zero) when the call could not be measured. */
    record Result(
            String endpoint,
            Call call,
            double callsPerSecond,
            double p50Ms,
            double p99Ms,
            long errors,
            double serverCpuUsPerCall,
            String failure) {

        static Result failed(String endpoint, Call call, String failure) {
            return new Result(endpoint, call, 0, 0, 0, 0, Double.NaN, failure);
        }
    }

    /** One call against the endpoint; throws when the answer is not the expected one. */
    @FunctionalInterface
    interface Operation {
        void run(ThreadLocalRandom random);
    }

    public static void main(String[] args) throws Exception {
        // Before any HttpServer starts (the canned one may be first): TCP_NODELAY, as DynamoDbServer and ./aegis set
        // it.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Options options = parse(args);
        // HttpURLConnection keeps only 5 idle connections per host by default: with more threads, the others
        // would open a new TCP connection per call and measure that instead of the endpoint.
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", Integer.toString(Math.max(5, options.threads())));
        }
        System.out.printf(
                Locale.ROOT,
                "DynamoDB benchmark: %d threads, %s warm-up + %s measured per call, "
                        + "%s client; %d processors, Java %s (%s)%n",
                options.threads(),
                seconds(options.warmup()),
                seconds(options.duration()),
                options.client().name().toLowerCase(Locale.ROOT),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"));
        warmUpClient(options);
        List<Result> results = new ArrayList<>();
        for (Target target : options.targets()) {
            results.addAll(run(target, options));
        }
        System.out.println();
        System.out.print(table(results));
    }

    static Options parse(String[] args) {
        List<Target> targets = new ArrayList<>();
        int threads = 8;
        Duration warmup = Duration.ofSeconds(2);
        Duration duration = Duration.ofSeconds(5);
        Duration clientWarmup = Duration.ofSeconds(5);
        Client client = Client.URLCONNECTION;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--engine" -> targets.add(new Target(Kind.ENGINE, "engine"));
                case "--engine-process" -> targets.add(new Target(Kind.ENGINE_PROCESS, "engine-process"));
                case "--moto" -> targets.add(new Target(Kind.MOTO, "moto"));
                case "--canned" -> targets.add(new Target(Kind.CANNED, "canned"));
                case "--canned-process" -> targets.add(new Target(Kind.CANNED_PROCESS, "canned-process"));
                case "--endpoint" -> targets.add(external(value(args, ++i, arg)));
                case "--threads" -> threads = Integer.parseInt(value(args, ++i, arg));
                case "--warmup" -> warmup = secondsOf(value(args, ++i, arg));
                case "--client-warmup" -> clientWarmup = secondsOf(value(args, ++i, arg));
                case "--duration" -> duration = secondsOf(value(args, ++i, arg));
                case "--client" -> client = Client.valueOf(value(args, ++i, arg).toUpperCase(Locale.ROOT));
                default -> throw usage("unknown argument " + arg);
            }
        }
        if (targets.isEmpty()) {
            targets = List.of(new Target(Kind.MOTO, "moto"), new Target(Kind.ENGINE, "engine"));
        }
        if (targets.stream().map(Target::name).distinct().count() < targets.size()) {
            throw usage("endpoint names must differ: the ratios are matched by name");
        }
        return new Options(targets, threads, warmup, duration, clientWarmup, client);
    }

    /** {@code name=http://host:port[,pid=N]}: with the server's pid, its CPU per call is measured too. */
    private static Target external(String spec) {
        int eq = spec.indexOf('=');
        int comma = spec.indexOf(",pid=");
        Optional<Long> pid = comma < 0 ? Optional.empty() : Optional.of(Long.parseLong(spec.substring(comma + 5)));
        URI uri = eq <= 0 ? null : URI.create(spec.substring(eq + 1, comma < 0 ? spec.length() : comma));
        if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
            throw usage("--endpoint takes name=http://host:port[,pid=N], not " + spec);
        }
        return new Target(Kind.EXTERNAL, spec.substring(0, eq), uri, pid);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw usage(option + " needs a value");
        }
        return args[i];
    }

    private static Duration secondsOf(String text) {
        return Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
    }

    private static IllegalArgumentException usage(String problem) {
        return new IllegalArgumentException(
                problem + "\nusage: DynamoDbBenchmark [--endpoint name=URI[,pid=N]]... [--engine] [--engine-process] "
                        + "[--moto] [--canned] [--canned-process] [--threads N] [--warmup SECONDS] [--duration SECONDS] [--client-warmup SECONDS] [--client urlconnection|apache]  (no endpoint: --moto --engine)");
    }

    private static List<Result> run(Target target, Options options) throws IOException {
        switch (target.kind()) {
            case ENGINE -> {
                try (DynamoDbEngine engine = DynamoDbEngine.inMemory();
                        DynamoDbServer server = DynamoDbServer.start(engine, 0)) {
                    return measureEndpoint(target.name(), new Endpoint(server.endpoint(), Optional.empty()), options);
                }
            }
            case ENGINE_PROCESS, CANNED_PROCESS -> {
                Process process = startServerProcess(target.kind() == Kind.ENGINE_PROCESS ? "engine" : "canned");
                try {
                    return measureEndpoint(target.name(), serverProcessEndpoint(process), options);
                } finally {
                    process.getOutputStream().close();
                    process.onExit().join();
                }
            }
            case MOTO -> {
                Optional<MotoServer> moto = MotoServer.start();
                if (moto.isEmpty()) {
                    System.out.println("moto: skipped, " + MotoServer.unavailableReason());
                    return List.of();
                }
                try (MotoServer server = moto.get()) {
                    // moto is this JVM's only python child while it runs.
                    Optional<ProcessHandle> python = ProcessHandle.current()
                            .children()
                            .filter(p -> p.info().command().orElse("").contains("python"))
                            .findFirst();
                    return measureEndpoint(target.name(), new Endpoint(server.endpoint(), python), options);
                }
            }
            case CANNED -> {
                try (CannedDynamoDbServer server = CannedDynamoDbServer.start()) {
                    return measureEndpoint(target.name(), new Endpoint(server.endpoint(), Optional.empty()), options);
                }
            }
            default -> {
                Optional<ProcessHandle> server = target.pid().flatMap(ProcessHandle::of);
                return measureEndpoint(target.name(), new Endpoint(target.uri(), server), options);
            }
        }
    }

    /** This JVM's java, class path and options (-D flags included) running {@link BenchmarkServerProcess}. */
    private static Process startServerProcess(String server) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(
                List.of("-cp", System.getProperty("java.class.path"), BenchmarkServerProcess.class.getName(), server));
        return new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static Endpoint serverProcessEndpoint(Process process) throws IOException {
        String line =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (line == null || !line.startsWith("port ")) {
            throw new IOException("the server process did not start: " + line);
        }
        return new Endpoint(URI.create("http://127.0.0.1:" + line.substring(5)), Optional.of(process.toHandle()));
    }

    /**
     * The four calls against fixed answers before any endpoint: on 2 cores the JIT needs far longer than a call's
     * warm-up to compile the SDK's code, and that would count against whichever endpoint comes first (its calls/s
     * came out up to 2x lower than the same endpoint measured again later in the run).
     */
    private static void warmUpClient(Options options) throws IOException {
        try (CannedDynamoDbServer canned = CannedDynamoDbServer.start();
                DynamoDbClient client = client(canned.endpoint(), options)) {
            Workload workload = Workload.prepare(client);
            for (Call call : Call.values()) {
                drive(
                        workload.operation(call),
                        options.threads(),
                        options.clientWarmup(),
                        Duration.ZERO,
                        Optional.empty());
            }
        }
    }

    private static List<Result> measureEndpoint(String name, Endpoint endpoint, Options options) {
        System.out.printf(Locale.ROOT, "%s at %s, load average before: %s%n", name, endpoint.uri(), loadAverage());
        List<Result> results = new ArrayList<>();
        try (DynamoDbClient client = client(endpoint.uri(), options)) {
            Workload workload;
            try {
                workload = Workload.prepare(client);
            } catch (RuntimeException e) {
                String failure = "table setup failed: " + brief(e);
                System.out.println("  " + failure);
                return Arrays.stream(Call.values())
                        .map(call -> Result.failed(name, call, failure))
                        .toList();
            }
            // One unmeasured round of the four calls first: the client's code (SDK marshalling, HTTP) is compiled
            // before any figure is taken, so the first endpoint is not measured against a cold client.
            for (Call call : Call.values()) {
                drive(workload.operation(call), options.threads(), options.warmup(), Duration.ZERO, Optional.empty());
            }
            for (Call call : Call.values()) {
                String started = CLOCK.format(Instant.now());
                Result result = measure(name, call, workload.operation(call), options, endpoint.server());
                // The wall-clock window lets a reader match a row with what else the machine ran then.
                System.out.println(
                        "  " + row(result, null) + "  [" + started + " to " + CLOCK.format(Instant.now()) + "]");
                results.add(result);
            }
            workload.dropTable();
        }
        System.out.printf(Locale.ROOT, "%s done, load average after: %s%n", name, loadAverage());
        return results;
    }

    static DynamoDbClient client(URI endpoint, Options options) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(
                        switch (options.client()) {
                            case URLCONNECTION -> UrlConnectionHttpClient.create();
                            case APACHE ->
                                ApacheHttpClient.builder()
                                        .maxConnections(options.threads())
                                        .build();
                        })
                // A retried call would hide an error and count twice the latency as one call.
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** The table and the keys the four calls use on one endpoint. */
    static final class Workload {

        private final DynamoDbClient client;
        private final String table;
        private final AttributeValue payload;
        private final AtomicLong puts = new AtomicLong();
        private final AtomicLong transactions = new AtomicLong();

        private Workload(DynamoDbClient client, String table, AttributeValue payload) {
            this.client = client;
            this.table = table;
            this.payload = payload;
        }

        /** Creates a fresh table (a name per run, so a long-lived endpoint can be measured again) and the query partition. */
        static Workload prepare(DynamoDbClient client) {
            String table = "bench_" + System.currentTimeMillis();
            client.createTable(b -> b.tableName(table)
                    .attributeDefinitions(
                            AttributeDefinition.builder()
                                    .attributeName("pk")
                                    .attributeType(ScalarAttributeType.S)
                                    .build(),
                            AttributeDefinition.builder()
                                    .attributeName("sk")
                                    .attributeType(ScalarAttributeType.S)
                                    .build())
                    .keySchema(
                            KeySchemaElement.builder()
                                    .attributeName("pk")
                                    .keyType(KeyType.HASH)
                                    .build(),
                            KeySchemaElement.builder()
                                    .attributeName("sk")
                                    .keyType(KeyType.RANGE)
                                    .build())
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            awaitActive(client, table);
            Random random = new Random(12);
            StringBuilder text = new StringBuilder(PAYLOAD_CHARS);
            for (int i = 0; i < PAYLOAD_CHARS; i++) {
                text.append((char) ('a' + random.nextInt(26)));
            }
            Workload workload = new Workload(client, table, AttributeValue.fromS(text.toString()));
            for (int i = 0; i < QUERY_PARTITION_SIZE; i++) {
                String sk = String.format(Locale.ROOT, "%02d", i);
                client.putItem(b -> b.tableName(table).item(workload.item("query", sk)));
            }
            return workload;
        }

        private static void awaitActive(DynamoDbClient client, String table) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (client.describeTable(b -> b.tableName(table)).table().tableStatus() != TableStatus.ACTIVE) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("table " + table + " not ACTIVE after 30 s");
                }
                sleep(Duration.ofMillis(50));
            }
        }

        /** About 1 KB as DynamoDB counts it: attribute names and values. */
        Map<String, AttributeValue> item(String pk, String sk) {
            return Map.of(
                    "pk",
                    AttributeValue.fromS(pk),
                    "sk",
                    AttributeValue.fromS(sk),
                    "payload",
                    payload,
                    "version",
                    AttributeValue.fromN("1"));
        }

        Operation operation(Call call) {
            return switch (call) {
                case PUT_ITEM ->
                    random -> client.putItem(b -> b.tableName(table).item(item("item-" + puts.getAndIncrement(), "0")));
                case GET_ITEM ->
                    random -> {
                        // Among the ids handed out by the PutItem run; a put that failed shows here as a miss.
                        String pk = "item-" + random.nextLong(Math.max(1, puts.get()));
                        if (!client.getItem(b -> b.tableName(table).key(key(pk, "0")))
                                .hasItem()) {
                            throw new IllegalStateException("GetItem found no " + pk);
                        }
                    };
                case QUERY_20 ->
                    random -> {
                        int count = client.query(b -> b.tableName(table)
                                        .keyConditionExpression("pk = :p")
                                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("query"))))
                                .count();
                        if (count != QUERY_PARTITION_SIZE) {
                            throw new IllegalStateException(
                                    "Query answered " + count + " items, not " + QUERY_PARTITION_SIZE);
                        }
                    };
                case TRANSACT_2_PUTS ->
                    random -> {
                        long n = transactions.getAndIncrement();
                        client.transactWriteItems(b -> b.transactItems(
                                TransactWriteItem.builder()
                                        .put(Put.builder()
                                                .tableName(table)
                                                .item(item("tx-" + n + "-a", "0"))
                                                .build())
                                        .build(),
                                TransactWriteItem.builder()
                                        .put(Put.builder()
                                                .tableName(table)
                                                .item(item("tx-" + n + "-b", "0"))
                                                .build())
                                        .build()));
                    };
            };
        }

        private static Map<String, AttributeValue> key(String pk, String sk) {
            return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
        }

        /** Frees what the run stored, so a long-lived external endpoint does not keep hundreds of MB. */
        void dropTable() {
            try {
                client.deleteTable(b -> b.tableName(table));
            } catch (RuntimeException e) {
                System.out.println("  could not delete " + table + ": " + brief(e));
            }
        }
    }

    /**
     * Runs {@code operation} from every thread for warm-up then duration; calls started inside the measured
     * window count, their latency from start to answer. A first failing call skips the measurement: an endpoint
     * that cannot answer would otherwise be measured on how fast it refuses.
     */
    static Result measure(
            String endpoint, Call call, Operation operation, Options options, Optional<ProcessHandle> server) {
        try {
            operation.run(ThreadLocalRandom.current());
        } catch (RuntimeException e) {
            return Result.failed(endpoint, call, brief(e));
        }
        Driven driven = drive(operation, options.threads(), options.warmup(), options.duration(), server);
        List<Recorder> recorders = driven.recorders();
        long[] latencies = Recorder.merged(recorders);
        long errors = recorders.stream().mapToLong(r -> r.errors).sum();
        String firstError = recorders.stream()
                .map(r -> r.firstError)
                .filter(e -> e != null)
                .findFirst()
                .orElse(null);
        double seconds = options.duration().toNanos() / 1e9;
        return new Result(
                endpoint,
                call,
                latencies.length / seconds,
                percentileMs(latencies, 0.50),
                percentileMs(latencies, 0.99),
                errors,
                driven.serverCpu()
                        .map(cpu -> cpu.toNanos() / 1e3 / latencies.length)
                        .orElse(Double.NaN),
                firstError);
    }

    /** What the threads recorded, and the server's CPU time over the measured window when its process is known. */
    record Driven(List<Recorder> recorders, Optional<Duration> serverCpu) {}

    /**
     * Every thread calls {@code operation} for warm-up then duration; only calls started after the warm-up count.
     * The server's process CPU is read at both ends of the measured window.
     */
    static Driven drive(
            Operation operation, int threads, Duration warmup, Duration duration, Optional<ProcessHandle> server) {
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        List<Future<Recorder>> loops = new ArrayList<>();
        List<Recorder> recorders = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < threads; i++) {
                loops.add(pool.submit(() -> new Recorder().loop(operation, measureFrom, end)));
            }
            sleep(Duration.ofNanos(measureFrom - System.nanoTime()));
            Optional<Duration> cpuBefore = server.flatMap(p -> p.info().totalCpuDuration());
            sleep(Duration.ofNanos(end - System.nanoTime()));
            Optional<Duration> cpuAfter = server.flatMap(p -> p.info().totalCpuDuration());
            for (Future<Recorder> done : loops) {
                recorders.add(done.get());
            }
            return new Driven(recorders, cpuBefore.flatMap(before -> cpuAfter.map(after -> after.minus(before))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a benchmark thread failed", e.getCause());
        }
    }

    /** One thread's latencies (ns) and errors inside the measured window. */
    static final class Recorder {

        private long[] latencies = new long[4096];
        private int count;
        private long errors;
        private String firstError;

        Recorder loop(Operation operation, long measureFrom, long end) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (long start = System.nanoTime(); start < end; start = System.nanoTime()) {
                boolean ok;
                try {
                    operation.run(random);
                    ok = true;
                } catch (RuntimeException e) {
                    ok = false;
                    if (firstError == null) {
                        firstError = brief(e);
                    }
                }
                long elapsed = System.nanoTime() - start;
                if (start < measureFrom) {
                    continue;
                }
                if (!ok) {
                    errors++;
                } else {
                    if (count == latencies.length) {
                        latencies = Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = elapsed;
                }
            }
            return this;
        }

        static long[] merged(List<Recorder> recorders) {
            long[] all = recorders.stream()
                    .flatMapToLong(r -> Arrays.stream(r.latencies, 0, r.count))
                    .toArray();
            Arrays.sort(all);
            return all;
        }
    }

    /** Nearest rank on sorted latencies. */
    static double percentileMs(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    static String table(List<Result> results) {
        if (results.isEmpty()) {
            return "no endpoint measured\n";
        }
        String baseline = results.get(0).endpoint();
        Map<Call, Result> base = new EnumMap<>(Call.class);
        results.stream().filter(r -> r.endpoint().equals(baseline)).forEach(r -> base.put(r.call(), r));
        StringBuilder out = new StringBuilder(String.format(
                Locale.ROOT,
                "%-16s %-22s %10s %9s %9s %7s %8s %12s %10s%n",
                "endpoint",
                "call",
                "calls/s",
                "p50 ms",
                "p99 ms",
                "errors",
                "x calls/s",
                "srv CPU us",
                "x srv CPU"));
        out.append("(x: against " + baseline + "; srv CPU us: the server process's CPU per call, where it has one of"
                + " its own; x srv CPU: the baseline's CPU per call over this one's)\n");
        for (Result result : results) {
            out.append(row(result, base.get(result.call()))).append('\n');
        }
        return out.toString();
    }

    private static String row(Result r, Result baseline) {
        if (r.callsPerSecond() == 0 && r.failure() != null) {
            return String.format(
                    Locale.ROOT, "%-16s %-22s not measured: %s", r.endpoint(), r.call().label, r.failure());
        }
        String speed = baseline == null ? "" : ratio(r.callsPerSecond(), baseline.callsPerSecond());
        String cpu =
                Double.isNaN(r.serverCpuUsPerCall()) ? "-" : String.format(Locale.ROOT, "%.0f", r.serverCpuUsPerCall());
        String efficiency = baseline == null ? "" : ratio(baseline.serverCpuUsPerCall(), r.serverCpuUsPerCall());
        String line = String.format(
                        Locale.ROOT,
                        "%-16s %-22s %10.1f %9.2f %9.2f %7d %8s %12s %10s",
                        r.endpoint(),
                        r.call().label,
                        r.callsPerSecond(),
                        r.p50Ms(),
                        r.p99Ms(),
                        r.errors(),
                        speed,
                        cpu,
                        efficiency)
                .stripTrailing();
        return r.errors() > 0 ? line + "  first error: " + r.failure() : line;
    }

    private static String ratio(double numerator, double denominator) {
        return Double.isNaN(numerator) || Double.isNaN(denominator) || denominator == 0
                ? "-"
                : String.format(Locale.ROOT, "%.2fx", numerator / denominator);
    }

    private static String loadAverage() {
        try {
            // "0.26 2.03 3.02 1/234 5678": the 1, 5 and 15 minute averages first.
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ", 4);
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String brief(Throwable e) {
        String message =
                e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
