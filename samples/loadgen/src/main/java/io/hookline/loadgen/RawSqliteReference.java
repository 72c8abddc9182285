package io.hookline.loadgen;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.zip.Deflater;

/**
 * What storing a webhook costs SQLite itself, with no receiver around it: the reference the
 * receiver's saturation is divided by (issue 32). Written on purpose without any of the store's
 * code, so that it cannot share the store's overheads: plain JDBC on sqlite-jdbc, one thread,
 * transactions of 64 events, each event the body compressed with zlib level 6, a random GUID key
 * in a {@code WITHOUT ROWID} key table and an events row (source, type, key, received time,
 * status, header text, body) with an index on status; WAL, {@code synchronous=FULL}, 4 KiB pages.
 *
 * <p>Run alone it stores for a while and prints its rate. With {@code --serve} it waits on its
 * standard input for lines {@code slice MILLIS} and answers each with the events it stored in that
 * time, so that a comparison can interleave its slices with the receiver's on one warm JVM
 * ({@link OneCoreCompare}).
 *
 * <pre>java -cp hookline-loadgen.jar io.hookline.loadgen.RawSqliteReference --data-dir DIR --payload FILE
 *     [--duration 10s] [--serve]</pre>
 */
public final class RawSqliteReference implements AutoCloseable {

    private static final int PER_TRANSACTION = 64;
    private static final String HEADERS = "content-type: application/json\nuser-agent: GitHub-Hookshot/0000000\n"
            + "x-github-event: push\nx-github-hook-id: 123456789\nx-github-hook-installation-target-type: repository\n";

    private final Connection connection;
    private final PreparedStatement insertKey;
    private final PreparedStatement insertEvent;
    private final byte[] body;
    private final byte[] compressed;
    private final Deflater deflater = new Deflater(6);
    private long nextId = 1;

    RawSqliteReference(Path dataDir, byte[] body) throws SQLException, java.io.IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve("raw-reference.db");
        Files.deleteIfExists(file);
        // Without the driver's query for a generated key after every insert, which a minimal program does not ask for.
        connection = DriverManager.getConnection("jdbc:sqlite:" + file + "?jdbc.get_generated_keys=false");
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA page_size = 4096");
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("PRAGMA synchronous = FULL");
            statement.execute("CREATE TABLE keys (key TEXT PRIMARY KEY, event_id INTEGER NOT NULL) WITHOUT ROWID");
            statement.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, source TEXT NOT NULL, type TEXT NOT NULL,"
                    + " key TEXT NOT NULL, received_at INTEGER NOT NULL, status TEXT NOT NULL, headers TEXT NOT NULL,"
                    + " body BLOB NOT NULL)");
            statement.execute("CREATE INDEX events_by_status ON events (status)");
        }
        connection.setAutoCommit(false);
        insertKey = connection.prepareStatement("INSERT INTO keys (key, event_id) VALUES (?, ?)");
        insertEvent = connection.prepareStatement("INSERT INTO events (id, source, type, key, received_at, status, headers,"
                + " body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        this.body = body;
        this.compressed = new byte[body.length + 1024];
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = null;
        Path payload = null;
        long millis = 10_000;
        boolean serve = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir" -> dataDir = Path.of(args[++i]);
                case "--payload" -> payload = Path.of(args[++i]);
                case "--duration" -> millis = LoadSettings.duration(args[++i]).toMillis();
                case "--serve" -> serve = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (dataDir == null || payload == null) {
            System.err.println("usage: java -cp hookline-loadgen.jar io.hookline.loadgen.RawSqliteReference --data-dir DIR"
                    + " --payload FILE [--duration 10s] [--serve]");
            System.exit(2);
        }
        try (RawSqliteReference reference = new RawSqliteReference(dataDir, Files.readAllBytes(payload))) {
            if (!serve) {
                long stored = reference.storeFor(millis);
                System.out.printf(Locale.ROOT, "raw sqlite  %d events in %.1f s = %.0f events/s%n", stored, millis / 1000.0,
                        stored * 1000.0 / millis);
                return;
            }
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = commands.readLine(); line != null; line = commands.readLine()) {
                if (line.startsWith("slice ")) {
                    System.out.println(reference.storeFor(Long.parseLong(line.substring(6).trim())));
                    System.out.flush();
                }
            }
        }
    }

    /** Stores events in transactions of 64 until the time is up; answers how many were committed in it. */
    long storeFor(long millis) throws SQLException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        long stored = 0;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < PER_TRANSACTION; i++) {
                store();
            }
            insertKey.executeBatch();
            insertEvent.executeBatch();
            connection.commit();
            stored += PER_TRANSACTION;
        }
        return stored;
    }

    private void store() throws SQLException {
        deflater.reset();
        deflater.setInput(body);
        deflater.finish();
        int length = deflater.deflate(compressed);
        long id = nextId++;
        String key = UUID.randomUUID().toString();
        insertKey.setString(1, key);
        insertKey.setLong(2, id);
        insertKey.addBatch();
        insertEvent.setLong(1, id);
        insertEvent.setString(2, "gh");
        insertEvent.setString(3, "push");
        insertEvent.setString(4, key);
        insertEvent.setLong(5, System.currentTimeMillis());
        insertEvent.setString(6, "pending");
        insertEvent.setString(7, HEADERS);
        insertEvent.setBytes(8, Arrays.copyOf(compressed, length));
        insertEvent.addBatch();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
