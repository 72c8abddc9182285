package io.hookline.receiver.admin;

import java.time.Instant;

/** One paced bulk replay and how far it has come. */
final class ReplayJob {

    static final String RUNNING = "running";
    static final String DONE = "done";
    static final String CANCELLED = "cancelled";
    static final String FAILED = "failed";

    /** What {@code GET /admin/replays/{id}} shows. */
    record Snapshot(String id, String status, String selection, double rate, int events, int done, int queued,
            Instant startedAt, Instant finishedAt, String message) {}

    private final String id;
    private final String selection;
    private final double rate;
    private final int events;
    private final Instant startedAt;
    private int done;
    private int queued;
    private String status = RUNNING;
    private Instant finishedAt;
    private String message;
    private volatile boolean cancelled;

    ReplayJob(String id, String selection, double rate, int events, Instant startedAt) {
        this.id = id;
        this.selection = selection;
        this.rate = rate;
        this.events = events;
        this.startedAt = startedAt;
    }

    String id() {
        return id;
    }

    double rate() {
        return rate;
    }

    void cancel() {
        cancelled = true;
    }

    boolean cancelled() {
        return cancelled;
    }

    synchronized void progressed(int handled, int nowQueued) {
        done += handled;
        queued += nowQueued;
    }

    synchronized void finish(String outcome, String why) {
        status = outcome;
        message = why;
        finishedAt = Instant.now();
    }

    synchronized boolean finished() {
        return !RUNNING.equals(status);
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(id, status, selection, rate, events, done, queued, startedAt, finishedAt, message);
    }
}
