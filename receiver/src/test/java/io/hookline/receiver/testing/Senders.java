package io.hookline.receiver.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/** A provider's side of the process-level tests: many deliveries at once, and what reached the downstream. */
public final class Senders {

    /** Sends one delivery; answers whether it was acknowledged. */
    @FunctionalInterface
    public interface Send {
        boolean send(GitHubDelivery delivery) throws Exception;
    }

    private Senders() {}

    /** {@code count} signed GitHub push deliveries with ids {@code prefix-0}, {@code prefix-1}, … */
    public static List<GitHubDelivery> pushes(String prefix, int count) {
        byte[] body = GitHubDelivery.payload("push.json");
        List<GitHubDelivery> deliveries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            deliveries.add(GitHubDelivery.of("push", prefix + "-" + i, body, RunningReceiver.SECRET));
        }
        return deliveries;
    }

    /**
     * The configuration lines, under {@code hookline:}, of source {@code gh} and one route forwarding
     * all of it to {@code url} with quick retries; {@code routeSettings} are more lines of the route.
     */
    public static List<String> sourceForwardingTo(String url, String... routeSettings) {
        List<String> lines = new ArrayList<>(List.of(
                "  sources:",
                "    gh: { provider: github, secrets: [ \"" + RunningReceiver.SECRET + "\" ] }",
                "  routes:",
                "    - name: downstream",
                "      match: \"gh:*\"",
                "      handler: forward",
                "      settings: { url: \"" + url + "\" }",
                "      retry-delays: [ 200ms, 200ms, 200ms, 200ms, 200ms ]"));
        for (String setting : routeSettings) {
            lines.add("      " + setting);
        }
        lines.add("");
        return lines;
    }

    /** Sends every delivery from 16 threads; answers those not acknowledged, which a provider would retry. */
    public static List<GitHubDelivery> sendAll(List<GitHubDelivery> deliveries, Send send) throws Exception {
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
    public static Set<String> missing(Set<String> expected, TargetServer target, String path) {
        Set<String> delivered = target.received(path).stream().map(r -> r.header("webhook-id"))
                .collect(Collectors.toSet());
        return expected.stream().filter(id -> !delivered.contains(id)).collect(Collectors.toSet());
    }
}
