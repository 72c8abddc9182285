package io.hookline.loadgen;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Compares body compressors on real payloads, to choose how stored bodies are compressed: for each
 * provider directory, the bytes stored (sum over its payloads, each stored as is when it does not
 * shrink) and the time to compress and decompress each payload.
 *
 * <pre>java -cp hookline-loadgen.jar io.hookline.loadgen.CompressionCompare receiver/src/test/resources/payloads</pre>
 */
public final class CompressionCompare {

    private static final int ROUNDS = 2_000;

    private record Codec(String name, UnaryOperator<byte[]> compress, UnaryOperator<byte[]> decompress) {}

    private CompressionCompare() {}

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "receiver/src/test/resources/payloads");
        List<Codec> codecs = List.of(
                deflate(1), deflate(6), deflate(9),
                new Codec("zstd 1", body -> Zstd.compress(body, 1), CompressionCompare::unzstd),
                new Codec("zstd 3", body -> Zstd.compress(body, 3), CompressionCompare::unzstd),
                new Codec("zstd 9", body -> Zstd.compress(body, 9), CompressionCompare::unzstd));
        Map<String, List<byte[]>> byProvider = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".md"))
                    .sorted().toList()) {
                byProvider.computeIfAbsent(root.relativize(file).getName(0).toString(), p -> new ArrayList<>())
                        .add(Files.readAllBytes(file));
            }
        }
        System.out.printf(Locale.ROOT, "%-20s %10s", "provider (payloads)", "raw bytes");
        codecs.forEach(codec -> System.out.printf(Locale.ROOT, " %22s", codec.name()));
        System.out.println();
        long rawTotal = 0;
        long[] storedTotal = new long[codecs.size()];
        for (Map.Entry<String, List<byte[]>> provider : byProvider.entrySet()) {
            long raw = provider.getValue().stream().mapToLong(body -> body.length).sum();
            rawTotal += raw;
            System.out.printf(Locale.ROOT, "%-20s %10d", provider.getKey() + " (" + provider.getValue().size() + ")", raw);
            for (int c = 0; c < codecs.size(); c++) {
                long stored = 0;
                for (byte[] body : provider.getValue()) {
                    stored += Math.min(body.length, check(codecs.get(c), body).length);
                }
                storedTotal[c] += stored;
                System.out.printf(Locale.ROOT, " %10d %10.0f%%", stored, 100.0 * stored / raw);
            }
            System.out.println();
        }
        System.out.printf(Locale.ROOT, "%-20s %10d", "all", rawTotal);
        for (long stored : storedTotal) {
            System.out.printf(Locale.ROOT, " %10d %10.0f%%", stored, 100.0 * stored / rawTotal);
        }
        System.out.println();
        byte[] push = byProvider.get("github").stream().filter(body -> body.length == 7324).findFirst()
                .orElse(byProvider.get("github").get(0));
        System.out.printf(Locale.ROOT, "%nthe GitHub push payload (%d bytes), microseconds per body over %d rounds:%n",
                push.length, ROUNDS);
        for (Codec codec : codecs) {
            byte[] packed = codec.compress().apply(push);
            double compress = time(() -> codec.compress().apply(push));
            double decompress = time(() -> codec.decompress().apply(packed));
            System.out.printf(Locale.ROOT, "%-10s %6d bytes  compress %7.1f us  decompress %6.1f us%n", codec.name(),
                    packed.length, compress, decompress);
        }
    }

    private static byte[] check(Codec codec, byte[] body) {
        byte[] packed = codec.compress().apply(body);
        if (!java.util.Arrays.equals(body, codec.decompress().apply(packed))) {
            throw new IllegalStateException(codec.name() + " does not give the body back");
        }
        return packed;
    }

    private static double time(Runnable work) {
        for (int i = 0; i < ROUNDS; i++) {
            work.run();
        }
        long started = System.nanoTime();
        for (int i = 0; i < ROUNDS; i++) {
            work.run();
        }
        return (System.nanoTime() - started) / 1e3 / ROUNDS;
    }

    private static Codec deflate(int level) {
        return new Codec("deflate " + level, body -> {
            Deflater deflater = new Deflater(level, true);
            try {
                deflater.setInput(body);
                deflater.finish();
                byte[] buffer = new byte[body.length + 64];
                int length = deflater.deflate(buffer);
                return java.util.Arrays.copyOf(buffer, length);
            } finally {
                deflater.end();
            }
        }, packed -> {
            Inflater inflater = new Inflater(true);
            try {
                inflater.setInput(packed);
                byte[] buffer = new byte[packed.length * 20 + 64];
                int length = inflater.inflate(buffer);
                return java.util.Arrays.copyOf(buffer, length);
            } catch (DataFormatException e) {
                throw new IllegalStateException(e);
            } finally {
                inflater.end();
            }
        });
    }

    private static byte[] unzstd(byte[] packed) {
        return Zstd.decompress(packed, (int) Zstd.getFrameContentSize(packed));
    }
}
