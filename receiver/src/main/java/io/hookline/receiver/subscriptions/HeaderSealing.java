package io.hookline.receiver.subscriptions;

import io.hookline.store.SubscriptionStore;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals the extra headers that releases before header sealing stored in clear. A schema migration
 * cannot do it: the key ({@code HOOKLINE_SECRET_KEY}) is known only to the running receiver. So the
 * migration adds the sealed column, and the first start with the key seals every row still in
 * clear, overwriting the clear values where the engine allows it (SQLite's {@code secure_delete}).
 * Without the key nothing changes: those subscriptions cannot deliver anyway (their secrets are
 * sealed too), and the next start with the key seals them.
 */
final class HeaderSealing {

    private static final Logger LOG = LoggerFactory.getLogger(HeaderSealing.class);

    private final SubscriptionStore store;
    private final SecretBox box;

    HeaderSealing(SubscriptionStore store, SecretBox box) {
        this.store = store;
        this.box = box;
    }

    void sealClearHeaders() {
        Map<String, Map<String, String>> clear;
        try {
            clear = store.clearHeaders();
        } catch (RuntimeException e) {
            LOG.warn("Subscription headers stored in clear could not be looked for; trying at the next start: {}",
                    e.getMessage());
            return;
        }
        if (clear.isEmpty()) {
            return;
        }
        if (!box.ready()) {
            LOG.warn("{} subscriptions have extra headers stored in clear by an earlier release; set {} and restart"
                    + " to seal them", clear.size(), SecretBox.VARIABLE);
            return;
        }
        int sealed = 0;
        try {
            for (Map.Entry<String, Map<String, String>> subscription : clear.entrySet()) {
                if (store.sealHeaders(subscription.getKey(),
                        SubscriptionHeaders.seal(box, subscription.getValue(), subscription.getKey())).join()) {
                    sealed++;
                }
            }
        } catch (RuntimeException e) {
            // Until they are sealed their deliveries fail and say why; the next start tries again.
            LOG.warn("Subscription headers stored in clear could not all be sealed; trying at the next start: {}",
                    e.getMessage());
        }
        LOG.info("Sealed the extra headers of {} subscriptions stored in clear by an earlier release", sealed);
    }
}
