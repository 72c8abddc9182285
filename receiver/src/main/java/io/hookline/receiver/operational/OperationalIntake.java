package io.hookline.receiver.operational;

import io.hookline.spi.EventIdentity;
import io.hookline.store.DeliveryTarget;
import io.hookline.store.Receipt;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The receiver's one intake ({@code ingest.Intake}, which implements this), as operational events
 * use it: they are stored as webhooks are. Declared here because the dispatcher, subscriptions and
 * catch-up report their happenings to {@link OperationalEvents}, and the intake wakes the
 * dispatcher: this package must not depend on ingest, which depends on them.
 */
public interface OperationalIntake {

    /** The routes and subscriptions an event of this source, provider and type may go to (before any where:). */
    List<DeliveryTarget> targets(String source, String provider, String type);

    /** Stores the event with its targets and wakes the dispatcher when it has somewhere to go. */
    CompletableFuture<Receipt> append(String source, String provider, EventIdentity identity,
            Map<String, String> headers, byte[] body, String requestId);
}
