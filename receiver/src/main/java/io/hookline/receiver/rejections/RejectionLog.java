package io.hookline.receiver.rejections;

import io.hookline.receiver.error.ErrorClass;
import io.hookline.receiver.sentry.Reports;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.SourceVerifier;
import io.hookline.spi.Verification;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The most recent refused webhook requests of each source ({@value #KEPT_PER_SOURCE} a source, in
 * memory: a restart empties it), each with a diagnosis worked out after the answer was sent, on
 * one thread of its own with a bounded backlog, so a flood of forgeries costs the request path
 * nothing and the diagnosis thread a bounded amount. The caller's answer never depends on it.
 * Sentry hears of a burst of refusals once the diagnosis of the one that made it a burst is done,
 * with its leading finding. Refusals from an address over its budget of refusals
 * ({@code hookline.refusals-per-address}) are only counted, per source: keeping and diagnosing them
 * is the work a flood of forgeries would otherwise buy.
 */
@Singleton
public class RejectionLog {

    static final int KEPT_PER_SOURCE = 500;
    /** Bodies waiting for a diagnosis, at most: beyond it a refusal is logged undiagnosed. */
    private static final long MAX_PENDING_BYTES = 8L * 1024 * 1024;
    private static final int MAX_PENDING = 256;

    private final ConfiguredSources sources;
    private final Reports reports;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong pendingBytes = new AtomicLong();
    /** Per source, its refused requests by id in arrival order, the oldest dropped beyond the bound. */
    private final Map<String, Map<String, RefusedRequest>> bySource = new ConcurrentHashMap<>();
    /** Per source, the refusals not kept because their address was over its budget of refusals. */
    private final Map<String, AtomicLong> overAddressLimit = new ConcurrentHashMap<>();
    private final ExecutorService diagnoses = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(MAX_PENDING), task -> {
                Thread thread = new Thread(task, "hookline-diagnosis");
                thread.setDaemon(true);
                return thread;
            });

    public RejectionLog(ConfiguredSources sources, Reports reports) {
        this.sources = sources;
        this.reports = reports;
    }

    /**
     * A request the source's provider refused. Logged at once; diagnosed later when the verdict is a
     * signature or replay failure, and then reported.
     */
    public void refused(String source, String provider, ErrorClass errorClass, String detail, InboundRequest request,
            Verification.Rejected rejected, String requestId, String remoteAddress, Instant now) {
        RefusedRequest refused = new RefusedRequest(String.format("rej_%012d", ids.incrementAndGet()), source, provider,
                errorClass.wireName(), detail, now, requestId, remoteAddress, request.body().length,
                sha256(request.body()), List.of(), rejected == null);
        keep(refused);
        if (rejected == null) {
            reports.rejected(source, provider, errorClass, detail, null, null);
            return;
        }
        long size = request.body().length;
        if (pendingBytes.addAndGet(size) > MAX_PENDING_BYTES) {
            pendingBytes.addAndGet(-size);
            undiagnosed(refused, errorClass);
            return;
        }
        try {
            diagnoses.execute(() -> {
                try {
                    diagnose(refused, errorClass, request, rejected, now);
                } finally {
                    pendingBytes.addAndGet(-size);
                }
            });
        } catch (RejectedExecutionException busy) {
            pendingBytes.addAndGet(-size);
            undiagnosed(refused, errorClass);
        }
    }

    /** A refused request of a configured source, answered 429 because its address is over its budget: counted only. */
    public void overAddressLimit(String source) {
        overAddressLimit.computeIfAbsent(source, name -> new AtomicLong()).incrementAndGet();
    }

    /** How many refused requests were counted but not kept since start, of one source or all. */
    public long overAddressLimitCount(String source) {
        if (source != null) {
            AtomicLong count = overAddressLimit.get(source);
            return count == null ? 0 : count.get();
        }
        return overAddressLimit.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** The newest refused requests, of one source or all, newest first. */
    public List<RefusedRequest> recent(String source, int limit) {
        List<RefusedRequest> all = new ArrayList<>();
        bySource.forEach((name, kept) -> {
            if (source == null || source.equals(name)) {
                synchronized (kept) {
                    all.addAll(kept.values());
                }
            }
        });
        all.sort((a, b) -> b.id().compareTo(a.id()));
        return all.subList(0, Math.min(limit, all.size()));
    }

    private void diagnose(RefusedRequest refused, ErrorClass errorClass, InboundRequest request,
            Verification.Rejected rejected, Instant now) {
        // Each other source's secrets, held by a verifier of this source's scheme: a request signed
        // with the secret of a source of another provider is found too.
        Map<String, SourceVerifier> verifiers = new LinkedHashMap<>();
        sources.describe().keySet().forEach(name -> sources.withSecretsOf(refused.source(), name)
                .ifPresent(v -> verifiers.put(name, v)));
        SourceVerifier own = verifiers.get(refused.source());
        List<Finding> findings;
        try {
            findings = own == null ? List.of(new Finding("not_diagnosed", "the source is gone"))
                    : Diagnosis.of(refused.source(), own, request, rejected, now, verifiers);
        } catch (RuntimeException e) {
            findings = List.of(new Finding("not_diagnosed", "the diagnosis failed: " + e.getClass().getSimpleName()));
        }
        RefusedRequest done = refused.diagnosed(findings);
        replace(done);
        reports.rejected(refused.source(), refused.provider(), errorClass, refused.detail(), findings.get(0).code(),
                findings.get(0).detail());
    }

    private void undiagnosed(RefusedRequest refused, ErrorClass errorClass) {
        Finding skipped = new Finding("not_diagnosed", "too many refused requests at once to diagnose them all");
        replace(refused.diagnosed(List.of(skipped)));
        reports.rejected(refused.source(), refused.provider(), errorClass, refused.detail(), skipped.code(),
                skipped.detail());
    }

    private void keep(RefusedRequest refused) {
        Map<String, RefusedRequest> kept = bySource.computeIfAbsent(refused.source(),
                name -> new LinkedHashMap<>(16, 0.75f, false) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, RefusedRequest> eldest) {
                        return size() > KEPT_PER_SOURCE;
                    }
                });
        synchronized (kept) {
            kept.put(refused.id(), refused);
        }
    }

    /** Puts the diagnosed request in its place, unless newer refusals pushed it out meanwhile. */
    private void replace(RefusedRequest done) {
        Map<String, RefusedRequest> kept = bySource.get(done.source());
        synchronized (kept) {
            kept.replace(done.id(), done);
        }
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @PreDestroy
    void stop() {
        diagnoses.shutdownNow();
    }
}
