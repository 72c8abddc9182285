package io.hookline.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on {@code hookline_work} with a connection of its own and calls back when another
 * instance commits work, so dispatch latency does not depend on polling. The dispatcher's slow
 * poll stays as the fallback: a notification missed while this connection was down costs at most
 * one poll interval. After a lost connection it reconnects by itself, every few seconds.
 */
final class WorkListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkListener.class);
    private static final int WAIT_MILLIS = 500;
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(2);

    @FunctionalInterface
    interface Connector {
        Connection connect() throws SQLException;
    }

    private final Connector connector;
    private final Runnable onWork;
    private final Thread thread;
    private volatile boolean running = true;

    private WorkListener(Connector connector, Runnable onWork) {
        this.connector = connector;
        this.onWork = onWork;
        this.thread = new Thread(this::run, "hookline-postgres-listener");
        this.thread.setDaemon(true);
    }

    static WorkListener start(Connector connector, Runnable onWork) {
        WorkListener listener = new WorkListener(connector, onWork);
        listener.thread.start();
        return listener;
    }

    private void run() {
        boolean lost = false;
        while (running) {
            try (Connection connection = connector.connect()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + PostgresDialect.WORK_CHANNEL);
                }
                if (lost) {
                    LOG.info("Listening for work from other instances again");
                    lost = false;
                }
                // Work may have been stored while nobody listened.
                onWork.run();
                PGConnection listening = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = listening.getNotifications(WAIT_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        onWork.run();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running && !lost) {
                    LOG.warn("Not hearing of work from other instances (polling meanwhile): {}", e.getMessage());
                    lost = true;
                }
                pause();
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT_DELAY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(WAIT_MILLIS * 4L);
    }
}
