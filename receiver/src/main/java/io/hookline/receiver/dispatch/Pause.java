package io.hookline.receiver.dispatch;

import java.time.Duration;

/** Sleeps on a dispatcher thread; an interrupt (the dispatcher stopping) ends the pause early and is kept. */
final class Pause {

    private Pause() {}

    static void of(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
