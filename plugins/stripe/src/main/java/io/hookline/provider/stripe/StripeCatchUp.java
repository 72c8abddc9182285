package io.hookline.provider.stripe;

import io.hookline.provider.common.OtherProvidersKeys;
import io.hookline.spi.CatchUp;
import io.hookline.spi.CatchUpException;
import io.hookline.spi.CatchUpRun;
import io.hookline.spi.CatchUpSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stripe retries a failed webhook for three days and then stops; its API lists every event of the
 * last 30 days. A run lists the events created since its start point and hands each one the source
 * has not stored to the receiver, which keys, types and dates it as this source's webhook would be,
 * routes it like one and marks it as fetched. The idempotency table decides, as for webhooks, so an
 * event is never stored twice, whichever way it came first.
 */
final class StripeCatchUp implements CatchUp {

    /** The settings of a Stripe source's {@code reconcile} block. */
    static final Set<String> SETTINGS = Set.of("api-key", "api-url");
    /** How far back Stripe lists events (docs: "going back up to 30 days"). */
    static final Duration REACH = Duration.ofDays(30);
    private static final Map<String, String> HEADERS = Map.of("content-type", "application/json");

    private final StripeEvents api;

    StripeCatchUp(StripeEvents api) {
        this.api = api;
    }

    /**
     * A source's catch-up from its {@code reconcile} block: {@code api-key} required, {@code api-url}
     * for tests and proxies.
     *
     * @throws IllegalArgumentException naming the key of a setting that cannot work
     */
    static StripeCatchUp of(CatchUpSettings settings) {
        OtherProvidersKeys.refuse(settings, "token", "GitHub's; Stripe takes api-key");
        OtherProvidersKeys.refuse(settings, "hook", "GitHub's");
        settings.requireKnownSettings(SETTINGS);
        return new StripeCatchUp(new StripeEvents(settings.urlSetting("api-url", StripeEvents.PUBLIC_API),
                settings.required("api-key")));
    }

    @Override
    public Duration reach() {
        return REACH;
    }

    @Override
    public void run(CatchUpRun run) throws CatchUpException, InterruptedException {
        String after = null;
        boolean more = true;
        while (more) {
            StripeEvents.Page page = api.page(run.since(), after);
            List<StripeEvents.Fetched> events = page.events();
            run.checked(events.size());
            Set<String> stored = run.storedKeys(events.stream().map(StripeEvents.Fetched::id).toList());
            // Each page comes newest first; stored oldest first, so a page's events keep their order.
            List<StripeEvents.Fetched> oldestFirst = new ArrayList<>(events);
            Collections.reverse(oldestFirst);
            for (StripeEvents.Fetched event : oldestFirst) {
                if (!stored.contains(event.id())) {
                    run.store(event.body(), HEADERS);
                }
            }
            more = page.hasMore() && !events.isEmpty();
            after = events.isEmpty() ? null : events.get(events.size() - 1).id();
        }
    }
}
