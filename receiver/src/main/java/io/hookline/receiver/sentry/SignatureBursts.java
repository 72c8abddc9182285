package io.hookline.receiver.sentry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts signature failures per source in fixed windows, and says once per window when a source
 * crosses the threshold: a single bad signature is noise, a burst is an attack or a rotated secret.
 */
final class SignatureBursts {

    private final int threshold;
    private final long windowMillis;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        long start;
        int count;
    }

    SignatureBursts(int threshold, Duration window) {
        this.threshold = threshold;
        this.windowMillis = window.toMillis();
    }

    /** Counts one failure; true exactly when this one reaches the threshold in its window. */
    boolean failed(String source, long nowMillis) {
        Window window = windows.computeIfAbsent(source, name -> new Window());
        synchronized (window) {
            if (nowMillis - window.start >= windowMillis) {
                window.start = nowMillis;
                window.count = 0;
            }
            window.count++;
            return window.count == threshold;
        }
    }
}
