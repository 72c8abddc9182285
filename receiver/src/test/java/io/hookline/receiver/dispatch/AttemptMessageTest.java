package io.hookline.receiver.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** An attempt's message reads the same in a log, a table and Sentry, whatever a target put in it. */
class AttemptMessageTest {

    @Test
    void controlCharactersAreShownNotWritten() {
        assertEquals("HTTP 500: a\\u0001b\\u007fc\\u001b[31mred\\u000anext\ttab é",
                AttemptRunner.shown("HTTP 500: a\u0001b\u007fc\u001b[31mred\nnext\ttab é"));
    }
}
