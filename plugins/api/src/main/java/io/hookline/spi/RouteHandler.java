package io.hookline.spi;

/**
 * A handler bound to one route by {@link EventHandler#bind}: ready to handle that route's events,
 * with everything that depends only on the route's settings already parsed and built.
 *
 * <p>The receiver calls {@link #handle} from several worker threads at once, with the plugin's
 * own class loader as the context class loader, and calls {@link #close} once when it stops,
 * after the last attempt ended, so the handler can release what it holds (HTTP clients,
 * processes, connections).
 */
@FunctionalInterface
public interface RouteHandler extends AutoCloseable {

    /**
     * Handles one event, as {@link EventHandler#handle} describes: at least once per route, so
     * idempotent on {@link StoredEvent#id()}; a thrown exception fails the attempt and its type
     * decides whether it is retried.
     */
    void handle(StoredEvent event, HandlerContext context) throws Exception;

    /** Releases what the bound handler holds. The default holds nothing. */
    @Override
    default void close() throws Exception {}
}
