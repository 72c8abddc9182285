package io.hookline.provider.github;

import io.hookline.provider.common.OtherProvidersKeys;
import io.hookline.spi.CatchUp;
import io.hookline.spi.CatchUpException;
import io.hookline.spi.CatchUpRun;
import io.hookline.spi.CatchUpSettings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GitHub does not retry a failed delivery; it keeps the hook's deliveries for three days and
 * redelivers one when asked. A run lists the deliveries since its start point, groups them by
 * {@code guid} (one event, however many attempts), and asks GitHub to redeliver each event that no
 * attempt delivered and that the source has not stored. The redelivery comes back through
 * {@code POST /hooks/{source}}, signed, and is verified and deduplicated like any webhook: nothing
 * is stored here. An event asked for once is not asked for again while the receiver runs, nor is
 * one whose request got no answer: GitHub may have accepted it.
 */
final class GitHubCatchUp implements CatchUp {

    /** The settings of a GitHub source's {@code reconcile} block. */
    static final Set<String> SETTINGS = Set.of("api-url", "hook", "token");
    /** How long GitHub keeps deliveries that can be redelivered (docs: "the past 3 days"). */
    static final Duration REACH = Duration.ofDays(3);
    private static final int REMEMBERED = 10_000;

    private final GitHubDeliveries api;
    private final Clock clock;
    private final Map<String, Instant> requested = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > REMEMBERED;
        }
    });

    GitHubCatchUp(GitHubDeliveries api, Clock clock) {
        this.api = api;
        this.clock = clock;
    }

    /**
     * A source's catch-up from its {@code reconcile} block: {@code token} and {@code hook} required,
     * {@code api-url} for GitHub Enterprise Server.
     *
     * @throws IllegalArgumentException naming the key of a setting that cannot work
     */
    static GitHubCatchUp of(CatchUpSettings settings) {
        OtherProvidersKeys.refuse(settings, "api-key", "Stripe's; GitHub takes token");
        settings.requireKnownSettings(SETTINGS);
        URI apiUrl = settings.urlSetting("api-url", GitHubDeliveries.PUBLIC_API);
        String hook = settings.required("hook");
        if (!GitHubDeliveries.HOOK.matcher(hook).matches()) {
            throw new IllegalArgumentException(settings.settingKey("hook")
                    + " must be repos/OWNER/REPO/hooks/ID or orgs/ORG/hooks/ID; not '" + hook + "'");
        }
        String token = settings.required("token");
        return new GitHubCatchUp(new GitHubDeliveries(apiUrl, hook, token), Clock.systemUTC());
    }

    @Override
    public Duration reach() {
        return REACH;
    }

    @Override
    public void run(CatchUpRun run) throws CatchUpException, InterruptedException {
        Map<String, Event> events = listSince(run.since());
        run.checked(events.size());
        Set<String> stored = run.storedKeys(events.keySet());
        List<Event> missing = new ArrayList<>();
        events.values().forEach(event -> {
            if (!event.delivered && !stored.contains(event.guid)) {
                missing.add(event);
            }
        });
        Collections.reverse(missing);
        for (Event event : missing) {
            Instant asked = requested.get(event.guid);
            if (asked != null) {
                run.failed(event.guid, "GitHub was asked to redeliver " + event.guid + " at " + asked
                        + " and it is still not stored; see the hook's Recent Deliveries on GitHub");
                continue;
            }
            GitHubDeliveries.Asked answer = api.redeliver(event.newestAttempt);
            switch (answer.outcome()) {
                case ACCEPTED -> {
                    requested.put(event.guid, clock.instant());
                    run.redeliveryRequested(event.guid);
                }
                case REFUSED -> run.failed(event.guid, answer.why() + " for " + event.guid);
                case UNANSWERED -> {
                    // GitHub may have accepted it: asking again could send the event twice.
                    requested.put(event.guid, clock.instant());
                    run.failed(event.guid, answer.why() + ", for " + event.guid + "; it may have been accepted, so it"
                            + " is not asked for again; if it does not arrive, redeliver it from the hook's Recent"
                            + " Deliveries on GitHub");
                }
            }
        }
    }

    /** Deliveries since {@code since}, one entry per event, newest first. */
    private Map<String, Event> listSince(Instant since) throws CatchUpException, InterruptedException {
        Map<String, Event> events = new LinkedHashMap<>();
        URI page = api.firstPage();
        while (page != null) {
            GitHubDeliveries.Page listed = api.page(page);
            boolean reachedSince = false;
            for (GitHubDeliveries.Delivery delivery : listed.deliveries()) {
                if (delivery.deliveredAt() == null || delivery.guid() == null) {
                    continue;
                }
                if (delivery.deliveredAt().isBefore(since)) {
                    reachedSince = true;
                    continue;
                }
                Event event = events.computeIfAbsent(delivery.guid(), guid -> new Event(guid, delivery.id()));
                event.delivered |= delivery.succeeded();
            }
            page = reachedSince ? null : listed.next();
        }
        return events;
    }

    /** One event's attempts: the newest attempt's id (the one to redeliver) and whether any succeeded. */
    private static final class Event {
        final String guid;
        final long newestAttempt;
        boolean delivered;

        Event(String guid, long newestAttempt) {
            this.guid = guid;
            this.newestAttempt = newestAttempt;
        }
    }
}
