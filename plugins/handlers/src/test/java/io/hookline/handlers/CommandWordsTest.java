package io.hookline.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A command string read with the quoting of a POSIX shell. */
class CommandWordsTest {

    @Test
    void wordsAreSplitOnBlanksAndQuotesKeepThemTogether() {
        assertEquals(List.of("sh", "-c", "echo \"$HOOKLINE_EVENT_TYPE\" >> events.log"),
                CommandWords.split("sh -c 'echo \"$HOOKLINE_EVENT_TYPE\" >> events.log'"));
        assertEquals(List.of("a", "b c", "d"), CommandWords.split("  a\t\"b c\"  d "));
        assertEquals(List.of("it's"), CommandWords.split("'it'\\''s'"));
        assertEquals(List.of("ab", ""), CommandWords.split("a'b' ''"));
    }

    @Test
    void backslashesEscapeAsInAShell() {
        assertEquals(List.of("a b"), CommandWords.split("a\\ b"));
        assertEquals(List.of("$x \"q\" \\ \\n"), CommandWords.split("\"\\$x \\\"q\\\" \\\\ \\n\""));
        assertEquals(List.of("ab"), CommandWords.split("a\\\nb"));
        assertEquals(List.of("\\n"), CommandWords.split("'\\n'"));
    }

    @Test
    void anUnterminatedQuoteOrBackslashIsRefused() {
        assertEquals("the single quote at character 7 is not closed",
                assertThrows(IllegalArgumentException.class, () -> CommandWords.split("sh -c 'echo")).getMessage());
        assertEquals("the double quote at character 1 is not closed",
                assertThrows(IllegalArgumentException.class, () -> CommandWords.split("\"a")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> CommandWords.split("a\\"));
    }
}
