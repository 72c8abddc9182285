package io.hookline.receiver.filters;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypes;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelStandardFunctions;
import dev.cel.runtime.CelStandardFunctions.StandardFunction;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The language of {@code where:}: CEL with the standard functions and macros, over the variables
 * {@code source}, {@code type}, {@code key} (strings), {@code headers} (a map of lower-case names to
 * values), {@code received_at} (a timestamp) and {@code body} (the parsed JSON, any type; absent when
 * the body is not JSON). An expression must be known to be a bool: a value read from {@code body}
 * is of any type, so it is compared rather than taken as the result. The compiler and runtime are
 * made once and shared: both are immutable.
 */
public final class WhereLanguage {

    /** The longest expression, in code points. */
    public static final int MAX_LENGTH = 4096;
    /** The most steps (expression nodes evaluated, each iteration of a macro counted) one test may take. */
    public static final int COST_LIMIT = 10_000;
    /**
     * The most one test may build, in characters of strings, bytes, list items and map entries
     * together (a value read from the event is not built; the result of {@code +}, a list or map
     * literal, {@code map()} or {@code filter()} is). It bounds the memory of a test, which steps
     * alone do not: a string doubled a few dozen times is gigabytes.
     */
    public static final int SIZE_LIMIT = 1_000_000;

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
    /** Order keys' expressions: the same language, whose result is the key, not a bool. */
    private static final CelCompiler KEY_COMPILER = COMPILER.toCompilerBuilder().setResultType(SimpleType.DYN).build();
    /** What a key may be: text, a number or a bool, or a value of the body, checked as the event is read. */
    private static final Set<CelType> KEY_TYPES = Set.of(SimpleType.STRING,
            SimpleType.INT, SimpleType.UINT, SimpleType.DOUBLE, SimpleType.BOOL, SimpleType.DYN);
    /** matches() is each expression's own, over its patterns compiled once ({@link MatchPatterns}). */
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS)
            .setStandardEnvironmentEnabled(false)
            .setStandardFunctions(CelStandardFunctions.newBuilder().excludeFunctions(StandardFunction.MATCHES).build())
            .build();

    /** A field path such as {@code body.pull_request.draft}, which needs no parentheses to be compared. */
    private static final Pattern PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    private WhereLanguage() {}

    /**
     * The expression compiled and type-checked.
     *
     * @throws IllegalArgumentException saying where in the text each problem is ({@code line 1, column 10:
     *     …}) and what CEL found, for the caller to prefix with the key or field
     */
    public static Where compile(String text) {
        return compile(COMPILER, text, "an expression such as body.ref == \"refs/heads/main\"; leave it out for every"
                + " event", ast -> ast.getResultType().equals(SimpleType.BOOL) ? null : notKnownToBeABool(text, ast));
    }

    /**
     * An order key's expression ({@code body.repository.full_name + ":" + body.ref}) compiled and
     * type-checked: its result must be text, a number or a bool, or a value read from {@code body}.
     *
     * @throws IllegalArgumentException saying where in the text each problem is and what CEL found
     */
    public static Where compileKey(String text) {
        return compileKey(text, Set.of());
    }

    /**
     * As {@link #compileKey(String)}, refusing an expression that reads one of {@code neverStored}
     * by name ({@code headers['authorization']}): a header no event keeps would leave every event
     * without a key.
     *
     * @param neverStored header names, lower case
     */
    public static Where compileKey(String text, Set<String> neverStored) {
        return compile(KEY_COMPILER, text, "an expression such as body.repository.full_name", ast -> {
            if (!KEY_TYPES.contains(ast.getResultType())) {
                return at(ast, ast.getExpr(), "a key is text, a number or a bool, not " + typeName(ast.getResultType()));
            }
            return neverStoredHeader(ast, neverStored);
        });
    }

    /** A type as a user of the language knows it: a timestamp, not google.protobuf.Timestamp. */
    private static String typeName(CelType type) {
        return switch (CelTypes.format(type)) {
            case "google.protobuf.Timestamp" -> "a timestamp";
            case "google.protobuf.Duration" -> "a duration";
            default -> "'" + CelTypes.format(type) + "'";
        };
    }

    /** What is wrong with the first header the expression reads by name that no event keeps, or null. */
    private static String neverStoredHeader(CelAbstractSyntaxTree ast, Set<String> neverStored) {
        for (CelNavigableExpr node : CelNavigableAst.fromAst(ast).getRoot().allNodes().toList()) {
            CelExpr expr = node.expr();
            String name = null;
            if (expr.getKind() == CelExpr.ExprKind.Kind.CALL && expr.call().function().equals("_[_]")
                    && isHeaders(expr.call().args().get(0)) && expr.call().args().get(1).getKind() == CelExpr.ExprKind.Kind.CONSTANT
                    && expr.call().args().get(1).constant().getKind() == CelConstant.Kind.STRING_VALUE) {
                name = expr.call().args().get(1).constant().stringValue();
            } else if (expr.getKind() == CelExpr.ExprKind.Kind.SELECT && isHeaders(expr.select().operand())) {
                name = expr.select().field();
            }
            if (name != null && neverStored.contains(name.toLowerCase(Locale.ROOT))) {
                return at(ast, expr, "header '" + name.toLowerCase(Locale.ROOT) + "' carries credentials and is never"
                        + " stored: it cannot order deliveries");
            }
        }
        return null;
    }

    private static boolean isHeaders(CelExpr expr) {
        return expr.getKind() == CelExpr.ExprKind.Kind.IDENT && expr.ident().name().equals(EventFacts.HEADERS);
    }

    /**
     * @param blank what to say when there is no text
     * @param wrongResult what is wrong with the checked expression's result type, or null when nothing is
     */
    private static Where compile(CelCompiler compiler, String text, String blank,
            Function<CelAbstractSyntaxTree, String> wrongResult) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(blank);
        }
        CelValidationResult result = compiler.compile(text);
        if (result.hasError()) {
            throw new IllegalArgumentException(result.getErrors().stream().map(WhereLanguage::describe)
                    .collect(Collectors.joining("; ")));
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            String wrong = wrongResult.apply(ast);
            if (wrong != null) {
                throw new IllegalArgumentException(wrong);
            }
            return new Where(text, RUNTIME.createProgram(ast), MatchPatterns.of(ast), Where.reads(ast, EventFacts.BODY),
                    Where.fieldsOf(ast, EventFacts.BODY));
        } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * The checker takes a result of type dyn (a field of {@code body}, which may hold any JSON value)
     * for a bool, and it would then fail on every event whose field is not one: refused as CEL
     * refuses a string, at the position CEL gives the result.
     */
    private static String notKnownToBeABool(String text, CelAbstractSyntaxTree ast) {
        String comparable = PATH.matcher(text.strip()).matches() ? text.strip() : "(" + text.strip() + ")";
        String message = "expected type 'bool' but found '" + CelTypes.format(ast.getResultType())
                + "' (a field of body may hold any JSON value); compare it with a value of the type it holds, such as "
                + comparable + " == true or " + comparable + " == 'main'";
        return at(ast, ast.getExpr(), message);
    }

    /** The message after the position of the node in the text ({@code line 1, column 10: }). */
    static String at(CelAbstractSyntaxTree ast, CelExpr expr, String message) {
        Integer offset = ast.getSource().getPositionsMap().get(expr.id());
        return Optional.ofNullable(offset).flatMap(ast.getSource()::getOffsetLocation)
                .map(location -> at(location.getLine(), location.getColumn(), message)).orElse(message);
    }

    private static String describe(CelIssue issue) {
        String message = issue.getMessage().replace(" (in container '')", "");
        return at(issue.getSourceLocation().getLine(), issue.getSourceLocation().getColumn(), message);
    }

    /** The message after its position, {@code line 1, column 10: }, the column counted from 1. */
    private static String at(int line, int column, String message) {
        return line > 0 ? "line " + line + ", column " + (column + 1) + ": " + message : message;
    }
}
