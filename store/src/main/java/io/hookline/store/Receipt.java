package io.hookline.store;

/**
 * What the store says once an append is committed.
 *
 * @param eventId the stored event's id: the new one, or for a duplicate the first one stored
 * @param duplicate whether the key was already stored, so nothing new was written
 */
public record Receipt(String eventId, boolean duplicate) {}
