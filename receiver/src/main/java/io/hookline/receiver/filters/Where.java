package io.hookline.receiver.filters;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelUnknownSet;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled expression of the {@code where:} language: a {@code where:} ({@link WhereLanguage#compile}),
 * tested on one event at a time ({@link #test}), or an order key's ({@link WhereLanguage#compileKey}),
 * which gives an event's key ({@link #keyOf}). Immutable; any thread may use it.
 *
 * @param text the expression as written
 * @param patterns the patterns of its {@code matches()} calls, compiled with it
 * @param readsBody whether it names {@code body} at all
 * @param bodyFields the fields of the body's top-level object it reads ({@code body.ref} reads
 *     {@code ref}), or null when it reads the body some other way ({@code size(body)}) and needs it whole
 */
public record Where(String text, CelRuntime.Program program, MatchPatterns patterns, boolean readsBody,
        Set<String> bodyFields) {

    /** CEL's position in a run-time message: a code point offset into the expression. */
    private static final Pattern RUNTIME_POSITION = Pattern.compile("evaluation error at <input>:(\\d{1,9}): ");

    public Where {
        bodyFields = bodyFields == null ? null : Set.copyOf(bodyFields);
    }

    /**
     * What testing an event found: whether it matched, and when the expression failed on it, why, in
     * at most {@link #FAILURE_LIMIT} characters.
     */
    public record Verdict(boolean matched, String failure) {
        static final Verdict MATCHED = new Verdict(true, null);
        static final Verdict NOT_MATCHED = new Verdict(false, null);
        /**
         * CEL's messages quote values of the event ({@code body.m[body.k]} names the missing key,
         * {@code int(body.k)} the text): the why is kept with the event for every route it failed on,
         * so a long value must not be copied there once per route.
         */
        static final int FAILURE_LIMIT = 300;

        static Verdict failed(String why) {
            if (why.length() > FAILURE_LIMIT) {
                why = why.substring(0, FAILURE_LIMIT) + "… (" + why.length() + " characters)";
            }
            return new Verdict(false, why);
        }

        public boolean failed() {
            return failure != null;
        }
    }

    /**
     * Tests the event: matched, not matched, or failed (a field it reads is missing, a value of the
     * wrong type, a body that is not JSON, over {@link WhereLanguage#COST_LIMIT} steps or over
     * {@link WhereLanguage#SIZE_LIMIT} in the values it builds), which is no match either. Never
     * throws for anything the event holds. An event tested by several expressions is told of each
     * ({@link EventFacts#willRead}) before the first test.
     */
    public Verdict test(EventFacts event) {
        Object result;
        try {
            result = evaluate(event);
        } catch (Failed e) {
            return Verdict.failed(e.getMessage());
        }
        if (result instanceof Boolean matched) {
            return matched ? Verdict.MATCHED : Verdict.NOT_MATCHED;
        }
        if (result instanceof CelUnknownSet) {
            // The one variable that can be unbound is body: CEL answers "unknown" for what depends on it.
            return Verdict.failed("it reads body, and the body is not JSON");
        }
        // Not reached while compile refuses a result not known to be a bool; kept as the guard it was.
        return Verdict.failed("the result is " + (result == null ? "null" : "a " + result.getClass().getSimpleName())
                + ", not true or false");
    }

    /**
     * The order key this expression ({@link WhereLanguage#compileKey}) gives the event: a string as it
     * is, a number's digits (an integer's without a fraction), {@code true} or {@code false}; none when
     * it gives anything else (null, a list, a map) or fails on the event (a field that is not there, a
     * body that is not JSON, over the cost or size limit), then with why. Never throws for anything the
     * event holds.
     */
    public Key keyOf(EventFacts event) {
        Object result;
        try {
            result = evaluate(event);
        } catch (Failed e) {
            return new Key(null, Verdict.failed(e.getMessage()).failure());
        }
        if (result instanceof CelUnknownSet) {
            return new Key(null, "it reads body, and the body is not JSON");
        }
        if (result instanceof Double number) {
            return new Key(EventFacts.text(number), null);
        }
        // A Number other than a double is an int or a uint (Long, Guava's UnsignedLong): its digits.
        return new Key(result instanceof String || result instanceof Boolean || result instanceof Number
                ? result.toString() : null, null);
    }

    /**
     * An event's key as an order key's expression gives it: its text, or null for none; when the
     * expression failed on the event, why (at most {@link Verdict#FAILURE_LIMIT} characters), else null.
     */
    public record Key(String value, String failure) {}

    /** The expression's value for the event, within the cost and size limits. */
    private Object evaluate(EventFacts event) throws Failed {
        try {
            TestBudget budget = new TestBudget();
            return program.trace(event.variables(readsBody), patterns.functions(budget), budget);
        } catch (CelEvaluationException e) {
            throw new Failed(located(String.valueOf(e.getMessage())));
        } catch (RuntimeException e) {
            throw new Failed(String.valueOf(e.getMessage()));
        }
    }

    /** Why the expression failed on an event, as a note gives it. */
    private static final class Failed extends Exception {
        Failed(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * CEL's run-time message with its position as start errors give it ({@code line 1, column 22: key
     * 'data' is not present in map.}) instead of an offset into {@code <input>}.
     */
    String located(String message) {
        Matcher at = RUNTIME_POSITION.matcher(message);
        if (!at.lookingAt()) {
            return message;
        }
        int offset = Integer.parseInt(at.group(1));
        int line = 1;
        int lineStart = 0;
        int[] codePoints = text.codePoints().toArray();
        if (offset > codePoints.length) {
            return message;
        }
        for (int i = 0; i < offset; i++) {
            if (codePoints[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "line " + line + ", column " + (offset - lineStart + 1) + ": " + message.substring(at.end());
    }

    /** Whether the expression names the variable (a macro variable of that name counts too: harmless). */
    static boolean reads(CelAbstractSyntaxTree ast, String variable) {
        return ast.getReferenceMap().values().stream().anyMatch(reference -> reference.name().equals(variable));
    }

    /**
     * The fields selected directly on the variable ({@code body.ref}, {@code has(body.ref)}), or null
     * when it is also used otherwise; a macro's own variable of that name is not it (it has no reference).
     */
    static Set<String> fieldsOf(CelAbstractSyntaxTree ast, String variable) {
        Set<String> fields = new HashSet<>();
        for (CelNavigableExpr node : CelNavigableAst.fromAst(ast).getRoot().allNodes().toList()) {
            CelExpr expr = node.expr();
            if (expr.getKind() != CelExpr.ExprKind.Kind.IDENT || !expr.ident().name().equals(variable)
                    || ast.getReference(expr.id()).isEmpty()) {
                continue;
            }
            CelExpr parent = node.parent().map(CelNavigableExpr::expr).orElse(null);
            if (parent == null || parent.getKind() != CelExpr.ExprKind.Kind.SELECT
                    || parent.select().operand().id() != expr.id()) {
                return null;
            }
            fields.add(parent.select().field());
        }
        return fields;
    }
}
