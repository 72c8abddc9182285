package io.hookline.receiver.filters;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelExpr;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelEvaluationListener;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelUnknownSet;

/**
 * A compiled {@code where:} expression ({@link WhereLanguage#compile}), tested on one event at a
 * time. Immutable; any thread may test with it.
 *
 * @param text the expression as written
 */
public record Where(String text, CelRuntime.Program program, boolean readsBody) {

    /** What testing an event found: whether it matched, and when the expression failed on it, why. */
    public record Verdict(boolean matched, String failure) {
        static final Verdict MATCHED = new Verdict(true, null);
        static final Verdict NOT_MATCHED = new Verdict(false, null);

        static Verdict failed(String why) {
            return new Verdict(false, why);
        }

        public boolean failed() {
            return failure != null;
        }
    }

    /**
     * Tests the event: matched, not matched, or failed (a field it reads is missing, a value of the
     * wrong type, a body that is not JSON, over {@link WhereLanguage#COST_LIMIT} steps), which is no
     * match either. Never throws for anything the event holds.
     */
    public Verdict test(EventFacts event) {
        Object result;
        try {
            result = program.trace(event.variables(readsBody), new Budget());
        } catch (CelEvaluationException e) {
            return Verdict.failed(e.getMessage());
        } catch (RuntimeException e) {
            return Verdict.failed(String.valueOf(e.getMessage()));
        }
        if (result instanceof Boolean matched) {
            return matched ? Verdict.MATCHED : Verdict.NOT_MATCHED;
        }
        if (result instanceof CelUnknownSet) {
            // The one variable that can be unbound is body: CEL answers "unknown" for what depends on it.
            return Verdict.failed("it reads body, and the body is not JSON");
        }
        // body is of any type, so body.draft passes the check of a bool result and may turn out a string.
        return Verdict.failed("the result is " + (result == null ? "null" : "a " + result.getClass().getSimpleName())
                + ", not true or false");
    }

    /** Whether the expression names the variable (a macro variable of that name counts too: harmless). */
    static boolean reads(CelAbstractSyntaxTree ast, String variable) {
        return ast.getReferenceMap().values().stream().anyMatch(reference -> reference.name().equals(variable));
    }

    /** Counts the steps of one test and stops it past the limit. */
    private static final class Budget implements CelEvaluationListener {
        private int steps;

        @Override
        public void callback(CelExpr expr, Object value) {
            if (++steps > WhereLanguage.COST_LIMIT) {
                throw new CostLimitExceeded();
            }
        }
    }

    /** Thrown by the budget; CEL reports it as the test's error with the position it stopped at. */
    private static final class CostLimitExceeded extends RuntimeException {
        CostLimitExceeded() {
            super("over the cost limit of " + WhereLanguage.COST_LIMIT + " steps", null, false, false);
        }
    }
}
