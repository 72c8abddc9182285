package io.hookline.postgres;

import io.hookline.store.BoundedClaimContract;
import io.hookline.store.DeliveryQueueContract;
import io.hookline.store.EventListContract;
import io.hookline.store.EventStoreContract;
import io.hookline.store.OrderedClaimContract;
import io.hookline.store.ReconcileLogContract;
import io.hookline.store.RetentionContract;
import org.junit.jupiter.api.Nested;

/** The whole store contract, on a PostgreSQL database. */
class PostgresStoreTest {

    @Nested
    class Events extends EventStoreContract {
        Events() {
            super(new PostgresUnderTest());
        }
    }

    @Nested
    class Deliveries extends DeliveryQueueContract {
        Deliveries() {
            super(new PostgresUnderTest());
        }
    }

    @Nested
    class BoundedClaims extends BoundedClaimContract {
        BoundedClaims() {
            super(new PostgresUnderTest());
        }
    }

    @Nested
    class OrderedClaims extends OrderedClaimContract {
        OrderedClaims() {
            super(new PostgresUnderTest());
        }
    }

    @Nested
    class Listing extends EventListContract {
        Listing() {
            super(new PostgresUnderTest());
        }
    }

    @Nested
    class Pruning extends RetentionContract {
        Pruning() {
            super(new PostgresUnderTest());
        }
    }

    @Nested
    class Reconciling extends ReconcileLogContract {
        Reconciling() {
            super(new PostgresUnderTest());
        }
    }
}
