package io.hookline.receiver.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ordered delivery's proof load: {@code keys} repositories, each sending {@code perKey} GitHub pushes
 * one after the other (each sent once the one before was accepted, so receipt order is sending
 * order), all keys at once; and the check of what the target saw: each key's events in that order,
 * one at a time, with the keys interleaved.
 */
public final class KeyedLoad {

    private static final Pattern FIELDS = Pattern.compile("\"full_name\":\"([^\"]+)\",\"seq\":(\\d+)");

    private final int keys;
    private final int perKey;

    public KeyedLoad(int keys, int perKey) {
        this.keys = keys;
        this.perKey = perKey;
    }

    /** The order-by that gives each event its key: the repository's name in the body. */
    public static final String ORDER_BY = "/repository/full_name";

    public int events() {
        return keys * perKey;
    }

    /** The push of key {@code key}'s {@code seq}th event. */
    public static GitHubDelivery push(int key, int seq) {
        byte[] body = ("{\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"org/repo-" + key + "\",\"seq\":" + seq
                + "},\"pad\":\"x\"}").getBytes(StandardCharsets.UTF_8);
        return GitHubDelivery.of("push", body, RunningReceiver.SECRET);
    }

    /**
     * A target's answers: mostly 200 after a few milliseconds, one in {@code failEvery} a 500, as
     * many as the attempts of the load may take.
     */
    public Integer[] slowAndSometimesFailing(int failEvery, long seed) {
        Random random = new Random(seed);
        Integer[] answers = new Integer[events() * 2];
        for (int i = 0; i < answers.length; i++) {
            answers[i] = random.nextInt(failEvery) == 0 ? 500 : -(2 + random.nextInt(8));
        }
        return answers;
    }

    /**
     * Sends every key's events, the keys at once; {@code send} is given the key and the push and
     * must return once the push is accepted.
     */
    public void sendAll(BiConsumer<Integer, GitHubDelivery> send) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(keys);
        try {
            List<Future<?>> sending = new ArrayList<>();
            for (int key = 0; key < keys; key++) {
                int k = key;
                sending.add(senders.submit(() -> {
                    for (int seq = 0; seq < perKey; seq++) {
                        send.accept(k, push(k, seq));
                    }
                }));
            }
            for (Future<?> each : sending) {
                each.get(2, TimeUnit.MINUTES);
            }
        } finally {
            senders.shutdownNow();
        }
    }

    /** How many distinct events of the load the target has answered 2xx to, or at least received. */
    public static long distinctReceived(List<TargetServer.Received> received) {
        return received.stream().map(r -> new String(r.body(), StandardCharsets.UTF_8)).distinct().count();
    }

    /**
     * Asserts that the target saw each key's events in sending order (an attempt repeated after a
     * 500 or a crash comes again at once, before the next of its key), never two of one key at the
     * same time, every event, and the keys interleaved.
     */
    public void assertOrderedPerKeyAndInterleaved(TargetServer target, List<TargetServer.Received> received) {
        Map<String, List<TargetServer.Received>> byKey = new LinkedHashMap<>();
        List<String> keyOfEach = new ArrayList<>();
        for (TargetServer.Received request : received) {
            Matcher fields = FIELDS.matcher(new String(request.body(), StandardCharsets.UTF_8));
            assertTrue(fields.find(), "a pushed body: " + new String(request.body(), StandardCharsets.UTF_8));
            byKey.computeIfAbsent(fields.group(1), k -> new ArrayList<>()).add(request);
            keyOfEach.add(fields.group(1));
        }
        assertEquals(keys, byKey.size(), "every key reached the target");
        for (Map.Entry<String, List<TargetServer.Received>> key : byKey.entrySet()) {
            List<Integer> seqs = new ArrayList<>();
            TargetServer.Received before = null;
            for (TargetServer.Received request : key.getValue()) {
                Matcher fields = FIELDS.matcher(new String(request.body(), StandardCharsets.UTF_8));
                fields.find();
                int seq = Integer.parseInt(fields.group(2));
                if (seqs.isEmpty() || seqs.get(seqs.size() - 1) != seq) {
                    seqs.add(seq);
                }
                if (before != null) {
                    assertTrue(request.arrivedNanos() >= target.answeredNanos(before), key.getKey()
                            + ": an event arrived while the one before it was still being answered");
                }
                before = request;
            }
            List<Integer> expected = new ArrayList<>();
            for (int seq = 0; seq < perKey; seq++) {
                expected.add(seq);
            }
            assertEquals(expected, seqs, key.getKey() + ": its events in the order they were received");
        }
        int switches = 0;
        for (int i = 1; i < keyOfEach.size(); i++) {
            if (!keyOfEach.get(i).equals(keyOfEach.get(i - 1))) {
                switches++;
            }
        }
        assertTrue(switches > keys * 4, "the keys ran interleaved, not one key after another: " + switches + " switches");
    }
}
