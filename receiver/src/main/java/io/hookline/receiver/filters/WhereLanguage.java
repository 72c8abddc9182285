package io.hookline.receiver.filters;

import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.stream.Collectors;

/**
 * The language of {@code where:}: CEL with the standard functions and macros, over the variables
 * {@code source}, {@code type}, {@code key} (strings), {@code headers} (a map of lower-case names to
 * values), {@code received_at} (a timestamp) and {@code body} (the parsed JSON, any type; absent when
 * the body is not JSON). An expression must be a bool. The compiler and runtime are made once and
 * shared: both are immutable.
 */
public final class WhereLanguage {

    /** The longest expression, in code points. */
    public static final int MAX_LENGTH = 4096;
    /** The most steps (expression nodes evaluated, each iteration of a macro counted) one test may take. */
    public static final int COST_LIMIT = 10_000;

    private static final CelOptions OPTIONS = CelOptions.current()
            // body.amount > 1000 must hold for an amount sent as 1500.0 too: JSON does not say int or double.
            .enableHeterogeneousNumericComparisons(true)
            .comprehensionMaxIterations(COST_LIMIT)
            .maxExpressionCodePointSize(MAX_LENGTH)
            .build();
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar(EventFacts.SOURCE, SimpleType.STRING)
            .addVar(EventFacts.TYPE, SimpleType.STRING)
            .addVar(EventFacts.KEY, SimpleType.STRING)
            .addVar(EventFacts.HEADERS, MapType.create(SimpleType.STRING, SimpleType.STRING))
            .addVar(EventFacts.RECEIVED_AT, SimpleType.TIMESTAMP)
            .addVar(EventFacts.BODY, SimpleType.DYN)
            .setResultType(SimpleType.BOOL)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

    private WhereLanguage() {}

    /**
     * The expression compiled and type-checked.
     *
     * @throws IllegalArgumentException saying where in the text each problem is ({@code line 1, column 10:
     *     …}) and what CEL found, for the caller to prefix with the key or field
     */
    public static Where compile(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an expression such as body.ref == \"refs/heads/main\"; leave it out for every event");
        }
        CelValidationResult result = COMPILER.compile(text);
        if (result.hasError()) {
            throw new IllegalArgumentException(result.getErrors().stream().map(WhereLanguage::describe)
                    .collect(Collectors.joining("; ")));
        }
        try {
            return new Where(text, RUNTIME.createProgram(result.getAst()), Where.reads(result.getAst(), EventFacts.BODY),
                    Where.fieldsOf(result.getAst(), EventFacts.BODY));
        } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static String describe(CelIssue issue) {
        int line = issue.getSourceLocation().getLine();
        int column = issue.getSourceLocation().getColumn();
        String message = issue.getMessage().replace(" (in container '')", "");
        return line > 0 ? "line " + line + ", column " + (column + 1) + ": " + message : message;
    }
}
