package io.hookline.sqlite;

import io.hookline.store.BoundedClaimContract;
import io.hookline.store.DeliveryQueueContract;
import io.hookline.store.EventListContract;
import io.hookline.store.EventStoreContract;
import io.hookline.store.OrderedClaimContract;
import io.hookline.store.ReconcileLogContract;
import io.hookline.store.RetentionContract;
import org.junit.jupiter.api.Nested;

/** The whole store contract, on a SQLite file. */
class SqliteStoreTest {

    @Nested
    class Events extends EventStoreContract {
        Events() {
            super(new SqliteUnderTest());
        }
    }

    @Nested
    class Deliveries extends DeliveryQueueContract {
        Deliveries() {
            super(new SqliteUnderTest());
        }
    }

    @Nested
    class BoundedClaims extends BoundedClaimContract {
        BoundedClaims() {
            super(new SqliteUnderTest());
        }
    }

    @Nested
    class OrderedClaims extends OrderedClaimContract {
        OrderedClaims() {
            super(new SqliteUnderTest());
        }
    }

    @Nested
    class Listing extends EventListContract {
        Listing() {
            super(new SqliteUnderTest());
        }
    }

    @Nested
    class Pruning extends RetentionContract {
        Pruning() {
            super(new SqliteUnderTest());
        }
    }

    @Nested
    class Reconciling extends ReconcileLogContract {
        Reconciling() {
            super(new SqliteUnderTest());
        }
    }
}
