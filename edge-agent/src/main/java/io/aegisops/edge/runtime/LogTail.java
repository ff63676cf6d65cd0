package io.aegisops.edge.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The last lines of a log file, read backwards from its end (a supervised process's log can be large). */
final class LogTail {

    /** However many lines are asked for, no more than this is read from the end of the file. */
    static final int MAX_BYTES = 4 * 1024 * 1024;

    private static final int CHUNK = 8192;

    private LogTail() {}

    /** Up to {@code lines} last lines, each ending in a newline; "" for a missing or empty file. */
    static String read(Path file, int lines) {
        if (lines <= 0) {
            return "";
        }
        byte[] tail;
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            tail = lastBytes(channel, lines);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<String> all = new String(tail, StandardCharsets.UTF_8).lines().toList();
        List<String> kept = all.subList(Math.max(0, all.size() - lines), all.size());
        StringBuilder text = new StringBuilder();
        kept.forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    /** Enough bytes from the end to hold {@code lines} whole lines (or the whole file, or {@link #MAX_BYTES}). */
    private static byte[] lastBytes(SeekableByteChannel channel, int lines) throws IOException {
        long size = channel.size();
        long start = size;
        int newlines = 0;
        ByteArrayOutputStream reversed = new ByteArrayOutputStream();
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
        // one newline more than the lines wanted marks where the first of them begins (the last may end the file)
        while (start > 0 && newlines <= lines && size - start < MAX_BYTES) {
            int length = (int) Math.min(CHUNK, start);
            start -= length;
            chunk.clear().limit(length);
            channel.position(start);
            while (chunk.hasRemaining() && channel.read(chunk) >= 0) {
                // read the whole chunk
            }
            for (int i = length - 1; i >= 0; i--) {
                byte b = chunk.get(i);
                reversed.write(b);
                if (b == '\n') {
                    newlines++;
                }
            }
        }
        byte[] bytes = reversed.toByteArray();
        for (int i = 0, j = bytes.length - 1; i < j; i++, j--) {
            byte swap = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = swap;
        }
        if (start > 0) {
            // the first line is probably cut: drop up to its end
            int firstNewline = indexOf(bytes, (byte) '\n');
            return firstNewline < 0 ? bytes : Arrays.copyOfRange(bytes, firstNewline + 1, bytes.length);
        }
        return bytes;
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
