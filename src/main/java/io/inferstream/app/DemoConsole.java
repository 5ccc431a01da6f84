package io.inferstream.app;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Objects;

/**
 * The demo's terminal output shared by a status line and the printers of feeds and alerts. On a terminal the status
 * line stays the last line and is redrawn in place (carriage return, erase to end of line); a printer's line clears
 * it first and the status is drawn again below once that line is complete, so the two never mix on one line.
 * Elsewhere (a pipe, a log file) status lines are plain lines among the others. Thread-safe: one lock for all writes.
 */
final class DemoConsole extends Writer {

    /** Back to the line's start, the status text, then erase whatever a longer earlier status left. */
    private static final String CLEAR_LINE = "\r\033[K";

    private final PrintWriter out;
    private final boolean terminal;
    private String status;
    private boolean statusShown;
    private boolean atLineStart = true;

    DemoConsole(PrintWriter out, boolean terminal) {
        super(new Object());
        this.out = Objects.requireNonNull(out, "out");
        this.terminal = terminal;
    }

    /** A writer for the printers: their lines go through this console. */
    PrintWriter writer() {
        return new PrintWriter(this, true);
    }

    boolean terminal() {
        return terminal;
    }

    /** Shows {@code line} as the status: redrawn in place on a terminal, printed as a line otherwise. */
    void status(String line) {
        synchronized (lock) {
            if (terminal) {
                status = line;
                if (atLineStart) {
                    drawStatus();
                }
            } else {
                out.println(line);
            }
            out.flush();
        }
    }

    /** Leaves the last status on its own line, so what follows starts below it; no more redraws. */
    void endStatus() {
        synchronized (lock) {
            if (statusShown) {
                out.println();
            }
            statusShown = false;
            status = null;
            out.flush();
        }
    }

    @Override
    public void write(char[] buf, int off, int len) {
        if (len == 0) {
            return;
        }
        synchronized (lock) {
            if (statusShown) {
                out.write(CLEAR_LINE);
                statusShown = false;
            }
            out.write(buf, off, len);
            atLineStart = buf[off + len - 1] == '\n';
        }
    }

    @Override
    public void flush() {
        synchronized (lock) {
            if (terminal && atLineStart && status != null && !statusShown) {
                drawStatus();
            }
            out.flush();
        }
    }

    /**
     * A standard error that takes turns with the status line, for the log lines that land on the same terminal (the
     * log's console appender writes to whatever {@code System.err} is at the time): the status is cleared before a
     * log line and drawn again after it.
     */
    PrintStream errorStream(PrintStream err) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int off, int len) {
                if (len == 0) {
                    return;
                }
                synchronized (lock) {
                    if (statusShown) {
                        out.write(CLEAR_LINE);
                        out.flush();
                        statusShown = false;
                    }
                    err.write(bytes, off, len);
                    atLineStart = bytes[off + len - 1] == '\n';
                }
            }

            @Override
            public void flush() {
                synchronized (lock) {
                    err.flush();
                    DemoConsole.this.flush();
                }
            }
        }, true, java.nio.charset.Charset.defaultCharset());
    }

    private void drawStatus() {
        out.write((statusShown ? CLEAR_LINE : "\r") + status + "\033[K");
        statusShown = true;
    }

    @Override
    public void close() {
        flush();
    }
}
