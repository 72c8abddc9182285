package io.hookline.receiver.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.RunningReceiver;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many senders at once, half of them repeating a delivery another sender already made. */
class ConcurrentDeliveryTest {

    private static final int DISTINCT = 500;
    private static final int THREADS = 32;

    @TempDir
    Path dataDir;

    @Test
    void thousandConcurrentDeliveriesHalfRepeatedStoreEachKeyOnceAndAcceptItOnce() throws Exception {
        byte[] body = GitHubDelivery.payload("push.json");
        List<GitHubDelivery> deliveries = new ArrayList<>();
        for (int i = 0; i < DISTINCT; i++) {
            GitHubDelivery delivery = GitHubDelivery.of("push", "delivery-" + i, body, RunningReceiver.SECRET);
            deliveries.add(delivery);
            deliveries.add(delivery);
        }
        Collections.shuffle(deliveries, new Random(7));

        Map<String, AtomicInteger> acceptedPerKey = new ConcurrentHashMap<>();
        Map<String, String> idPerKey = new ConcurrentHashMap<>();
        AtomicInteger duplicates = new AtomicInteger();
        List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        try (RunningReceiver receiver = RunningReceiver.start(dataDir)) {
            ExecutorService senders = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> sent = new ArrayList<>();
                for (GitHubDelivery delivery : deliveries) {
                    sent.add(senders.submit(() -> {
                        HttpResponse<String> response = receiver.post("/hooks/gh", delivery.body(), delivery.headers());
                        if (response.statusCode() != 200) {
                            unexpected.add(response.statusCode() + " " + response.body());
                            return;
                        }
                        Map<String, Object> answer = receiver.json(response);
                        String id = (String) answer.get("id");
                        String known = idPerKey.putIfAbsent(delivery.deliveryId(), id);
                        if (known != null && !known.equals(id)) {
                            unexpected.add(delivery.deliveryId() + " answered with two ids: " + known + ", " + id);
                        }
                        if ("accepted".equals(answer.get("status"))) {
                            acceptedPerKey.computeIfAbsent(delivery.deliveryId(), k -> new AtomicInteger()).incrementAndGet();
                        } else {
                            duplicates.incrementAndGet();
                        }
                    }));
                }
                for (Future<?> future : sent) {
                    future.get();
                }
            } finally {
                senders.shutdownNow();
            }

            assertEquals(List.of(), unexpected);
            assertEquals(DISTINCT, acceptedPerKey.size(), "every distinct delivery was accepted");
            acceptedPerKey.forEach((key, count) -> assertEquals(1, count.get(), key + " accepted more than once"));
            assertEquals(DISTINCT, duplicates.get());
            assertEquals(DISTINCT, receiver.count("SELECT count(*) FROM events WHERE source = 'gh'"));
            assertEquals(DISTINCT, receiver.count("SELECT count(*) FROM idempotency_keys WHERE source = 'gh'"));
            assertEquals(DISTINCT, receiver.count("SELECT count(DISTINCT idempotency_key) FROM events"));
        }
    }
}
