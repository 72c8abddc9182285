package io.hookline.receiver.dispatch;

import io.hookline.receiver.filters.EventFacts;
import io.hookline.receiver.filters.Where;
import io.hookline.receiver.filters.WhereLanguage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a route's deliveries are ordered by ({@code order-by}): the key of one event, or null when the
 * event gives none (its delivery then runs in no particular order). Deliveries of a route with one
 * key run one at a time, oldest event first.
 *
 * <p>The built-in forms, parsed once at start by {@link #parse}: a JSON pointer into the body
 * ({@code /data/object/customer}), {@code key} (the idempotency key), {@code source}, {@code type},
 * {@code header:<name>}, or else an expression of the {@code where:} language whose result is the
 * key ({@code body.repository.full_name + ":" + body.ref}).
 *
 * <p>Each form gives its key as it is stored: a key longer than {@link #MAX_LENGTH} is kept as its
 * first characters and a digest of the whole ({@link BoundedKey}), so two long keys that begin alike
 * are still two keys.
 */
@FunctionalInterface
public interface OrderKey {

    /**
     * The longest key stored; a longer value is stored as its first characters, then {@code …sha256:}
     * and the SHA-256 of the whole value, this long in all.
     */
    int MAX_LENGTH = 200;

    /** The event's key, or null when it gives none. */
    String of(EventFacts event);

    /**
     * The event's key, with why there is none when a key's expression failed on the event (a field
     * that is not there), which is noted with the event; only an expression can fail.
     */
    default Keyed keyed(EventFacts event) {
        return new Keyed(of(event), null);
    }

    /** An event's key or null, and why the key's expression failed on it, or null. */
    record Keyed(String key, String failure) {}

    /**
     * Tells the event, before the first of its readers, which of its body's fields this key reads,
     * so that its body is parsed once for the key and the {@code where:} expressions together.
     */
    default void willRead(EventFacts event) {}

    /**
     * The order key that {@code spec} names.
     *
     * @throws IllegalArgumentException naming what is wrong and the forms allowed
     */
    static OrderKey parse(String spec) {
        return parse(spec, Set.of());
    }

    /**
     * The order key of a stored subscription, read as it was when it was made: a JSON pointer with a
     * {@code ~} that is not {@code ~0} or {@code ~1}, refused since, reads that step as written rather
     * than leaving the subscription undelivered.
     *
     * @throws IllegalArgumentException naming what is wrong and the forms allowed
     */
    static OrderKey ofStored(String spec) {
        return parse(spec, Set.of(), false);
    }

    /**
     * The order key that {@code spec} names, refusing a header that is never stored because it
     * carries credentials: such a key would leave every event unordered.
     *
     * @param credentialHeaders the headers that carry credentials, by lower-case name ({@link CredentialHeaders})
     * @throws IllegalArgumentException naming what is wrong and the forms allowed
     */
    static OrderKey parse(String spec, Set<String> credentialHeaders) {
        return parse(spec, credentialHeaders, true);
    }

    private static OrderKey parse(String spec, Set<String> credentialHeaders, boolean checkEscapes) {
        String text = spec == null ? "" : spec.strip();
        if (text.startsWith("/")) {
            if (checkEscapes) {
                checkEscapes(text, spec.indexOf('/'));
            }
            return bodyPointer(text);
        }
        if (text.regionMatches(true, 0, "header:", 0, 7) && text.length() > 7) {
            String name = text.substring(7).strip().toLowerCase(Locale.ROOT);
            if (credentialHeaders.contains(name)) {
                throw new IllegalArgumentException("header '" + name + "' carries credentials and is never stored:"
                        + " it cannot order deliveries");
            }
            return event -> BoundedKey.of(event.header(name));
        }
        return switch (text) {
            case "key" -> event -> BoundedKey.of(event.key());
            case "source" -> event -> BoundedKey.of(event.source());
            case "type" -> event -> BoundedKey.of(event.type());
            default -> expression(spec, text, credentialHeaders);
        };
    }

    /** A key given by an expression of the {@code where:} language over the event. */
    private static OrderKey expression(String spec, String text, Set<String> credentialHeaders) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("is empty: give a JSON pointer into the body (/data/object/customer),"
                    + " key, source, type, header:<name>, or an expression over the event as in where:"
                    + " (body.repository.full_name + ':' + body.ref); or leave it out");
        }
        Where expression;
        try {
            expression = WhereLanguage.compileKey(text, credentialHeaders);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(shown(spec) + " is not a key: give a JSON pointer into the body"
                    + " (/data/object/customer), key, source, type, header:<name>, or an expression over the event as"
                    + " in where: (body.repository.full_name + ':' + body.ref); as an expression, " + e.getMessage());
        }
        return new OrderKey() {
            @Override
            public String of(EventFacts event) {
                return keyed(event).key();
            }

            @Override
            public Keyed keyed(EventFacts event) {
                Where.Key key = expression.keyOf(event);
                return new Keyed(BoundedKey.of(key.value()), key.failure());
            }

            @Override
            public void willRead(EventFacts event) {
                event.willRead(expression);
            }
        };
    }

    /** The setting as written, quoted; cut after 100 characters, since the message gives the position. */
    private static String shown(String spec) {
        return "'" + (spec.length() > 100 ? spec.substring(0, 100) + "…' (" + spec.length() + " characters)" : spec + "'");
    }

    /**
     * Refuses a {@code ~} that is not {@code ~0} or {@code ~1} (RFC 6901).
     *
     * @param offset where the pointer begins in what was written, so that the position counts from there
     */
    private static void checkEscapes(String pointer, int offset) {
        for (int tilde = pointer.indexOf('~'); tilde >= 0; tilde = pointer.indexOf('~', tilde + 1)) {
            if (tilde + 1 == pointer.length() || "01".indexOf(pointer.charAt(tilde + 1)) < 0) {
                throw new IllegalArgumentException("'" + pointer + "' is not a JSON pointer: the '~' at character "
                        + (offset + tilde + 1) + " must be followed by 0 or 1 (~0 stands for '~', ~1 for '/')");
            }
        }
    }

    private static OrderKey bodyPointer(String pointer) {
        List<String> steps = new ArrayList<>();
        for (String step : pointer.substring(1).split("/", -1)) {
            steps.add(step.replace("~1", "/").replace("~0", "~"));
        }
        List<String> path = List.copyOf(steps);
        return new OrderKey() {
            @Override
            public String of(EventFacts event) {
                return BoundedKey.of(event.scalarAt(path));
            }

            @Override
            public void willRead(EventFacts event) {
                event.willReadField(path.get(0));
            }
        };
    }
}
