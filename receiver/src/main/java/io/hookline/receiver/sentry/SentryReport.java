package io.hookline.receiver.sentry;

import io.hookline.receiver.error.ErrorClass;
import io.sentry.SentryLevel;
import java.util.List;
import java.util.Map;

/**
 * One thing on-call should see in Sentry.
 *
 * @param level error or warning
 * @param errorClass the failure's class
 * @param component {@code receiver} or {@code dispatcher}
 * @param message the title
 * @param tags searchable tags besides service, component and error_class
 * @param fingerprint what makes two reports the same issue: the class and its origin
 * @param context the {@code hookline} context: event id, attempt number, route
 * @param breadcrumbs earlier attempts, oldest first
 * @param thrown the exception, for its type and frames, or null
 */
record SentryReport(
        SentryLevel level,
        ErrorClass errorClass,
        String component,
        String message,
        Map<String, String> tags,
        List<String> fingerprint,
        Map<String, Object> context,
        List<String> breadcrumbs,
        Throwable thrown) {}
