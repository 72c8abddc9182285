package io.hookline.receiver.logs;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.event.KeyValuePair;

/**
 * {@code %fields} in the text pattern: an event's MDC entries and SLF4J key/value pairs
 * ({@code log.atInfo().addKeyValue("status", 200)}) as {@code  key=value} after the message, the
 * fields the JSON format writes as its own. A key both in the MDC and among the pairs is written
 * once here, with the pair's value; the JSON format would write it twice (and a strict reader such
 * as Elasticsearch refuses a duplicate key), so a key belongs in one of them, never both. Nothing,
 * not even a space, when the event has neither, so a plain message reads as before.
 *
 * <p>Written instead of logback's {@code %kvp %mdc}: those print an empty separator on events
 * without fields, quote every value, and would show a key twice when it is in both.
 */
public class TextFields extends ClassicConverter {

    @Override
    public String convert(ILoggingEvent event) {
        Map<String, String> mdc = event.getMDCPropertyMap();
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if ((mdc == null || mdc.isEmpty()) && (pairs == null || pairs.isEmpty())) {
            return "";
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        if (mdc != null) {
            fields.putAll(new TreeMap<>(mdc));
        }
        if (pairs != null) {
            for (KeyValuePair pair : pairs) {
                fields.remove(pair.key);
                fields.put(pair.key, pair.value);
            }
        }
        StringBuilder text = new StringBuilder();
        fields.forEach((key, value) -> text.append(' ').append(key).append('=').append(quoted(String.valueOf(value))));
        return text.toString();
    }

    /** A value with a space, a quote or nothing in it is quoted, so the line still splits into fields. */
    private static String quoted(String value) {
        if (!value.isEmpty() && value.chars().noneMatch(c -> c == ' ' || c == '"' || c == '=' || c < 0x20)) {
            return value;
        }
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r")
                .replace("\t", "\\t") + '"';
    }
}
