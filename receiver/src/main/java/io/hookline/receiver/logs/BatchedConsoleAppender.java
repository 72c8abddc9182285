package io.hookline.receiver.logs;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

/**
 * Standard output, written in batches: lines collect in a buffer that is written when a line of
 * level WARN or above arrives, when it is full, and otherwise at most {@link #FLUSH_MILLIS} after its
 * first line. Logback's console appender writes every line at once, one system call per webhook's
 * request line, which was 3% of a webhook's CPU at saturation (docs/performance.md). What a kill -9
 * can take is the last {@value #FLUSH_MILLIS} ms of lines below WARN; stopping the context (the
 * shutdown hook) writes them out.
 */
public final class BatchedConsoleAppender extends OutputStreamAppender<ILoggingEvent> {

    static final long FLUSH_MILLIS = 20;
    private static final int BUFFER_BYTES = 64 * 1024;

    private Thread flusher;
    private volatile boolean unwritten;

    @Override
    public void start() {
        setOutputStream(new BufferedOutputStream(new StandardOutput(), BUFFER_BYTES));
        setImmediateFlush(false);
        super.start();
        flusher = new Thread(this::flushWhileStarted, "hookline-log-flush");
        flusher.setDaemon(true);
        flusher.start();
    }

    @Override
    protected void subAppend(ILoggingEvent event) {
        super.subAppend(event);
        if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
            flush();
        } else {
            unwritten = true;
        }
    }

    @Override
    public void stop() {
        if (flusher != null) {
            flusher.interrupt();
        }
        flush();
        super.stop();
    }

    private void flushWhileStarted() {
        while (isStarted()) {
            try {
                TimeUnit.MILLISECONDS.sleep(FLUSH_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            if (unwritten) {
                flush();
            }
        }
    }

    private void flush() {
        streamWriteLock.lock();
        try {
            unwritten = false;
            if (getOutputStream() != null) {
                getOutputStream().flush();
            }
        } catch (IOException e) {
            addError("Could not write the log to standard output", e);
        } finally {
            streamWriteLock.unlock();
        }
    }

    /** {@code System.out} as it is when written to, as logback's console appender has it (tests replace it). */
    private static final class StandardOutput extends OutputStream {
        @Override
        public void write(int b) {
            System.out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            System.out.write(bytes, offset, length);
        }

        @Override
        public void flush() {
            System.out.flush();
        }
    }
}
