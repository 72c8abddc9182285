package io.hookline.receiver.logs;

import java.util.Map;

/**
 * How the receiver writes its log, chosen by {@code HOOKLINE_LOG_FORMAT} in the environment (so a
 * systemd {@code EnvironmentFile} can set it): {@code text} (the default) or {@code json}, one JSON
 * object a line for log shippers.
 *
 * <p>The appender is built when logback starts ({@link LogSetup}). This class checks the value
 * before the first logger exists, so a mistyped one stops the start with one line instead of a
 * receiver that logs in a format nobody asked for, and {@link #select} hands logback the value.
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

    /** The value of {@link #VARIABLE} that selects this format. */
    public String value() {
        return value;
    }

    /**
     * Makes logback use this format: a system property of the variable's name, which {@link LogSetup}
     * looks up before the environment.
     */
    public void select() {
        System.setProperty(VARIABLE, value);
    }

    /**
     * The format {@code environment} asks for, in any case and spacing; unset or empty means text.
     *
     * @throws IllegalArgumentException with the one line to show when the value is neither format
     */
    public static LogFormat of(Map<String, String> environment) {
        String value = environment.get(VARIABLE);
        if (value == null || value.isBlank()) {
            return TEXT; // VARIABLE= in an environment file is how many unset a variable
        }
        for (LogFormat format : values()) {
            if (format.value.equalsIgnoreCase(value.strip())) {
                return format;
            }
        }
        throw new IllegalArgumentException(VARIABLE + "='" + value + "' is not a log format; set it to text (the"
                + " default) or json, or remove it");
    }
}
