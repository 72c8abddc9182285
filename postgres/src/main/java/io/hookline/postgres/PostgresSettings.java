package io.hookline.postgres;

import java.util.regex.Pattern;

/**
 * Where the PostgreSQL store is: Micronaut's standard {@code datasources.default.url},
 * {@code username} and {@code password}.
 *
 * @param url a {@code jdbc:postgresql://} URL
 * @param username the role to connect as; null to leave it to the URL or the driver's default
 * @param password its password; null for none. Never logged.
 */
public record PostgresSettings(String url, String username, String password) {

    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(password=)[^&]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:]*:)[^/@]*@");

    public PostgresSettings {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("a PostgreSQL URL starts with jdbc:postgresql://, not '" + masked(url) + "'");
        }
    }

    /** Whether this URL names a PostgreSQL database. */
    public static boolean isPostgres(String url) {
        return url != null && url.startsWith("jdbc:postgresql:");
    }

    /** The URL with any password in it replaced by {@code ***}, for messages and logs. */
    public String maskedUrl() {
        return masked(url);
    }

    /** This URL with any password in it replaced by {@code ***}. */
    public static String masked(String url) {
        if (url == null) {
            return null;
        }
        String masked = PASSWORD_IN_URL.matcher(url).replaceAll("$1***");
        return USER_INFO.matcher(masked).replaceAll("$1***@");
    }

    @Override
    public String toString() {
        return "PostgresSettings[url=" + maskedUrl() + ", username=" + username + "]";
    }
}
