package io.hookline.receiver.dispatch;

import io.hookline.store.DeliveryTarget;
import java.util.List;

/**
 * Where one event goes: the routes and subscriptions that take it, and of those whose {@code where:}
 * failed on it, which did not take it, the names and a note for each
 * ({@code route gh-main: where failed: …}; {@code subscription …} for a subscription).
 */
public record Routing(List<DeliveryTarget> targets, List<String> notes, List<String> whereFailed) {

    public Routing {
        targets = List.copyOf(targets);
        notes = List.copyOf(notes);
        whereFailed = List.copyOf(whereFailed);
    }
}
