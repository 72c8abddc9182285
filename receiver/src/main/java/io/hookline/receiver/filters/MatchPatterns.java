package io.hookline.receiver.filters;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelFunctionResolver;
import dev.cel.runtime.CelLateFunctionBindings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The RE2 patterns of an expression's {@code matches()} calls, compiled once with the expression.
 * CEL compiles a pattern on every call: for a pattern of a few thousand characters that is tens of
 * megabytes and milliseconds a call, thousands of calls a test in a macro; for a pattern read from a
 * large body, minutes. So a pattern must be a string literal, and is compiled here, once. Matching
 * takes time in proportion to the text's length times the size of the compiled pattern (its
 * instructions, which a counted repetition multiplies: {@code x.{0,1000}y} is 9 characters and
 * some 3,000 instructions), so each match is charged to the test's steps by that
 * ({@link TestBudget#chargeMatch}) before it runs, and a pattern whose nested counts pass RE2's
 * limit, or that compiles to more than {@link #MAX_PROGRAM_SIZE} instructions, is refused. Immutable; the functions it
 * makes belong to one test.
 */
final class MatchPatterns {

    private static final String MATCHES = "matches";
    /** The most instructions a pattern may compile to; ordinary ones take tens to a few hundred. */
    static final int MAX_PROGRAM_SIZE = 5_000;
    private static final CelFunctionResolver NONE = CelLateFunctionBindings.from();

    private final Map<String, Pattern> compiled;

    private MatchPatterns(Map<String, Pattern> compiled) {
        this.compiled = Map.copyOf(compiled);
    }

    /**
     * The patterns of the expression's {@code matches()} calls, compiled.
     *
     * @throws IllegalArgumentException at the position of a call whose pattern is not a string
     *     literal, or not a valid RE2 pattern
     */
    static MatchPatterns of(CelAbstractSyntaxTree ast) {
        Map<String, Pattern> patterns = new HashMap<>();
        for (CelNavigableExpr node : CelNavigableAst.fromAst(ast).getRoot().allNodes().toList()) {
            CelExpr expr = node.expr();
            if (expr.getKind() != CelExpr.ExprKind.Kind.CALL || !expr.call().function().equals(MATCHES)) {
                continue;
            }
            List<CelExpr> args = expr.call().args();
            CelExpr pattern = args.get(args.size() - 1);
            if (pattern.getKind() != CelExpr.ExprKind.Kind.CONSTANT
                    || pattern.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
                throw new IllegalArgumentException(WhereLanguage.at(ast, expr, "the pattern of matches() must be a"
                        + " string literal, such as body.ref.matches('^refs/tags/v[0-9]+'): one read from the event"
                        + " would be compiled again on every test"));
            }
            String text = pattern.constant().stringValue();
            if (NestedRepetition.largestProduct(text) > NestedRepetition.LIMIT) {
                throw new IllegalArgumentException(WhereLanguage.at(ast, pattern, "matches(): counted repetitions"
                        + " nested in one another multiply past " + NestedRepetition.LIMIT + " (as in (a{100}){100}),"
                        + " which RE2 refuses as too large"));
            }
            Pattern compiled;
            try {
                compiled = patterns.computeIfAbsent(text, Pattern::compile);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(WhereLanguage.at(ast, pattern, "matches(): " + e.getMessage()));
            }
            if (compiled.programSize() > MAX_PROGRAM_SIZE) {
                throw new IllegalArgumentException(WhereLanguage.at(ast, pattern, "matches(): the pattern compiles to "
                        + compiled.programSize() + " instructions, more than " + MAX_PROGRAM_SIZE
                        + "; a match would cost its text's length times that"));
            }
        }
        return new MatchPatterns(patterns);
    }

    /** The function {@code matches} for one test, charging each match to its budget. */
    CelFunctionResolver functions(TestBudget budget) {
        if (compiled.isEmpty()) {
            return NONE;
        }
        return CelLateFunctionBindings.from(
                CelFunctionBinding.from("matches_string", String.class, String.class,
                        (text, pattern) -> matches(budget, text, pattern)),
                CelFunctionBinding.from("matches", String.class, String.class,
                        (text, pattern) -> matches(budget, text, pattern)));
    }

    private boolean matches(TestBudget budget, String text, String pattern) {
        Pattern compiledPattern = compiled.get(pattern);
        return budget.chargeMatch(text.length(), compiledPattern.programSize())
                && compiledPattern.matcher(text).find();
    }
}
