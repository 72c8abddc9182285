package io.hookline.receiver.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.Signers;
import io.hookline.receiver.testing.TargetServer;
import io.hookline.spi.CarriedText;
import io.micronaut.json.JsonMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A property over real HTTP: signed Standard Webhooks events whose {@code type} is random text (any
 * Unicode plane, control characters and NUL, line terminators, {@code %}, up to 2,000 characters)
 * each reach a {@code *} forward route, a {@code *} subscription and a {@code *} command route, and
 * each carries a type that decodes back to the one sent. The seed is printed with any failure;
 * {@code -Dhookline.test.seed=N} runs one again.
 */
class RandomEventTypesTest {

    private static final int EVENTS = 40;
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** Characters that break carriers: line terminators, NUL and other controls, '%', blanks. */
    private static final int[] AWKWARD = {'\n', '\r', 0x85, 0x2028, 0x2029, 0, 1, 0x1b, 0x7f, '\t', '%', ' ', '"', '\\',
        ':', '*', 0xfeff, 0x1F600, 0x10FFFF, 0x00e9, 0x958b};

    @TempDir
    Path dataDir;

    @Test
    void everyRandomTypeReachesEveryRouteAndDecodesBackToItself() throws Exception {
        long seed = Long.getLong("hookline.test.seed", System.nanoTime());
        Random random = new Random(seed);
        String context = "seed " + seed + " (-Dhookline.test.seed=" + seed + ")";
        Path out = Files.createDirectories(dataDir.resolve("out"));
        try (TargetServer target = new TargetServer()) {
            Map<String, Object> config = AnyEventTypeTest.everyCarrier(target, out);
            config.putAll(Signers.sources());
            try (RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
                assertEquals(201, admin(receiver, "POST", "/admin/subscriptions",
                        "{\"name\":\"everything\",\"url\":\"" + target.url("/sub") + "\",\"events\":[\"*\"]}").statusCode());
                JsonMapper json = receiver.context().getBean(JsonMapper.class);
                Map<String, String> sent = new LinkedHashMap<>();
                for (int n = 0; n < EVENTS; n++) {
                    String type = randomType(random, n);
                    Map<String, Object> message = Map.of("type", type, "data", Map.of("n", n));
                    byte[] body = json.writeValueAsBytes(message);
                    HttpResponse<String> answer = receiver.post("/hooks/sw", body,
                            Signers.standardWebhooks(body, "msg_" + seed + "_" + n, Instant.now().getEpochSecond()));
                    assertEquals(200, answer.statusCode(), context + ": type " + CarriedText.encode(type) + ": "
                            + answer.body());
                    sent.put((String) receiver.json(answer).get("id"), type);
                }
                for (Map.Entry<String, String> event : sent.entrySet()) {
                    String id = event.getKey();
                    String type = event.getValue();
                    String what = context + ", type " + CarriedText.encode(type);
                    Map<String, Object> detail = Eventually.await("event " + id + " to be handled, " + what, WAIT,
                            () -> receiver.json(admin(receiver, "GET", "/admin/events/" + id, null)),
                            d -> !List.of("pending", "retrying").contains(d.get("status")));
                    assertEquals("processed", detail.get("status"), what + ": " + detail.get("deliveries"));
                    assertEquals(List.of("audit", "everything", "forward-all", "script"),
                            ((List<?>) detail.get("deliveries")).stream().map(d -> ((Map<?, ?>) d).get("route")).sorted()
                                    .toList(), what);
                    assertEquals(type, type(target, "/forward", id), what + ": the forward route");
                    assertEquals(type, type(target, "/sub", id), what + ": the subscription");
                    assertEquals(type, CarriedText.decode(Files.readString(out.resolve(id))), what + ": the command");
                    assertEquals(type, detail.get("type"), what + ": the type the admin API shows");
                }
            }
        }
    }

    /** Random text, each fifth one long; awkward characters are far more frequent than in real text. */
    private static String randomType(Random random, int n) {
        int length = n % 5 == 4 ? 1_500 + random.nextInt(501) : 1 + random.nextInt(24);
        StringBuilder type = new StringBuilder();
        while (type.length() < length) {
            int kind = random.nextInt(4);
            int codePoint = switch (kind) {
                case 0 -> AWKWARD[random.nextInt(AWKWARD.length)];
                case 1 -> 0x20 + random.nextInt(0x5f);
                case 2 -> random.nextInt(0x10000);
                default -> 0x10000 + random.nextInt(Character.MAX_CODE_POINT - 0xFFFF);
            };
            if (codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE) {
                type.appendCodePoint(codePoint);
            }
        }
        return type.toString();
    }

    private static String type(TargetServer target, String path, String id) {
        return target.received(path).stream().filter(r -> id.equals(r.header("webhook-id"))).findFirst()
                .map(r -> CarriedText.decode(r.header("X-Hookline-Event-Type"))).orElse("(nothing delivered)");
    }

    private static HttpResponse<String> admin(RunningReceiver receiver, String method, String path, String body) {
        return receiver.send(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                Map.of("Authorization", "Bearer " + RunningReceiver.ADMIN_TOKEN, "Content-Type", "application/json"));
    }
}
