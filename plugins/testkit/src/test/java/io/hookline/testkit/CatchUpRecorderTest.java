package io.hookline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hookline.spi.CatchUp;
import io.hookline.spi.CatchUpRun;
import io.hookline.spi.EventIdentity;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.InvalidPayloadException;
import io.hookline.spi.SourceVerifier;
import io.hookline.spi.StoredEvent;
import io.hookline.spi.Verification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A catch-up run counted as the receiver's run log counts it, without a receiver. */
class CatchUpRecorderTest {

    private static final Instant SINCE = Instant.parse("2026-12-01T00:00:00Z");

    /** Identifies by the x-id header, as a provider that carries the key in a header does. */
    private static final SourceVerifier BY_HEADER = new SourceVerifier() {
        @Override
        public Verification verify(InboundRequest request, Instant now) {
            return Verification.verified();
        }

        @Override
        public EventIdentity identify(InboundRequest request) {
            return new EventIdentity(request.header("x-id").orElseThrow(() -> new InvalidPayloadException("no x-id")),
                    "thing.created", null);
        }
    };

    /** Lists four events: one the source holds, one it cannot identify, one to redeliver, one to fetch twice. */
    private static final CatchUp LISTING = new CatchUp() {
        @Override
        public Duration reach() {
            return Duration.ofDays(1);
        }

        @Override
        public void run(CatchUpRun run) throws InterruptedException {
            run.checked(4);
            Set<String> held = run.storedKeys(List.of("a", "b", "c", "d"));
            assertEquals(Set.of("a"), held);
            assertEquals(CatchUpRun.Stored.ALREADY_STORED, run.store(bytes("A"), Map.of("X-Id", "a")));
            assertEquals(CatchUpRun.Stored.FAILED, run.store(bytes("B"), Map.of()));
            run.redeliveryRequested("c");
            assertEquals(CatchUpRun.Stored.STORED, run.store(bytes("D"), Map.of("X-Id", "d")));
            assertEquals(CatchUpRun.Stored.ALREADY_STORED, run.store(bytes("D"), Map.of("X-Id", "d")));
        }
    };

    @Test
    void aRunIsCountedAndWhatItStoredIsKeptAsTheReceiverWouldStoreIt() throws Exception {
        CatchUpRecorder run = new CatchUpRecorder(BY_HEADER, SINCE).alreadyStored("a");
        LISTING.run(run);

        assertEquals(4, run.checked());
        assertEquals(3, run.missing(), "b, c and d were missing; a was held");
        assertEquals(2, run.recovered(), "c asked again, d fetched");
        assertEquals(1, run.failed());
        assertEquals(List.of(new CatchUpRecorder.Failure("(not identified)",
                "the source could not identify a fetched event: no x-id")), run.failures());
        assertEquals(List.of("c"), run.redeliveriesRequested());
        assertEquals(List.of("d"), run.keysStored());
        StoredEvent d = run.stored().get(0);
        assertEquals(List.of("thing.created", "D", CatchUpRecorder.RUN_ID),
                List.of(d.type(), new String(d.body(), StandardCharsets.UTF_8), d.requestId()));
        assertEquals(Map.of("x-id", "d"), d.headers(), "header names as the receiver stores them");
        assertEquals(SINCE, run.since());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
