package io.hookline.receiver.filters;

import com.google.protobuf.ByteString;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.values.CelByteString;
import dev.cel.runtime.CelEvaluationListener;
import dev.cel.runtime.ConcatenatedListView;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * The budget of one test of a {@code where:} expression: its steps ({@link WhereLanguage#COST_LIMIT},
 * a {@code matches()} charged by its text's length times its compiled pattern's size) and the size of the values
 * it builds ({@link WhereLanguage#SIZE_LIMIT}). Steps alone do not bound
 * memory: one step may double a string or a list, so a few dozen steps over a large body build
 * gigabytes. CEL tells the listener of each node's value right after computing it, so a test stops
 * at the first value that takes it past the limit, having built at most that one value beyond it.
 */
final class TestBudget implements CelEvaluationListener {

    /** Calls that give one of their operands as it is: they build nothing. */
    private static final Set<String> PASS_THROUGH = Set.of("_[_]", "_?_:_", "dyn");

    /** Pairs of a text's characters and a pattern's instructions charged as one step. */
    private static final int MATCH_PAIRS_PER_STEP = 100;

    private int steps;
    private long size;

    @Override
    public void callback(CelExpr expr, Object value) {
        if (++steps > WhereLanguage.COST_LIMIT) {
            throw new LimitExceeded("over the cost limit of " + WhereLanguage.COST_LIMIT + " steps");
        }
        if (builds(expr)) {
            size += sizeOf(value);
            if (size > WhereLanguage.SIZE_LIMIT) {
                throw new LimitExceeded("over the size limit of " + WhereLanguage.SIZE_LIMIT
                        + " characters, bytes, list items and map entries built by one test");
            }
        }
    }

    /**
     * Charges a match of a text against a pattern, before it runs: RE2 takes time in proportion to
     * the text's length times the compiled pattern's instructions (measured: 1 to 25 ns a pair, a
     * step some 1.6 µs).
     *
     * @return whether the match may run; if not, the test stops at the call's own step, where the
     *     failure says the position rather than the call's arguments, as a throw here would
     */
    boolean chargeMatch(int textLength, int programSize) {
        steps += (int) Math.min(Integer.MAX_VALUE / 2, (long) textLength * programSize / MATCH_PAIRS_PER_STEP);
        return steps < WhereLanguage.COST_LIMIT;
    }

    /** Whether the node's value is new: a constant, a variable or a field of one is there already. */
    private static boolean builds(CelExpr expr) {
        return switch (expr.getKind()) {
            case CALL -> !PASS_THROUGH.contains(expr.call().function());
            case LIST, MAP, STRUCT, COMPREHENSION -> true;
            default -> false;
        };
    }

    private static long sizeOf(Object value) {
        if (value instanceof ConcatenatedListView<?>) {
            // The accumulator of map() and filter() grows in place, by the one-item lists each turn
            // builds (counted there); the list it becomes is counted as the comprehension's value.
            return 0;
        }
        if (value instanceof String text) {
            return text.length();
        }
        if (value instanceof Collection<?> list) {
            return list.size();
        }
        if (value instanceof Map<?, ?> map) {
            return map.size();
        }
        if (value instanceof CelByteString bytes) {
            return bytes.size();
        }
        return value instanceof ByteString bytes ? bytes.size() : 0;
    }

    /** Thrown by the budget; CEL reports it as the test's error with the position it stopped at. */
    private static final class LimitExceeded extends RuntimeException {
        LimitExceeded(String message) {
            super(message, null, false, false);
        }
    }
}
