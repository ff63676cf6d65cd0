package io.aegisops.local.client;

import io.aegisops.contracts.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * How to reach a running stack: what {@code aegis up} writes to {@code .aegis/local.json} (readable by its
 * owner only, it holds tokens) and the CLI commands read.
 *
 * @param endpoint        the edge port: REST API, DynamoDB and Step Functions ({@code AWS_ENDPOINT_URL})
 * @param webhookToken    an alert sender's bearer token
 * @param hmacSecret      the secret senders sign with ({@code X-Aegis-Signature})
 * @param approver        the approver the token belongs to
 * @param approverToken   reads incidents and decides approvals
 * @param stateMachineArn the pipeline
 * @param serviceUrl      the demo's service (the buggy app)
 * @param pid             the stack's process
 */
public record ConnectionInfo(
        URI endpoint,
        String webhookToken,
        String hmacSecret,
        String approver,
        String approverToken,
        String stateMachineArn,
        URI serviceUrl,
        long pid,
        Instant startedAt) {

    public static final String FILE_NAME = "local.json";

    public void write(Path stateDir) {
        try {
            Files.createDirectories(stateDir);
            PrivateFiles.write(
                    stateDir.resolve(FILE_NAME),
                    Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + stateDir.resolve(FILE_NAME), e);
        }
    }

    /** Removes the file if it still describes this stack (a newer stack may have replaced it). */
    public void remove(Path stateDir) {
        Path file = stateDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file) && read(stateDir).pid() == pid) {
                Files.delete(file);
            }
        } catch (IOException | RuntimeException e) {
            // best effort: a stale file only makes the CLI say the stack is not reachable
        }
    }

    /** @throws IllegalStateException telling the user to start a stack when there is no file */
    public static ConnectionInfo read(Path stateDir) {
        Path file = stateDir.resolve(FILE_NAME);
        try {
            return Json.read(Files.readString(file), ConnectionInfo.class);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException(
                    "no running stack (" + file + " does not exist): start one with ./aegis up");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public String toString() {
        return "ConnectionInfo[" + endpoint + ", approver=" + approver + "]";
    }
}
