package io.hookline.receiver.admin;

import io.hookline.receiver.dispatch.Routes;
import io.hookline.receiver.error.ErrorClass;
import io.hookline.receiver.error.WebhookException;
import io.hookline.receiver.ingest.Sources;
import io.hookline.receiver.plugins.LoadedPlugins;
import io.hookline.receiver.sentry.Reports;
import io.hookline.receiver.sentry.SentryReporter;
import io.hookline.spi.StoredEvent;
import io.hookline.store.DeliveryStatus;
import io.hookline.store.EventFilter;
import io.hookline.store.EventQueries;
import io.hookline.store.EventStore;
import io.hookline.store.EventSummary;
import io.hookline.store.ReplayChoice;
import io.hookline.store.ReplayOutcome;
import io.hookline.store.ReplayRequest;
import io.hookline.store.ReplayResult;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The admin API, behind {@code hookline.admin-token}: list and inspect events with their
 * deliveries and attempts, find one by its sender's key, read its body, replay one event or all
 * matching a filter, list the plugins.
 */
@Controller("/admin")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AdminController {

    /** The header the dashboard sends, {@code dashboard}, so that its replays are recorded as its own. */
    static final String ORIGIN = "X-Hookline-Origin";
    private static final int MAX_LIMIT = 500;
    private static final double MAX_RATE = 10_000;

    private final EventQueries queries;
    private final Replays replays;
    private final ReplayJobs replayJobs;
    private final Reports reports;
    private final SentryReporter sentry;
    private final LoadedPlugins plugins;
    private final Sources sources;
    private final EventStore store;
    private final Routes routes;

    public AdminController(EventQueries queries, Replays replays, Reports reports, SentryReporter sentry,
            LoadedPlugins plugins, Sources sources, EventStore store, ReplayJobs replayJobs, Routes routes) {
        this.routes = routes;
        this.replayJobs = replayJobs;
        this.sources = sources;
        this.store = store;
        this.plugins = plugins;
        this.reports = reports;
        this.sentry = sentry;
        this.queries = queries;
        this.replays = replays;
    }

    @Get("/events")
    public AdminViews.Page list(@Nullable @QueryValue String status,
            @Nullable @QueryValue String source, @Nullable @QueryValue String type, @Nullable @QueryValue Integer limit,
            @Nullable @QueryValue String cursor, @Nullable @QueryValue String from, @Nullable @QueryValue String to,
            @Nullable @QueryValue String key) {
        int size = QueryParameters.limit(limit, 50, MAX_LIMIT);
        EventFilter filter = new EventFilter(QueryParameters.status(status), source, type, instant("from", from),
                instant("to", to));
        if (key != null && !key.isEmpty()) {
            return byKey(filter, key);
        }
        return AdminViews.Page.of(queries.list(filter, QueryParameters.cursor(cursor), size));
    }

    /**
     * The events stored under a sender's idempotency key, one per source at most: the keys are
     * unique per source, so each source is one index lookup, and there are few sources.
     */
    private AdminViews.Page byKey(EventFilter filter, String key) {
        List<String> names = filter.source() == null ? List.copyOf(sources.describe().keySet()) : List.of(filter.source());
        List<AdminViews.Event> found = names.stream().map(name -> queries.byKey(name, key)).flatMap(Optional::stream)
                .filter(filter::matches).sorted(Comparator.comparing(EventSummary::id).reversed())
                .map(AdminViews.Event::of).toList();
        return new AdminViews.Page(found, null);
    }

    /**
     * The stored body, byte for byte as received, with the content type and coding it arrived with. Never
     * rendered by a browser: the answer is sandboxed and not sniffed.
     */
    @Get("/events/{id}/body")
    public HttpResponse<byte[]> body(@PathVariable String id) {
        StoredEvent event = store.find(id).orElseThrow(() -> notFound(id));
        if (event.body() == null) {
            throw new WebhookException(ErrorClass.BODY_PRUNED,
                    "event " + id + " is past hookline.retention.bodies; its body is gone");
        }
        MediaType contentType;
        try {
            contentType = MediaType.of(event.headers().getOrDefault("content-type", MediaType.APPLICATION_OCTET_STREAM));
        } catch (IllegalArgumentException unreadable) {
            contentType = MediaType.APPLICATION_OCTET_STREAM_TYPE;
        }
        MutableHttpResponse<byte[]> answer = HttpResponse.ok(event.body()).contentType(contentType)
                .header("X-Content-Type-Options", "nosniff").header("Content-Security-Policy", "sandbox")
                .header("Cache-Control", "no-store");
        // A body that arrived compressed is stored so and answered so, saying how: a browser shows it
        // decoded, a client that does not decode gets the bytes the sender sent.
        String coding = event.headers().get("content-encoding");
        return coding == null ? answer : answer.header(HttpHeaders.CONTENT_ENCODING, coding);
    }

    @Get("/stats")
    public AdminViews.Stats stats() {
        Map<String, Map<String, Long>> sources = new TreeMap<>();
        queries.countsBySourceAndStatus().forEach((source, counts) -> sources.put(source, byName(counts)));
        List<AdminViews.Hour> hours = new ArrayList<>();
        queries.hourly(Instant.now().minus(Duration.ofHours(24)))
                .forEach((hour, counts) -> hours.add(new AdminViews.Hour(hour, byName(counts))));
        return new AdminViews.Stats(sources, hours);
    }

    private static Map<String, Long> byName(Map<DeliveryStatus, Long> counts) {
        Map<String, Long> named = new LinkedHashMap<>();
        for (DeliveryStatus status : DeliveryStatus.ofEvents()) {
            named.put(status.wireName(), counts.getOrDefault(status, 0L));
        }
        return named;
    }

    @Get("/events/{id}")
    public AdminViews.Detail detail(@PathVariable String id) {
        return queries.detail(id).map(detail -> AdminViews.Detail.of(detail, routes::breaker)).orElseThrow(() -> notFound(id));
    }

    /**
     * Replays one event: by default its failed deliveries ({@code 202} with the routes queued, or
     * {@code 200 nothing_to_replay}); {@code routes} or {@code all} choose others; {@code dry_run}
     * says what would be queued ({@code 200}). Recorded in the event's history, as started by the
     * dashboard when it says so with {@value #ORIGIN}.
     */
    @Post("/events/{id}/replay")
    public HttpResponse<AdminViews.Replayed> replay(@PathVariable String id, AdminRequestBody body,
            @Nullable @Header(ORIGIN) String origin) {
        AdminViews.EventReplay given = body.as(AdminViews.EventReplay.class, "a replay");
        EventSummary event = queries.detail(id).orElseThrow(() -> notFound(id)).summary();
        boolean dryRun = Boolean.TRUE.equals(given.dryRun());
        ReplayResult result = replays.replay(event,
                new ReplayRequest(choice(given.routes(), given.all()), startedBy(origin), dryRun, null));
        if (result.outcome() == ReplayOutcome.BODY_PRUNED) {
            throw new WebhookException(ErrorClass.BODY_PRUNED,
                    "event " + id + " is past hookline.retention.bodies; its body is gone and cannot be replayed");
        }
        if (result.outcome() == ReplayOutcome.NOT_FOUND) {
            throw notFound(id);
        }
        if (dryRun) {
            return HttpResponse.ok(new AdminViews.Replayed("dry_run", id, result.routes(), result.dropped(), result.running()));
        }
        if (result.routes().isEmpty()) {
            return HttpResponse.ok(new AdminViews.Replayed("nothing_to_replay", id, result.routes(), result.dropped(), result.running()));
        }
        return HttpResponse.status(HttpStatus.ACCEPTED)
                .body(new AdminViews.Replayed("queued", id, result.routes(), result.dropped(), result.running()));
    }

    /**
     * Replays every event matching the filter: at once ({@code 202 {"queued": N}}), at a pace in the
     * background ({@code rate}: {@code 202} with the replay's progress), or not at all
     * ({@code dry_run}: {@code 200} with what it would queue). Of each event, the deliveries chosen as
     * for one event: by default the failed ones.
     */
    @Post("/replay")
    public HttpResponse<?> replayAll(AdminRequestBody body, @Nullable @Header(ORIGIN) String origin) {
        AdminViews.ReplayFilter given = body.as(AdminViews.ReplayFilter.class, "a replay");
        DeliveryStatus status = given.status() == null ? DeliveryStatus.DEAD : QueryParameters.status(given.status(), ErrorClass.INVALID_BODY);
        EventFilter events = new EventFilter(status, given.source(), given.type(), given.from(), given.to());
        Double rate = given.rate();
        if (rate != null && !(rate > 0 && rate <= MAX_RATE)) {
            throw new WebhookException(ErrorClass.INVALID_BODY,
                    "rate must be a number of events a second above 0 and at most " + (int) MAX_RATE + "; not " + rate);
        }
        ReplayChoice choice = choice(given.routes(), given.all());
        replays.checkRoutes(choice);
        if (Boolean.TRUE.equals(given.dryRun())) {
            return HttpResponse.ok(AdminViews.DryRun.of(replays.plan(events, choice), rate));
        }
        ReplayRequest request = new ReplayRequest(choice, startedBy(origin), false, rate);
        if (rate != null) {
            ReplayJob job = replayJobs.start(events, rate, request);
            return HttpResponse.status(HttpStatus.ACCEPTED).body(AdminViews.ReplayProgress.of(job.snapshot()));
        }
        int queued = replays.replayAll(events, request);
        return HttpResponse.status(HttpStatus.ACCEPTED).body(new AdminViews.BulkReplayed(queued));
    }

    private static ReplayChoice choice(List<String> routes, Boolean all) {
        if (routes != null && Boolean.TRUE.equals(all)) {
            throw new WebhookException(ErrorClass.INVALID_BODY,
                    "give routes (replay those) or all (replay every route), not both");
        }
        if (routes != null) {
            if (routes.isEmpty()) {
                throw new WebhookException(ErrorClass.INVALID_BODY,
                        "routes: name at least one route or subscription, or leave routes out to replay the failed"
                                + " deliveries");
            }
            return ReplayChoice.routes(routes);
        }
        return Boolean.TRUE.equals(all) ? ReplayChoice.ALL : ReplayChoice.FAILED;
    }

    private static String startedBy(String origin) {
        return ReplayRequest.DASHBOARD.equals(origin) ? ReplayRequest.DASHBOARD : ReplayRequest.API;
    }

    @Get("/replays")
    public AdminViews.ReplayList replayJobs() {
        return new AdminViews.ReplayList(replayJobs.list().stream().map(job -> AdminViews.ReplayProgress.of(job.snapshot()))
                .toList());
    }

    @Get("/replays/{id}")
    public AdminViews.ReplayProgress replayJob(@PathVariable String id) {
        return AdminViews.ReplayProgress.of(job(id).snapshot());
    }

    /** Stops a paced replay; what it already queued stays queued. */
    @Post("/replays/{id}/cancel")
    public AdminViews.ReplayProgress cancelReplayJob(@PathVariable String id) {
        ReplayJob job = job(id);
        job.cancel();
        return AdminViews.ReplayProgress.of(job.snapshot());
    }

    private ReplayJob job(String id) {
        return replayJobs.find(id).orElseThrow(() -> new WebhookException(ErrorClass.NOT_FOUND,
                "no replay has id '" + id + "' (replays are kept in memory until the receiver restarts)"));
    }

    @Get("/plugins")
    public AdminViews.Plugins plugins() {
        List<AdminViews.Plugin> listed = new ArrayList<>();
        listed.add(AdminViews.Plugin.of(plugins.builtIns()));
        plugins.jars().forEach(jar -> listed.add(AdminViews.Plugin.of(jar)));
        return new AdminViews.Plugins(listed);
    }

    @Post("/sentry-test")
    public AdminViews.SentryTest sentryTest() {
        if (!sentry.enabled()) {
            throw new WebhookException(ErrorClass.SENTRY_DISABLED, "Sentry is off; set hookline.sentry.dsn");
        }
        String id = reports.wiringCheck().toString();
        sentry.flush(Duration.ofSeconds(5));
        return new AdminViews.SentryTest(id);
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new WebhookException(ErrorClass.INVALID_QUERY,
                    name + " must be an ISO-8601 instant such as 2026-11-25T08:00:00Z; not '" + value + "'");
        }
    }

    private static WebhookException notFound(String id) {
        return new WebhookException(ErrorClass.EVENT_NOT_FOUND, "no event has id '" + id + "'");
    }
}
