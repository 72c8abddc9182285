package io.hookline.receiver.sentry;

import io.sentry.Breadcrumb;
import io.sentry.Hint;
import io.sentry.SentryEvent;
import io.sentry.SentryOptions;
import io.sentry.protocol.Message;
import io.sentry.protocol.SentryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The last thing before an event leaves the process: it removes request data (headers, cookies,
 * bodies) unless bodies are enabled, replaces every configured secret wherever it appears with
 * {@code [Filtered]}, and drops test events in a production environment.
 */
final class SentryScrubber implements SentryOptions.BeforeSendCallback {

    static final String FILTERED = "[Filtered]";
    static final String TEST_EVENT_TAG = "test_event";
    private static final Set<String> SENSITIVE = Set.of("authorization", "cookie", "signature", "token", "secret",
            "password", "set-cookie");

    private final Supplier<List<String>> secrets;
    private final boolean production;
    private final boolean sendBodies;

    /** @param secrets the secret values as they are when an event is sent: some change at run time */
    SentryScrubber(Supplier<List<String>> secrets, String environment, boolean sendBodies) {
        this.secrets = secrets;
        this.production = "production".equalsIgnoreCase(environment);
        this.sendBodies = sendBodies;
    }

    @Override
    public SentryEvent execute(SentryEvent event, Hint hint) {
        if (production && "true".equals(event.getTag(TEST_EVENT_TAG))) {
            return null;
        }
        event.setRequest(null);
        event.setUser(null);
        if (!sendBodies && event.getExtras() != null) {
            event.removeExtra("body");
        }
        if (event.getMessage() != null) {
            Message message = event.getMessage();
            message.setFormatted(scrub(message.getFormatted()));
            message.setMessage(scrub(message.getMessage()));
        }
        if (event.getExceptions() != null) {
            for (SentryException exception : event.getExceptions()) {
                exception.setValue(scrub(exception.getValue()));
            }
        }
        if (event.getTags() != null) {
            new ArrayList<>(event.getTags().entrySet()).forEach(tag -> event.setTag(tag.getKey(), scrub(tag.getValue())));
        }
        if (event.getExtras() != null) {
            new ArrayList<>(event.getExtras().entrySet()).forEach(extra -> event.setExtra(extra.getKey(),
                    sensitive(extra.getKey()) ? FILTERED : scrubValue(extra.getValue())));
        }
        if (event.getBreadcrumbs() != null) {
            for (Breadcrumb breadcrumb : event.getBreadcrumbs()) {
                breadcrumb.setMessage(scrub(breadcrumb.getMessage()));
                new ArrayList<>(breadcrumb.getData().keySet()).forEach(key -> {
                    if (sensitive(key)) {
                        breadcrumb.setData(key, FILTERED);
                    }
                });
            }
        }
        Object context = event.getContexts().get("hookline");
        if (context instanceof Map<?, ?> map) {
            Map<String, Object> scrubbed = new java.util.LinkedHashMap<>();
            map.forEach((key, value) -> scrubbed.put(String.valueOf(key), scrubValue(value)));
            event.getContexts().put("hookline", scrubbed);
        }
        return event;
    }

    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String scrubbed = text;
        for (String secret : secrets.get()) {
            if (secret != null && secret.length() >= 4) {
                scrubbed = scrubbed.replace(secret, FILTERED);
            }
        }
        return scrubbed;
    }

    private Object scrubValue(Object value) {
        return value instanceof String text ? scrub(text) : value;
    }

    private static boolean sensitive(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return SENSITIVE.stream().anyMatch(lower::contains);
    }
}
