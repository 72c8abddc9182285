package io.hookline.postgres;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests: a throwaway cluster in a temporary directory, started once
 * per test JVM on a free loopback port and removed when the JVM exits. Each test asks for a new
 * empty database. The server binaries are Debian's ({@code apt-get install postgresql}) where they
 * are installed, else those of a Maven artifact ({@link MavenPostgresBinaries}), so the tests need
 * nothing but Maven. As root (CI), the server runs as the {@code postgres} user (or {@code nobody}
 * where there is none), since {@code initdb} refuses root.
 *
 * <p>To use a server of your own instead, set {@code HOOKLINE_TEST_POSTGRES_URL} to a JDBC URL
 * (with {@code user} and {@code password} in it) of a role that may create databases.
 */
public final class TestPostgres {

    private static final String URL_VARIABLE = "HOOKLINE_TEST_POSTGRES_URL";
    private static TestPostgres server;

    private final String host;
    private final String adminUrl;
    private final Cluster cluster;
    private final AtomicInteger databases = new AtomicInteger();

    private TestPostgres(String host, String adminUrl, Cluster cluster) {
        this.host = host;
        this.adminUrl = adminUrl;
        this.cluster = cluster;
    }

    /** A cluster of the tests' own: where its files are, and how it runs. */
    private record Cluster(Path bin, Path root, Path data, int port, String runAs) {
        void pgCtl(String... arguments) throws IOException {
            List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString()));
            command.addAll(List.of(arguments));
            run(command, runAs);
        }
    }

    /** The server, started on first use. */
    public static synchronized TestPostgres server() {
        if (server == null) {
            String given = System.getenv(URL_VARIABLE);
            server = given == null || given.isBlank() ? startCluster() : new TestPostgres(null, given, null);
        }
        return server;
    }

    /** A server of the test's own, which it may stop and start again (an outage); always a throwaway cluster. */
    public static TestPostgres dedicated() {
        return startCluster();
    }

    /** A throwaway cluster run with the Maven artifact's binaries, whether or not Debian's are installed. */
    public static TestPostgres fromMavenArtifact() {
        return startCluster(MavenPostgresBinaries.bin());
    }

    /** The {@code bin} directory of the server binaries this cluster runs; null for a server given by URL. */
    public Path binaries() {
        return cluster == null ? null : cluster.bin();
    }

    /** Stops the server at once, as a crash or a network loss looks to its clients. */
    public void stop() {
        try {
            cluster().pgCtl("-m", "immediate", "-w", "stop");
        } catch (IOException e) {
            throw new IllegalStateException("cannot stop the test PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Starts the server again on the same port and data. */
    public void start() {
        try {
            cluster().pgCtl(startArguments(cluster.root(), cluster.port()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test PostgreSQL: " + e.getMessage(), e);
        }
    }

    private Cluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("only a throwaway cluster can be stopped and started");
        }
        return cluster;
    }

    /** A new empty database; answers its JDBC URL. */
    public String newDatabase() {
        String name = "hookline_test_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        try (Connection admin = DriverManager.getConnection(adminUrl); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
        }
        return urlOf(name);
    }

    /** The settings the store opens a database of this server with. */
    public PostgresSettings settings(String url) {
        return new PostgresSettings(url, "postgres", null);
    }

    private String urlOf(String database) {
        if (host != null) {
            return "jdbc:postgresql://" + host + "/" + database;
        }
        int query = adminUrl.indexOf('?');
        String base = query < 0 ? adminUrl : adminUrl.substring(0, query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + (query < 0 ? "" : adminUrl.substring(query));
    }

    private static TestPostgres startCluster() {
        return startCluster(serverBinaries());
    }

    private static TestPostgres startCluster(Path bin) {
        try {
            Path root = Files.createTempDirectory("hookline-postgres-");
            Path data = root.resolve("data");
            String runAs = "root".equals(System.getProperty("user.name")) ? unprivilegedUser() : null;
            if (runAs != null) {
                run(List.of("chown", runAs, root.toString()), null);
            }
            run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "postgres",
                    "--no-sync", "-E", "UTF8", "--no-locale"), runAs);
            int port = freePort();
            Cluster cluster = new Cluster(bin, root, data, port, runAs);
            cluster.pgCtl(startArguments(root, port));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> remove(cluster)));
            String host = "127.0.0.1:" + port;
            return new TestPostgres(host, "jdbc:postgresql://" + host + "/postgres?user=postgres", cluster);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a throwaway PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static String[] startArguments(Path root, int port) {
        return new String[] {"-l", root.resolve("server.log").toString(),
                "-o", "-p " + port + " -k " + root + " -c listen_addresses=127.0.0.1 -c fsync=off"
                        + " -c full_page_writes=off -c max_connections=300",
                "-w", "start"};
    }

    private static void remove(Cluster cluster) {
        try {
            cluster.pgCtl("-m", "immediate", "-w", "stop");
        } catch (RuntimeException | IOException e) {
            // Already stopped, or the JVM is exiting; the directory goes below either way.
        }
        try (Stream<Path> files = Files.walk(cluster.root())) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Best effort: it is a temporary directory.
        }
    }

    /** The newest {@code /usr/lib/postgresql/N/bin} with initdb in it, else the Maven artifact's binaries. */
    private static Path serverBinaries() {
        Path versions = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(versions)) {
            try (Stream<Path> found = Files.list(versions)) {
                List<Path> bins = new ArrayList<>(found.map(version -> version.resolve("bin"))
                        .filter(dir -> Files.isExecutable(dir.resolve("initdb"))).toList());
                bins.sort(Comparator.comparing((Path dir) -> versionOf(dir)).reversed());
                if (!bins.isEmpty()) {
                    return bins.get(0);
                }
            } catch (IOException e) {
                // Reported below.
            }
        }
        return MavenPostgresBinaries.bin();
    }

    /** Who runs the server when the tests run as root: Debian's {@code postgres} user, else {@code nobody}. */
    private static String unprivilegedUser() {
        try {
            Process id = new ProcessBuilder("id", "-u", "postgres").redirectErrorStream(true).start();
            id.getInputStream().readAllBytes();
            return id.waitFor() == 0 ? "postgres" : "nobody";
        } catch (IOException e) {
            return "nobody";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "nobody";
        }
    }

    private static int versionOf(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void run(List<String> command, String runAs) throws IOException {
        List<String> full = new ArrayList<>();
        if (runAs != null) {
            full.addAll(List.of("runuser", "-u", runAs, "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }
}
