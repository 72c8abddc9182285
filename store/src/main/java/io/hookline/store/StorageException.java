package io.hookline.store;

/**
 * The store could not commit or read: the database is locked by another process for longer than
 * the busy timeout, the disk is full, the file cannot be written, or the store is closed. Nothing
 * that failed with this exception was committed.
 */
public class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
