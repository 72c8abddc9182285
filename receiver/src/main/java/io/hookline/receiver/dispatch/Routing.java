package io.hookline.receiver.dispatch;

import io.hookline.store.DeliveryTarget;
import java.util.List;

/**
 * Where one event goes: the routes and subscriptions that take it, and a note for each whose
 * {@code where:} failed on it ({@code route gh-main: where failed: …}), which did not take it.
 */
public record Routing(List<DeliveryTarget> targets, List<String> notes) {

    public Routing {
        targets = List.copyOf(targets);
        notes = List.copyOf(notes);
    }
}
