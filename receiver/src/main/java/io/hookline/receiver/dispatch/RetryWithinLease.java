package io.hookline.receiver.dispatch;

import io.hookline.store.StorageException;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Runs a store operation of a claimed delivery, trying again every second while the database
 * cannot be reached and the claim's lease still holds: an attempt whose result could not be
 * recorded during a short outage is recorded when the database is back, not run again after
 * its lease. Recording needs the claim's token, so a late try after the lease records nothing.
 * Once the dispatcher stops, a failure is not tried again.
 */
@Singleton
class RetryWithinLease {

    private static final Duration STORE_RETRY = Duration.ofSeconds(1);

    private volatile boolean stopping;

    <T> T call(Instant leaseEnds, Supplier<CompletableFuture<T>> operation) {
        return call(leaseEnds, operation, operation);
    }

    /** As above, where the first try is already made ({@code first}) and later ones call {@code again}. */
    <T> T call(Instant leaseEnds, Supplier<CompletableFuture<T>> first, Supplier<CompletableFuture<T>> again) {
        Supplier<CompletableFuture<T>> operation = first;
        while (true) {
            try {
                return operation.get().join();
            } catch (RuntimeException e) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (!(cause instanceof StorageException) || stopping
                        || Instant.now().plus(STORE_RETRY).isAfter(leaseEnds)) {
                    throw e;
                }
                Pause.of(STORE_RETRY);
                operation = again;
            }
        }
    }

    /** From now on a failure is thrown at once: the dispatcher is stopping. */
    void stop() {
        stopping = true;
    }
}
