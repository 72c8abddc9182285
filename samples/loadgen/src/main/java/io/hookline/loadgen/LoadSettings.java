package io.hookline.loadgen;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What to send, how hard and for how long, from the command line.
 *
 * @param url the receiver's webhook URL, such as {@code http://127.0.0.1:8080/hooks/gh}
 * @param secret the source's secret
 * @param event the {@code X-GitHub-Event} header
 * @param body the payload's exact bytes
 * @param payloadName the payload file's name, for the report
 * @param connections concurrent keep-alive connections
 * @param duration how long to send
 * @param warmup how long to send before measuring
 * @param rate requests per second in total; 0 for as fast as possible
 * @param duplicates the share of requests that repeat an earlier delivery id, 0 to 1
 * @param verifyDb a {@code hookline.db} file or a {@code jdbc:postgresql:} URL to count stored keys
 *     in after the run, or null
 * @param targetPort a port on 127.0.0.1 to answer a {@code forward} route's deliveries on and time
 *     them from acknowledgement to delivery, or 0
 * @param also more receivers on the same store, each given the same share of the connections as
 *     {@code url} (the path of {@code url} is used for all)
 */
record LoadSettings(URI url, String secret, String event, byte[] body, String payloadName, int connections,
        Duration duration, Duration warmup, int rate, double duplicates, String verifyDb, List<URI> also,
        int targetPort) {

    /** Where connection {@code i} sends: the receivers in turn. */
    URI target(int i) {
        int receivers = 1 + also.size();
        return i % receivers == 0 ? url : also.get(i % receivers - 1);
    }

    static final String USAGE = """
            usage: java -jar hookline-loadgen.jar --url URL --secret SECRET --payload FILE [options]
              --url URL          the source's endpoint, e.g. http://127.0.0.1:8080/hooks/gh (loopback only is wise)
              --secret S         the GitHub source's secret
              --payload FILE     the body to send, signed exactly as GitHub signs it (X-Hub-Signature-256)
              --event NAME       X-GitHub-Event (default push)
              --connections N    concurrent keep-alive connections (default 64)
              --duration D       how long to measure: 30s, 2m (default 30s)
              --warmup D         sent first and not measured (default 5s)
              --rate N           requests per second in total; 0 = as fast as possible (default 0)
              --duplicates F     share of requests that repeat an earlier delivery id, 0..1 (default 0)
              --also URL         another receiver on the same store (repeatable): connections take turns
              --target-port P    be the downstream of a forward route on 127.0.0.1:P: count deliveries per
                                 second and time each event from its acknowledgement to its delivery
              --verify-db DB     after the run, count this run's stored keys in DB (a hookline.db file, or a
                                 jdbc:postgresql://...?user=... URL) and compare them with the 'accepted' answers
            """;

    static LoadSettings parse(String[] args) throws IOException {
        URI url = null;
        String secret = null;
        String event = "push";
        Path payload = null;
        int connections = 64;
        Duration duration = Duration.ofSeconds(30);
        Duration warmup = Duration.ofSeconds(5);
        int rate = 0;
        double duplicates = 0;
        String verifyDb = null;
        List<URI> also = new ArrayList<>();
        int targetPort = 0;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--url" -> url = URI.create(value);
                case "--secret" -> secret = value;
                case "--event" -> event = value;
                case "--payload" -> payload = Path.of(value);
                case "--connections" -> connections = Integer.parseInt(value);
                case "--duration" -> duration = duration(value);
                case "--warmup" -> warmup = duration(value);
                case "--rate" -> rate = Integer.parseInt(value);
                case "--duplicates" -> duplicates = Double.parseDouble(value);
                case "--verify-db" -> verifyDb = value;
                case "--also" -> also.add(URI.create(value));
                case "--target-port" -> targetPort = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (url == null || secret == null || payload == null) {
            throw new IllegalArgumentException("--url, --secret and --payload are required");
        }
        if (!"http".equals(url.getScheme())) {
            throw new IllegalArgumentException("--url must be http:// (put TLS in front of Hookline, not in the benchmark)");
        }
        if (connections < 1 || rate < 0 || duplicates < 0 || duplicates > 1) {
            throw new IllegalArgumentException("--connections must be positive, --rate not negative, --duplicates in 0..1");
        }
        return new LoadSettings(url, secret, event, Files.readAllBytes(payload), payload.getFileName().toString(),
                connections, duration, warmup, rate, duplicates, verifyDb, List.copyOf(also),
                targetPort);
    }

    static Duration duration(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> throw new IllegalArgumentException("a duration is a number with ms, s, m or h: " + value);
        };
    }
}
