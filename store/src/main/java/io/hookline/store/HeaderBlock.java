package io.hookline.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stored headers as an HTTP-style block, one {@code name: value} per line. HTTP forbids line
 * breaks in header values, so the block is unambiguous and stays readable with the sqlite3 shell.
 */
public final class HeaderBlock {

    private HeaderBlock() {}

    /** The block of these headers, in their order. */
    public static String encode(Map<String, String> headers) {
        StringBuilder block = new StringBuilder();
        headers.forEach((name, value) -> block.append(name).append(": ")
                .append(value.replace('\r', ' ').replace('\n', ' ')).append('\n'));
        return block.toString();
    }

    /** The headers of a block, in its order. */
    public static Map<String, String> decode(String block) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : block.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                headers.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        return headers;
    }
}
