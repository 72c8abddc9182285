package io.hookline.receiver.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.sentry.Reports;
import io.hookline.spi.AttemptFailure;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The one table of error classes, walked class by class: the answer a sender or operator gets,
 * whether it is retried, what Sentry groups it by, and the on-call guide, which must list the
 * failure classes in the same order and with the same answer.
 */
class ErrorClassTableTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_]+)` \\| (.*)$", Pattern.MULTILINE);

    @Test
    void everyClassWithAnHttpAnswerAnswersItInTheStandardErrorShape() {
        WebhookExceptionHandler handler = new WebhookExceptionHandler();
        for (ErrorClass errorClass : ErrorClass.values()) {
            if (errorClass.httpStatus() == null) {
                continue;
            }
            HttpResponse<ErrorBody> response = handler.handle(HttpRequest.POST("/hooks/gh", ""),
                    new WebhookException(errorClass, "what went wrong"));
            ErrorBody.Error error = response.getBody().orElseThrow().error();
            assertEquals(errorClass.httpStatus(), response.getStatus(), errorClass.name());
            assertEquals(errorClass.httpStatus().getCode(), error.status(), errorClass.name());
            assertEquals(errorClass.wireName(), error.code(), errorClass.name());
            assertEquals(errorClass.title(), error.title(), errorClass.name());
            assertEquals("what went wrong", error.detail());
        }
    }

    @Test
    void failuresOfHandlerAttemptsAnswerNobodyAndAreReportedPerRouteOrPlugin() {
        for (ErrorClass errorClass : ErrorClass.values()) {
            // A cancelled subscription's delivery ends dead but is nobody's failure: not reported.
            boolean ofAnAttempt = errorClass.httpStatus() == null && errorClass != ErrorClass.SUBSCRIPTION_CANCELLED;
            if (ofAnAttempt) {
                assertTrue(errorClass.isFailure(), errorClass.name());
                assertNotNull(errorClass.sentryLevel(), "a dead delivery always reaches on-call: " + errorClass);
            }
            if (!errorClass.isFailure()) {
                assertNull(errorClass.sentryLevel(), "not a failure, never reported: " + errorClass);
                assertEquals(ErrorClass.SentryGrouping.NONE, errorClass.sentryGrouping(), errorClass.name());
                assertTrue(!errorClass.retried(), errorClass.name());
            }
            List<String> fingerprint = Reports.fingerprint(errorClass, "gh", "github", "ci", "built-in", null);
            String first = errorClass.sentryGrouping() == ErrorClass.SentryGrouping.SOURCE_BURST
                    ? "signature_burst" : errorClass.wireName();
            assertEquals(first, fingerprint.get(0), "one issue per root cause, named by its class: " + errorClass);
        }
        assertEquals(List.of("handler_bug", "built-in", "none", "unknown"),
                Reports.fingerprint(ErrorClass.HANDLER_BUG, "gh", "github", "ci", "built-in", null));
        assertEquals(List.of("downstream_unavailable", "ci", "none"),
                Reports.fingerprint(ErrorClass.DOWNSTREAM_UNAVAILABLE, "gh", "github", "ci", "built-in", null));
        assertEquals(List.of("payload_invalid", "github"),
                Reports.fingerprint(ErrorClass.PAYLOAD_INVALID, "gh", "github", null, null, null));
    }

    @Test
    void theSpisClassesOfAttemptsAreTheTablesAndRetriedAlike() {
        for (AttemptFailure attempt : AttemptFailure.values()) {
            ErrorClass errorClass = ErrorClass.valueOf(attempt.name());
            assertEquals(attempt.wireName(), errorClass.wireName());
            assertEquals(attempt.retried(), errorClass.retried(), attempt.name());
            assertNull(errorClass.httpStatus(), attempt.name());
        }
    }

    @Test
    void theOnCallGuideListsEveryFailureClassInOrderWithItsAnswer() throws IOException {
        String guide = Files.readString(onCallGuide());
        String table = guide.substring(guide.indexOf("## Error classes"));
        List<String> listed = new ArrayList<>();
        Matcher row = ROW.matcher(table);
        while (row.find()) {
            listed.add(row.group(1));
            ErrorClass errorClass = ErrorClass.valueOf(row.group(1).toUpperCase(java.util.Locale.ROOT));
            String text = row.group(2);
            String answer = errorClass.httpStatus() != null ? "(" + errorClass.httpStatus().getCode()
                    : errorClass.retried() ? "(retried" : "(dead at once)";
            assertTrue(text.contains(answer), row.group(1) + " should say " + answer + ": " + text);
        }
        assertEquals(Arrays.stream(ErrorClass.values()).filter(ErrorClass::isFailure).map(ErrorClass::wireName).toList(),
                listed);
    }

    private static Path onCallGuide() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path guide = dir.resolve("docs/on-call.md");
            if (Files.exists(guide)) {
                return guide;
            }
        }
        throw new AssertionError("docs/on-call.md not found above " + Path.of("").toAbsolutePath());
    }
}
