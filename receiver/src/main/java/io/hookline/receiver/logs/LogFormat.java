package io.hookline.receiver.logs;

import java.util.Map;

/**
 * How the receiver writes its log, chosen by {@code HOOKLINE_LOG_FORMAT} in the environment (so a
 * systemd {@code EnvironmentFile} can set it): {@code text} (the default) or {@code json}, one JSON
 * object a line for log shippers.
 *
 * <p>The choice itself is made by logback: {@code logback.xml} sends its queue to the appender
 * named by the variable. This class only checks the value before the first logger exists, so a
 * mistyped one stops the start with one line instead of a receiver that logs nowhere.
 */
public enum LogFormat {
    TEXT("text"),
    JSON("json");

    /** The environment variable that chooses the format. */
    public static final String VARIABLE = "HOOKLINE_LOG_FORMAT";

    private final String value;

    LogFormat(String value) {
        this.value = value;
    }

    /** The value of {@link #VARIABLE} that selects this format, and the name of its appender in logback.xml. */
    public String value() {
        return value;
    }

    /**
     * The format {@code environment} asks for; unset means text.
     *
     * @throws IllegalArgumentException with the one line to show when the value is neither format
     */
    public static LogFormat of(Map<String, String> environment) {
        String value = environment.get(VARIABLE);
        if (value == null) {
            return TEXT;
        }
        for (LogFormat format : values()) {
            if (format.value.equals(value)) {
                return format;
            }
        }
        throw new IllegalArgumentException(VARIABLE + "='" + value + "' is not a log format; set it to text (the"
                + " default) or json, or remove it");
    }
}
