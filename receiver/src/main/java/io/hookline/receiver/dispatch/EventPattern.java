package io.hookline.receiver.dispatch;

import io.hookline.receiver.operational.OperationalEvents;
import java.util.regex.Pattern;

/**
 * Which events a route or a subscription wants: {@code source:type} globs ({@code gh:pull_request.*}),
 * or a type glob alone for every source ({@code push}, {@code *}).
 *
 * <p>Hookline's own operational events (source {@code hookline}) are matched only by a pattern that
 * names that source ({@code hookline:*}, {@code hookline:delivery.dead}): a catch-all such as
 * {@code *} or {@code *:push} does not take them, so a route forwarding everything to a service that
 * expects its senders' events does not start receiving Hookline's.
 *
 * @param text the pattern as written
 */
public record EventPattern(String text, Pattern source, Pattern type) {

    /** @throws IllegalArgumentException naming what is wrong with the pattern */
    public static EventPattern parse(String text) {
        String match = text == null ? "*" : text.trim();
        String sourceGlob = "*";
        String typeGlob = match;
        int colon = match.indexOf(':');
        if (colon >= 0) {
            sourceGlob = match.substring(0, colon);
            typeGlob = match.substring(colon + 1);
        }
        if (sourceGlob.isEmpty() || typeGlob.isEmpty() || typeGlob.indexOf(':') >= 0) {
            throw new IllegalArgumentException("'" + match + "' must be 'source:type' globs, or '*'");
        }
        Pattern source = Routes.glob(sourceGlob);
        if (!OperationalEvents.SOURCE.equals(sourceGlob)) {
            source = Pattern.compile("(?!" + Pattern.quote(OperationalEvents.SOURCE) + "\\z)" + source.pattern(),
                    Pattern.DOTALL);
        }
        return new EventPattern(match, source, Routes.glob(typeGlob));
    }

    public boolean matches(String sourceName, String eventType) {
        return source.matcher(sourceName).matches() && type.matcher(eventType).matches();
    }
}
