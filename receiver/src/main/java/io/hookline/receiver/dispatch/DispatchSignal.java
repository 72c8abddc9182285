package io.hookline.receiver.dispatch;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Wakes the dispatcher when there may be work: a new event with routes, a replay, a free worker. */
@Singleton
public class DispatchSignal {

    private final Semaphore signal = new Semaphore(0);

    /** Says there may be work; cheap, and many calls before a wait count as one. */
    public void wake() {
        if (signal.availablePermits() == 0) {
            signal.release();
        }
    }

    /** Waits for a wake-up or the timeout, whichever is first. */
    void await(Duration timeout) throws InterruptedException {
        if (signal.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            signal.drainPermits();
        }
    }
}
