package io.hookline.store;

/**
 * What holds an order key, in SQL, as the claim, the parking of waiting deliveries, the routes
 * panel and the event detail all read it: a delivery of the key still to run (pending, waiting for
 * its retry, or dead), a dead one only while dead deliveries hold their key.
 */
final class KeyHolders {

    private KeyHolders() {}

    /**
     * The condition that the delivery under {@code alias} holds its key, with one parameter: the
     * status that does not hold ({@code dead} under {@code order-dead: release}, else empty).
     */
    static String holding(String alias) {
        return alias + ".order_key IS NOT NULL AND " + alias + ".status IN ('pending', 'retrying', 'dead') AND "
                + alias + ".status <> ?";
    }
}
