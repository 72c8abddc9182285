package io.hookline.handlers;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code command} written as one string, split into the program and its arguments with the
 * quoting of a POSIX shell and nothing else: blanks separate words; inside {@code '…'} every
 * character is literal; inside {@code "…"} a backslash escapes only {@code $ ` " \} and a newline,
 * and is literal before anything else; outside quotes a backslash makes the next character
 * literal (a backslash-newline joins lines). No variables, globs, pipes or redirections: those
 * need a shell, such as {@code sh -c '…'}.
 */
final class CommandWords {

    private CommandWords() {}

    /** @throws IllegalArgumentException saying what is unterminated, when a quote or a backslash has no end */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            switch (c) {
                case ' ', '\t', '\n', '\r' -> {
                    if (inWord) {
                        words.add(word.toString());
                        word.setLength(0);
                        inWord = false;
                    }
                }
                case '\'' -> {
                    int end = line.indexOf('\'', i + 1);
                    if (end < 0) {
                        throw new IllegalArgumentException("the single quote at character " + (i + 1) + " is not closed");
                    }
                    word.append(line, i + 1, end);
                    inWord = true;
                    i = end;
                }
                case '"' -> {
                    i = doubleQuoted(line, i, word);
                    inWord = true;
                }
                case '\\' -> {
                    if (i + 1 >= line.length()) {
                        throw new IllegalArgumentException("the command ends with a backslash that escapes nothing");
                    }
                    char next = line.charAt(++i);
                    if (next != '\n') {
                        word.append(next);
                        inWord = true;
                    }
                }
                default -> {
                    word.append(c);
                    inWord = true;
                }
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return List.copyOf(words);
    }

    /** Appends the double-quoted text opening at {@code open}; answers the index of its closing quote. */
    private static int doubleQuoted(String line, int open, StringBuilder word) {
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i + 1 < line.length() && "$`\"\\\n".indexOf(line.charAt(i + 1)) >= 0) {
                char escaped = line.charAt(++i);
                if (escaped != '\n') {
                    word.append(escaped);
                }
            } else {
                word.append(c);
            }
        }
        throw new IllegalArgumentException("the double quote at character " + (open + 1) + " is not closed");
    }
}
