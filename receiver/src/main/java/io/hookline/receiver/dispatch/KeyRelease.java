package io.hookline.receiver.dispatch;

import io.hookline.store.DeliveryQueue;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the waiting deliveries of a route or subscription whose {@code order-by} was removed run
 * without waiting for their key ({@link DeliveryQueue#releaseKeys}): else they would wait behind a
 * dead delivery of their key that nothing shows as holding it any longer. Configured routes at each
 * start, before the first claim; a subscription when a change removes its {@code order_by}.
 */
@Singleton
public class KeyRelease {

    private static final Logger LOG = LoggerFactory.getLogger(KeyRelease.class);

    private final DeliveryQueue queue;
    private final Routes routes;

    KeyRelease(DeliveryQueue queue, Routes routes) {
        this.queue = queue;
        this.routes = routes;
    }

    /** The configured routes without {@code order-by}, in one write: one seek each, finding nothing once done. */
    void atStart() {
        released("Route", "order-by", routes.summaries().stream().filter(route -> route.orderBy() == null)
                .map(Routes.Summary::name).toList());
    }

    /** After a change removed the subscription's {@code order_by}. */
    public void released(String subscription) {
        released("Subscription", "order_by", List.of(subscription));
    }

    private void released(String kind, String setting, List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        queue.releaseKeys(names).join().forEach((name, waiting) -> {
            if (waiting > 0) {
                LOG.info("{} {} has no {} now: its {} deliveries waiting for their key run without order", kind, name,
                        setting, waiting);
            }
        });
    }
}
