package io.hookline.receiver.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.spi.InboundRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compressed webhook is inflated once on the request path: the body decoded for the source's
 * identify is the one a {@code where:} reads, not the stored bytes inflated again.
 */
class IntakeDecodedBodyTest {

    @TempDir
    Path dataDir;

    @Test
    void theWhereReadsTheBodyDecodedForIdentifyNotTheStoredBytesInflatedAgain() throws IOException {
        byte[] json = new String(GitHubDelivery.payload("push.with-new-branch.json"), StandardCharsets.UTF_8)
                .replace("\"refs/heads/master\"", "\"refs/heads/main\"").getBytes(StandardCharsets.UTF_8);
        // Cut short, the stored bytes would not inflate: a where that holds can only have read the decoded body.
        byte[] cut = Arrays.copyOf(gzip(json), 40);
        GitHubDelivery delivery = GitHubDelivery.of("push", cut, RunningReceiver.SECRET)
                .withHeader("Content-Encoding", "gzip");
        Map<String, List<String>> headers = delivery.headers().entrySet().stream().collect(Collectors.toMap(
                header -> header.getKey().toLowerCase(Locale.ROOT), header -> List.of(header.getValue())));
        Map<String, String> stored = delivery.headers().entrySet().stream().collect(Collectors.toMap(
                header -> header.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue));
        Map<String, Object> config = Map.of("hookline.admin-token", RunningReceiver.ADMIN_TOKEN,
                "hookline.routes[0].name", "main-only", "hookline.routes[0].match", "gh:push",
                "hookline.routes[0].handler", "log", "hookline.routes[0].where", "body.ref == 'refs/heads/main'");
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
            Source gh = receiver.context().getBean(Sources.class).find("gh").orElseThrow();
            Intake.Taken taken = receiver.context().getBean(Intake.class).take("gh", gh.provider(), gh.verifier(),
                    new InboundRequest("gh", headers, Map.of(), json), stored, cut, "req_decoded_once");
            String id = taken.receipt().join().eventId();
            HttpResponse<String> answer = receiver.send("GET", "/admin/events/" + id, null,
                    Map.of("Authorization", "Bearer " + RunningReceiver.ADMIN_TOKEN));
            Map<String, Object> event = receiver.json(answer);
            assertEquals(List.of(), event.get("notes"), "the where read the decoded body");
            assertEquals(List.of("main-only"), ((List<?>) event.get("deliveries")).stream()
                    .map(d -> ((Map<?, ?>) d).get("route")).toList());
        }
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }
}
