package io.hookline.receiver.filters;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * RE2's limit on counted repetition ({@code {n}}, {@code {n,m}}) nested in counted repetition: the
 * counts, multiplied along the nesting, may not pass 1,000, as Go's and C++'s RE2 refuse
 * (Go's {@code repeatIsValid}). RE2/J, the Java port, lacks the check: {@code ((a{1000}){1000}){1000}}
 * compiles to a billion instructions, minutes and gigabytes. Read from the pattern's text, before
 * RE2/J sees it; what is not a counted repetition to RE2 ({@code \{}, {@code [{]}, {@code \x{41}},
 * {@code {x}}) is not one here either.
 */
final class NestedRepetition {

    static final int LIMIT = 1_000;

    private NestedRepetition() {}

    /**
     * The largest product of counts along any nesting of counted repetitions in the pattern (1 when
     * there is none; larger than {@link #LIMIT} only where it passes it).
     */
    static long largestProduct(String pattern) {
        // Per open group: the largest product inside it so far. The outermost frame is the pattern.
        Deque<long[]> groups = new ArrayDeque<>();
        groups.push(new long[] {1});
        long lastAtom = 1; // the product inside the atom just read: a group's, or 1 for a single one
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i = afterEscape(pattern, i);
                lastAtom = 1;
            } else if (c == '[') {
                i = afterClass(pattern, i);
                lastAtom = 1;
            } else if (c == '(') {
                groups.push(new long[] {1});
                i++;
                lastAtom = 1;
            } else if (c == ')' && groups.size() > 1) {
                lastAtom = groups.pop()[0];
                groups.peek()[0] = Math.max(groups.peek()[0], lastAtom);
                i++;
            } else if (c == '{') {
                int end = pattern.indexOf('}', i);
                long count = end < 0 ? -1 : count(pattern.substring(i + 1, end));
                if (count < 0) {
                    lastAtom = 1; // a literal brace
                    i++;
                    continue;
                }
                long product = Math.min(Long.MAX_VALUE / (LIMIT + 1), Math.max(1, count) * lastAtom);
                groups.peek()[0] = Math.max(groups.peek()[0], product);
                lastAtom = product;
                i = end + 1;
            } else if (c == '*' || c == '+' || c == '?') {
                i++; // repeats what it follows as a whole: a count inside still multiplies what comes after
            } else {
                lastAtom = 1;
                i++;
            }
        }
        long largest = 1;
        for (long[] group : groups) {
            largest = Math.max(largest, group[0]);
        }
        return largest;
    }

    /** The count of a repetition's inside ({@code 3}, {@code 2,5}, {@code 2,}): its largest bound, or -1 when it is not one. */
    private static long count(String inside) {
        if (!inside.matches("[0-9]{1,9}(,[0-9]{0,9})?")) {
            return -1;
        }
        String[] bounds = inside.split(",", -1);
        long min = Long.parseLong(bounds[0]);
        return bounds.length == 1 || bounds[1].isEmpty() ? min : Math.max(min, Long.parseLong(bounds[1]));
    }

    private static int afterEscape(String pattern, int at) {
        if (at + 1 >= pattern.length()) {
            return at + 1;
        }
        char next = pattern.charAt(at + 1);
        if (next == 'Q') {
            int end = pattern.indexOf("\\E", at + 2);
            return end < 0 ? pattern.length() : end + 2;
        }
        if ((next == 'x' || next == 'p' || next == 'P') && at + 2 < pattern.length() && pattern.charAt(at + 2) == '{') {
            int end = pattern.indexOf('}', at + 2);
            return end < 0 ? pattern.length() : end + 1;
        }
        return at + 2;
    }

    /** Past a character class; a {@code ]} first in it is a literal, as are escapes and {@code [:alpha:]}. */
    private static int afterClass(String pattern, int at) {
        int i = at + 1;
        if (i < pattern.length() && pattern.charAt(i) == '^') {
            i++;
        }
        if (i < pattern.length() && pattern.charAt(i) == ']') {
            i++;
        }
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i = afterEscape(pattern, i);
            } else if (c == '[' && i + 1 < pattern.length() && pattern.charAt(i + 1) == ':') {
                int end = pattern.indexOf(":]", i + 2);
                i = end < 0 ? i + 1 : end + 2;
            } else if (c == ']') {
                return i + 1;
            } else {
                i++;
            }
        }
        return i;
    }
}
