package io.aegisops.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.Locale;

/**
 * What the CLI prints goes through here, line by line: text an alert sender controls (a service name, a summary, a
 * log line) cannot move the cursor, clear the screen, rewrite a line or reorder it, because every control character
 * but newline and tab, and every bidirectional override, is printed as a visible {@code \\uXXXX} instead.
 */
final class TerminalSafeOutput extends OutputStream {

    private final OutputStream target;
    private final Charset charset;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    TerminalSafeOutput(OutputStream target, Charset charset) {
        this.target = target;
        this.charset = charset;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
            emit();
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        int start = offset;
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == '\n') {
                line.write(bytes, start, i + 1 - start);
                emit();
                start = i + 1;
            }
        }
        line.write(bytes, start, offset + length - start);
    }

    @Override
    public synchronized void flush() throws IOException {
        emit();
        target.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
    }

    private void emit() throws IOException {
        if (line.size() > 0) {
            target.write(inert(line.toString(charset)).getBytes(charset));
            line.reset();
        }
    }

    /** The text with control characters (but newline and tab) and bidirectional overrides made visible. */
    static String inert(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isUnsafe(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static boolean isUnsafe(char c) {
        return (c < 0x20 && c != '\n' && c != '\t')
                || (c >= 0x7f && c <= 0x9f) // DEL and the C1 controls (0x9b is a one-byte CSI)
                || (c >= 0x202a && c <= 0x202e) // bidirectional embeddings and overrides
                || (c >= 0x2066 && c <= 0x2069); // bidirectional isolates
    }
}
