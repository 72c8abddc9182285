package io.hookline.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the idempotency index costs once it holds millions of keys, for the layouts worth trying:
 * today's {@code (source, key)} text key and a fixed 16-byte digest of both, each on 16 KiB and on
 * 4 KiB pages. For each, a file of its own holding only that table is filled with {@code --keys}
 * random delivery GUIDs in random order (as an index built by real traffic is: pages about two
 * thirds full), then {@code --inserts} new random keys are inserted the way the writer does,
 * {@code --group} per commit, {@code synchronous=FULL}, the writer's page cache and checkpoint
 * size. Prints the index's size, the commits' latency and the bytes the process wrote to storage
 * per insert (WAL and checkpoints, from {@code /proc/self/io}).
 *
 * <pre>java -cp hookline-loadgen.jar io.hookline.loadgen.IndexLayoutCompare --dir DIR [--keys 5000000] [--inserts 20000] [--group 4]</pre>
 */
public final class IndexLayoutCompare {

    private record Layout(String name, int pageSize, boolean digest) {}

    private IndexLayoutCompare() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("--keys", "5000000", "--inserts", "20000", "--group", "4"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        if (!options.containsKey("--dir")) {
            System.err.println("usage: java -cp hookline-loadgen.jar io.hookline.loadgen.IndexLayoutCompare --dir DIR"
                    + " [--keys 5000000] [--inserts 20000] [--group 4]");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(options.get("--dir")));
        long keys = Long.parseLong(options.get("--keys"));
        int inserts = Integer.parseInt(options.get("--inserts"));
        int group = Integer.parseInt(options.get("--group"));
        System.out.printf(Locale.ROOT, "%,d keys stored, %,d inserted %d per commit (synchronous=FULL)%n", keys, inserts, group);
        System.out.printf(Locale.ROOT, "%-26s %10s %10s %10s %10s %10s %10s %14s%n", "layout", "index MB", "fill s",
                "inserts/s", "p50 ms", "p99 ms", "max ms", "written/insert");
        for (Layout layout : List.of(new Layout("text (source, key), 16 KiB", 16_384, false),
                new Layout("digest (16 bytes), 16 KiB", 16_384, true), new Layout("text (source, key), 4 KiB", 4_096, false),
                new Layout("digest (16 bytes), 4 KiB", 4_096, true))) {
            Path file = dir.resolve("index-" + layout.pageSize() + (layout.digest() ? "-digest" : "-text") + ".db");
            deleteDatabase(file);
            try {
                measure(layout, file, keys, inserts, group);
            } finally {
                deleteDatabase(file);
            }
        }
    }

    private static void measure(Layout layout, Path file, long keys, int inserts, int group) throws Exception {
        String url = "jdbc:sqlite:" + file;
        long fillStarted = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA page_size = " + layout.pageSize());
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("PRAGMA synchronous = OFF");
            statement.execute("PRAGMA cache_size = -1048576");
            statement.execute(layout.digest()
                    ? "CREATE TABLE idempotency_keys (digest BLOB NOT NULL PRIMARY KEY, event_id TEXT NOT NULL,"
                            + " first_seen INTEGER NOT NULL) WITHOUT ROWID"
                    : "CREATE TABLE idempotency_keys (source TEXT NOT NULL, key TEXT NOT NULL, event_id TEXT NOT NULL,"
                            + " first_seen INTEGER NOT NULL, PRIMARY KEY (source, key)) WITHOUT ROWID");
            connection.setAutoCommit(false);
            DeliveryIds ids = DeliveryIds.random();
            try (PreparedStatement insert = connection.prepareStatement(insertSql(layout))) {
                for (long i = 0; i < keys; i++) {
                    bind(insert, layout, ids.next(), i);
                    insert.executeUpdate();
                    if ((i + 1) % 100_000 == 0) {
                        connection.commit();
                    }
                }
            }
            connection.commit();
        }
        double fillSeconds = (System.nanoTime() - fillStarted) / 1e9;
        try (Connection connection = DriverManager.getConnection(url + "?synchronous=FULL");
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA cache_size = -32768");
            statement.execute("PRAGMA wal_autocheckpoint = 1000");
            long indexBytes = pragma(statement, "page_count") * layout.pageSize();
            connection.setAutoCommit(false);
            DeliveryIds ids = DeliveryIds.random();
            long[] commitNanos = new long[(inserts + group - 1) / group];
            long writtenBefore = bytesWritten();
            long started = System.nanoTime();
            try (PreparedStatement insert = connection.prepareStatement(insertSql(layout))) {
                for (int commit = 0; commit < commitNanos.length; commit++) {
                    long commitStarted = System.nanoTime();
                    for (int i = 0; i < group; i++) {
                        bind(insert, layout, ids.next(), keys + (long) commit * group + i);
                        insert.executeUpdate();
                    }
                    connection.commit();
                    commitNanos[commit] = System.nanoTime() - commitStarted;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long written = bytesWritten() - writtenBefore;
            Arrays.sort(commitNanos);
            System.out.printf(Locale.ROOT, "%-26s %10.0f %10.0f %10.0f %10.2f %10.2f %10.2f %11.1f KB%n", layout.name(),
                    indexBytes / 1e6, fillSeconds, inserts / seconds, commitNanos[commitNanos.length / 2] / 1e6,
                    commitNanos[(int) (commitNanos.length * 0.99)] / 1e6, commitNanos[commitNanos.length - 1] / 1e6,
                    written / 1024.0 / inserts);
        }
    }

    private static String insertSql(Layout layout) {
        return layout.digest()
                ? "INSERT INTO idempotency_keys (digest, event_id, first_seen) VALUES (?, ?, ?)"
                : "INSERT INTO idempotency_keys (source, key, event_id, first_seen) VALUES ('gh', ?, ?, ?)";
    }

    private static void bind(PreparedStatement insert, Layout layout, String key, long sequence) throws SQLException {
        if (layout.digest()) {
            insert.setBytes(1, digest("gh", key));
        } else {
            insert.setString(1, key);
        }
        // Event ids are 30 characters that sort by arrival.
        insert.setString(2, String.format(Locale.ROOT, "evt_%026d", sequence));
        insert.setLong(3, 1_700_000_000_000L + sequence);
    }

    /** The first 16 bytes of SHA-256 over the source, a zero byte and the key. */
    private static byte[] digest(String source, String key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(source.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return Arrays.copyOf(sha.digest(key.getBytes(StandardCharsets.UTF_8)), 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long pragma(Statement statement, String name) throws SQLException {
        try (ResultSet row = statement.executeQuery("PRAGMA " + name)) {
            row.next();
            return row.getLong(1);
        }
    }

    /** Bytes this process has caused to be written to storage, from /proc/self/io (Linux). */
    private static long bytesWritten() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
            if (line.startsWith("write_bytes:")) {
                return Long.parseLong(line.substring("write_bytes:".length()).trim());
            }
        }
        return 0;
    }

    private static void deleteDatabase(Path file) throws IOException {
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
    }
}
