package io.hookline.receiver.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What RE2 counts as counted repetition nested in counted repetition, read from a pattern's text. */
class NestedRepetitionTest {

    @Test
    void countsMultiplyAlongTheNestingOnly() {
        assertEquals(1_000_000, NestedRepetition.largestProduct("(a{1000}){1000}"));
        assertEquals(1000, NestedRepetition.largestProduct("a{1000}b{1000}"), "side by side they do not multiply");
        assertEquals(100, NestedRepetition.largestProduct("(?:a{10}|b){10}"));
        assertEquals(100, NestedRepetition.largestProduct("(?P<x>[a-z]{2,10}){5,10}"), "the larger bound counts");
        assertEquals(6, NestedRepetition.largestProduct("a{2}{3}"));
        assertEquals(100, NestedRepetition.largestProduct("(a{10})*{10}"), "a star between keeps the nesting");
        assertEquals(21, NestedRepetition.largestProduct("(a{3,}){7}"), "an open count counts its lower bound, as RE2 does");
        assertEquals(1, NestedRepetition.largestProduct("^refs/tags/v[0-9]+$"));
    }

    @Test
    void whatIsNotCountedRepetitionToRe2IsNotCounted() {
        assertEquals(1, NestedRepetition.largestProduct("\\{1000\\}"), "escaped braces");
        assertEquals(5, NestedRepetition.largestProduct("[{}]{5}"), "braces in a class");
        assertEquals(3, NestedRepetition.largestProduct("\\x{41}{3}"), "a hex escape's braces");
        assertEquals(4, NestedRepetition.largestProduct("\\p{Greek}{4}"));
        assertEquals(1, NestedRepetition.largestProduct("a{x}"), "a brace that starts no count is a literal");
        assertEquals(1, NestedRepetition.largestProduct("\\Q(a{1000}){1000}\\E"), "quoted text");
        assertEquals(9, NestedRepetition.largestProduct("([[:alpha:]]]{3}){3}"));
        assertEquals(1, NestedRepetition.largestProduct("[]{1000}]"), "a ] first in a class is a literal");
    }
}
