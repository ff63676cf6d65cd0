package io.aegisops.buggyapp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The app as users run it: {@code java -jar buggy-app.jar} in a child JVM with a small heap, in an
 * environment holding only what the test gives it. The port (0: any free one) is read from its log.
 */
final class AppProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("\"event\":\"buggy-app listening\".*\"port\":(\\d+)");

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();

    private AppProcess(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon().name("app-output").start(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    Matcher listening = LISTENING.matcher(line);
                    if (listening.find()) {
                        port.complete(Integer.parseInt(listening.group(1)));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            port.completeExceptionally(new IllegalStateException("the app ended before listening: " + output()));
        });
    }

    static AppProcess start(String maxHeap, Map<String, String> env) throws Exception {
        Path jar = Path.of(System.getProperty("buggyApp.jar", "target/buggy-app.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: build with ./mvnw -pl buggy-app -am verify (the jar is made before the tests)");
        }
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx" + maxHeap,
                        "-jar",
                        jar.toString())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        AppProcess app = new AppProcess(builder.start());
        app.port.get(30, TimeUnit.SECONDS);
        return app;
    }

    String base() {
        return "http://127.0.0.1:" + port.join();
    }

    /** Waits for the process to end by itself and returns its exit status. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the app did not exit within " + timeout + "; output: " + output());
        }
        return process.exitValue();
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
