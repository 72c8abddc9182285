package io.hookline.sqlite;

/** A second process with the store open: opens it, says so, and keeps it open until killed. */
public final class HoldStore {

    private HoldStore() {}

    public static void main(String[] args) throws Exception {
        try (SqliteEngine engine = SqliteEngine.open(SqliteSettings.defaults(java.nio.file.Path.of(args[0])))) {
            System.out.println("open " + ProcessHandle.current().pid());
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
