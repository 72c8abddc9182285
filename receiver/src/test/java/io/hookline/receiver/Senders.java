package io.hookline.receiver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/** A provider's side of the process-level tests: many deliveries at once, and what reached the downstream. */
final class Senders {

    /** Sends one delivery; answers whether it was acknowledged. */
    @FunctionalInterface
    interface Send {
        boolean send(GitHubDelivery delivery) throws Exception;
    }

    private Senders() {}

    /** Sends every delivery from 16 threads; answers those not acknowledged, which a provider would retry. */
    static List<GitHubDelivery> sendAll(List<GitHubDelivery> deliveries, Send send) throws Exception {
        List<GitHubDelivery> failed = Collections.synchronizedList(new ArrayList<>());
        ExecutorService senders = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (GitHubDelivery delivery : deliveries) {
                sent.add(senders.submit(() -> {
                    if (!send.send(delivery)) {
                        failed.add(delivery);
                    }
                    return null;
                }));
            }
            for (Future<?> future : sent) {
                future.get();
            }
        } finally {
            senders.shutdownNow();
        }
        return failed;
    }

    /** The event ids that have not reached {@code path} of the downstream (by its webhook-id header). */
    static Set<String> missing(Set<String> expected, TargetServer target, String path) {
        Set<String> delivered = target.received(path).stream().map(r -> r.header("webhook-id"))
                .collect(Collectors.toSet());
        return expected.stream().filter(id -> !delivered.contains(id)).collect(Collectors.toSet());
    }
}
