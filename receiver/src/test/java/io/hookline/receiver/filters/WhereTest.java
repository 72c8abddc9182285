package io.hookline.receiver.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** What a where: finds on bodies a sender can send: JSON of any shape, compressed JSON, not JSON at all. */
class WhereTest {

    @Test
    void aBodyThatIsNotJsonFailsWhatReadsItButNotWhatDoesNot() {
        EventFacts form = event("payload=%7B%22ref%22%3A%22main%22%7D".getBytes(StandardCharsets.UTF_8), Map.of());
        Where.Verdict reads = WhereLanguage.compile("body.ref == 'main'").test(form);
        assertFalse(reads.matched());
        assertEquals("it reads body, and the body is not JSON", reads.failure());
        assertTrue(WhereLanguage.compile("type == 'push' || body.ref == 'main'").test(form).matched(),
                "what holds without the body holds");
    }

    @Test
    void aCompressedJsonBodyIsReadAsItsJson() throws IOException {
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
            out.write("{\"ref\":\"refs/heads/main\",\"size\":2.5,\"none\":null}".getBytes(StandardCharsets.UTF_8));
        }
        EventFacts event = event(gzip.toByteArray(), Map.of("content-encoding", "gzip"));
        assertTrue(WhereLanguage.compile("body.ref == 'refs/heads/main' && body.size > 2 && body.none == null")
                .test(event).matched());
    }

    @Test
    void severalExpressionsOnOneEventEachSeeTheFieldsTheyRead() {
        EventFacts event = event("{\"ref\":\"refs/heads/main\",\"repository\":{\"name\":\"hookline\"},\"after\":\"abc\"}"
                .getBytes(StandardCharsets.UTF_8), Map.of());
        Where ref = WhereLanguage.compile("body.ref == 'refs/heads/main'");
        Where repository = WhereLanguage.compile("has(body.repository.name) && body.repository.name == 'hookline'");
        Where whole = WhereLanguage.compile("size(body) == 3");
        assertEquals(java.util.Set.of("ref"), ref.bodyFields());
        assertEquals(java.util.Set.of("repository"), repository.bodyFields());
        assertEquals(null, whole.bodyFields(), "size(body) needs the body whole");
        event.willRead(ref);
        event.willRead(repository);
        assertTrue(ref.test(event).matched());
        assertTrue(repository.test(event).matched());
        EventFacts again = event("{\"ref\":\"x\",\"a\":1,\"b\":2}".getBytes(StandardCharsets.UTF_8), Map.of());
        again.willRead(ref);
        again.willRead(whole);
        assertTrue(whole.test(again).matched());
    }

    @Test
    void aFailureQuotingALongValueOfTheEventIsCut() {
        String key = "Z".repeat(300_000);
        EventFacts event = event(("{\"m\":{},\"k\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8), Map.of());
        for (String where : new String[] {"body.m[body.k] == 1", "int(body.k) > 0"}) {
            Where.Verdict verdict = WhereLanguage.compile(where).test(event);
            assertTrue(verdict.failed(), where);
            assertTrue(verdict.failure().length() < 400, where + ": " + verdict.failure().length());
            assertTrue(verdict.failure().endsWith("characters)"), verdict.failure());
        }
    }

    @Test
    void aBodyBrokenInAFieldNoExpressionReadsIsStillNotJson() {
        EventFacts broken = event("{\"ref\":\"main\",\"commits\":[{\"id\":1,}]}".getBytes(StandardCharsets.UTF_8),
                Map.of());
        Where ref = WhereLanguage.compile("body.ref == 'main'");
        broken.willRead(ref);
        assertEquals("it reads body, and the body is not JSON", ref.test(broken).failure());
    }

    @Test
    void aBodyItsSourceCheckedIsReadOnlyUpToTheFieldsNamed() {
        byte[] brokenAfterRef = "{\"ref\":\"main\",\"commits\":[{\"id\":1,}]}".getBytes(StandardCharsets.UTF_8);
        Where ref = WhereLanguage.compile("body.ref == 'main'");
        EventFacts checked = event(brokenAfterRef, Map.of());
        checked.bodyCheckedAsJsonObject();
        checked.willRead(ref);
        assertTrue(ref.test(checked).matched(), "identify read it whole: the rest is not read again");
        Where missing = WhereLanguage.compile("has(body.after)");
        EventFacts notAllFound = event(brokenAfterRef, Map.of());
        notAllFound.bodyCheckedAsJsonObject();
        notAllFound.willRead(missing);
        assertEquals("it reads body, and the body is not JSON", missing.test(notAllFound).failure(),
                "a field not found before the break is looked for to the end");
        String form = "payload=" + URLEncoder.encode("{\"ref\":\"main\",\"x\":[,]}", StandardCharsets.UTF_8);
        EventFacts formBody = event(form.getBytes(StandardCharsets.UTF_8),
                Map.of("content-type", "application/x-www-form-urlencoded"));
        formBody.bodyCheckedAsJsonObject();
        formBody.willRead(ref);
        assertEquals("it reads body, and the body is not JSON", ref.test(formBody).failure(),
                "a form's payload field is found by the receiver's own reading: checked whole");
    }

    @Test
    void aFieldNamedTwiceHasItsFirstValueAsTheProvidersReadIt() {
        byte[] twice = "{\"action\":\"opened\",\"n\":{\"a\":1,\"a\":2},\"action\":\"closed\"}"
                .getBytes(StandardCharsets.UTF_8);
        for (String expression : new String[] {"body.action == 'opened'", "body.n.a == 1",
                "size(body) == 2 && body.action == 'opened'"}) {
            for (boolean checked : new boolean[] {false, true}) {
                Where where = WhereLanguage.compile(expression);
                EventFacts event = event(twice, Map.of());
                if (checked) {
                    event.bodyCheckedAsJsonObject();
                }
                event.willRead(where);
                assertTrue(where.test(event).matched(), expression + (checked ? ", checked" : ""));
            }
        }
    }

    @Test
    void anExpressionOverItsCostLimitFailsInsteadOfRunningOn() {
        StringBuilder items = new StringBuilder("{\"items\":[0");
        for (int i = 1; i < 500; i++) {
            items.append(',').append(i);
        }
        EventFacts event = event(items.append("]}").toString().getBytes(StandardCharsets.UTF_8), Map.of());
        assertTrue(WhereLanguage.compile("body.items.exists(i, i == 499)").test(event).matched());
        Where.Verdict nested = WhereLanguage.compile("body.items.all(i, body.items.all(j, i + j >= 0))").test(event);
        assertFalse(nested.matched());
        assertTrue(nested.failure().contains("over the cost limit of 10000 steps"), nested.failure());
    }

    @Test
    void whatAFilterBuildsIsCountedNotWhatItReads() {
        String large = "x".repeat(WhereLanguage.SIZE_LIMIT - 10);
        StringBuilder items = new StringBuilder("{\"large\":\"" + large + "\",\"items\":[0");
        for (int i = 1; i < 500; i++) {
            items.append(',').append(i);
        }
        EventFacts event = event(items.append("]}").toString().getBytes(StandardCharsets.UTF_8), Map.of());
        for (String holds : new String[] {"body.large.startsWith('x') && size(body.large) > 1000 && body.large == body.large",
                "body.items.map(i, i * 2).filter(i, i % 3 == 0).size() == 167", "size(body.items + body.items) == 1000",
                "body.items.all(i, (body.large == '' ? 'y' : body.large).startsWith('x'))"}) {
            Where.Verdict verdict = WhereLanguage.compile(holds).test(event);
            assertTrue(verdict.matched(), holds + ": " + verdict.failure());
        }
        Where.Verdict built = WhereLanguage.compile("size(body.large + '!!!!!!!!!!!') > 0").test(event);
        assertEquals("line 1, column 17: over the size limit of 1000000 characters, bytes, list items"
                + " and map entries built by one test", built.failure());
    }

    @Test
    void aFailureSaysWhereInTheExpressionByLineAndColumnAsAStartErrorDoes() {
        EventFacts event = event("{\"type\":\"invoice.paid\"}".getBytes(StandardCharsets.UTF_8), Map.of());
        Where.Verdict missing = WhereLanguage.compile("type == 'no-such-type' ||\n  body.data.amount > 100").test(event);
        assertEquals("line 2, column 7: key 'data' is not present in map.", missing.failure());
        Where.Verdict unicode = WhereLanguage.compile("'ünïcödé' != '' && body.data.amount > 100").test(event);
        assertEquals("line 1, column 24: key 'data' is not present in map.", unicode.failure(),
                "columns count characters, as start errors do");
        Where.Verdict documented = WhereLanguage.compile("body.data.object.amount_due > 100000").test(event);
        assertEquals("line 1, column 5: key 'data' is not present in map.", documented.failure(), "as docs/handlers.md shows it");
    }

    @Test
    void aPatternIsALiteralCompiledOnceWithTheExpression() {
        EventFacts event = event("{\"ref\":\"refs/tags/v12\",\"items\":[1,2,3]}".getBytes(), Map.of());
        for (String holds : new String[] {"body.ref.matches('^refs/tags/v[0-9]+$')", "matches(body.ref, 'tags')",
                "body.items.all(i, body.ref.matches('v1') && !type.matches('^pull'))"}) {
            Where.Verdict verdict = WhereLanguage.compile(holds).test(event);
            assertTrue(verdict.matched(), holds + ": " + verdict.failure());
        }
        EventFacts large = event(("{\"s\":\"" + "abcdefghij".repeat(20_000) + "\"}").getBytes(), Map.of());
        assertTrue(WhereLanguage.compile("body.s.matches('j$')").test(large).matched(),
                "200,000 characters by 4 instructions: 8,000 steps");
        Where.Verdict slow = WhereLanguage.compile("body.s.matches('(?i)wip')").test(large);
        assertEquals("line 1, column 15: over the cost limit of 10000 steps", slow.failure(),
                "200,000 by 5 instructions is charged 10,000 steps before it runs");
        EventFacts xs = event(("{\"s\":\"" + "x".repeat(20_000) + "\"}").getBytes(), Map.of());
        long started = System.nanoTime();
        Where.Verdict counted = WhereLanguage.compile("body.s.matches('x.{0,1000}y')").test(xs);
        assertEquals("line 1, column 15: over the cost limit of 10000 steps", counted.failure(),
                "11 characters, 2,004 instructions: 20,000 characters of x (270 ms to match) are charged 400,000 steps");
        assertTrue(System.nanoTime() - started < 200_000_000L, "refused before it runs");
        IllegalArgumentException read = assertThrows(IllegalArgumentException.class,
                () -> WhereLanguage.compile("type == 'push' && body.ref.matches(body.pattern)"));
        assertTrue(read.getMessage().startsWith("line 1, column 35: the pattern of matches() must be a string literal"),
                read.getMessage());
        IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class,
                () -> WhereLanguage.compile("body.ref.matches('v[0-9')"));
        assertTrue(invalid.getMessage().startsWith("line 1, column 18: matches(): "), invalid.getMessage());
    }

    @Test
    void aPatternThatCompilesTooLargeIsRefusedBeforeItIsCompiled() {
        long started = System.nanoTime();
        IllegalArgumentException nested = assertThrows(IllegalArgumentException.class,
                () -> WhereLanguage.compile("body.s.matches('((a{1000}){1000}){1000}')"));
        assertEquals("line 1, column 16: matches(): counted repetitions nested in one another multiply past 1000"
                + " (as in (a{100}){100}), which RE2 refuses as too large", nested.getMessage());
        assertTrue(System.nanoTime() - started < 1_000_000_000L, "at once, not after compiling a billion instructions");
        IllegalArgumentException large = assertThrows(IllegalArgumentException.class,
                () -> WhereLanguage.compile("body.s.matches('[a-z]{1000}[0-9]{1000}[a-z]{1000}[0-9]{1000}[a-z]{1000}x{100}')"));
        assertTrue(large.getMessage().startsWith("line 1, column 16: matches(): the pattern compiles to "), large.getMessage());
        assertTrue(large.getMessage().contains("instructions, more than 5000"), large.getMessage());
        assertTrue(WhereLanguage.compile("body.s.matches('(ab{10}){1,100}')").test(
                event("{\"s\":\"abbbbbbbbbb\"}".getBytes(), Map.of())).matched(), "10 by 100 is within RE2's limit");
    }

    @Test
    void aResultNotKnownToBeABoolIsRefusedWithHowToWriteIt() {
        IllegalArgumentException field = assertThrows(IllegalArgumentException.class,
                () -> WhereLanguage.compile("body.draft"));
        assertEquals("line 1, column 5: expected type 'bool' but found 'dyn' (a field of body may hold any JSON value);"
                + " compare it with a value of the type it holds, "
                + "such as body.draft == true or body.draft == 'main'", field.getMessage());
        IllegalArgumentException chosen = assertThrows(IllegalArgumentException.class,
                () -> WhereLanguage.compile("type == 'push' ? body.forced : body.deleted"));
        String chosenText = "(type == 'push' ? body.forced : body.deleted)";
        assertTrue(chosen.getMessage().endsWith("compare it with a value of the type it holds, such as " + chosenText
                + " == true or " + chosenText + " == 'main'"),
                chosen.getMessage());
        EventFacts draft = event("{\"draft\":true,\"commits\":[{\"distinct\":true}]}".getBytes(), Map.of());
        for (String bool : new String[] {"body.draft == true", "has(body.draft) && body.draft",
                "body.commits.exists(c, c.distinct)", "!body.draft == false"}) {
            Where.Verdict verdict = WhereLanguage.compile(bool).test(draft);
            assertTrue(verdict.matched(), bool + ": " + verdict.failure());
        }
    }

    @Test
    void aFormBodyIsReadAsTheJsonOfItsPayloadField() {
        byte[] form = ("zen=Keep+it+logically+awesome.&payload="
                + URLEncoder.encode("{\"ref\":\"refs/heads/main\",\"pusher\":{\"name\":\"Zoë\"}}", StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.US_ASCII);
        Where main = WhereLanguage.compile("body.ref == 'refs/heads/main' && body.pusher.name == 'Zoë'");
        Map<String, String> formType = Map.of("content-type", "application/x-www-form-urlencoded; charset=utf-8");
        assertTrue(main.test(event(form, formType)).matched(), "the payload field is the body");
        assertEquals("it reads body, and the body is not JSON",
                main.test(event("payload=%7B%22ref%22".getBytes(StandardCharsets.US_ASCII), formType)).failure(),
                "a payload that is not JSON is no body");
        assertEquals("it reads body, and the body is not JSON",
                main.test(event("ref=refs%2Fheads%2Fmain".getBytes(StandardCharsets.US_ASCII), formType)).failure(),
                "a form without a payload field has no body");
    }

    @Test
    void aBodyTheCallerDecodedIsReadAsGivenNotInflatedAgain() throws IOException {
        byte[] json = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
            out.write(json);
        }
        // Cut short, the compressed bytes would not inflate: the body read can only be the one given.
        byte[] cut = Arrays.copyOf(gzip.toByteArray(), 12);
        EventFacts decoded = new EventFacts("gh", "github", "push", "k1", Map.of("content-encoding", "gzip"),
                Instant.now(), cut, json);
        assertTrue(WhereLanguage.compile("body.ref == 'refs/heads/main'").test(decoded).matched());
    }

    @Test
    void aJsonIntegerIsAnIntegerAndADecimalADouble() {
        EventFacts event = event("{\"size\":3,\"amount\":12.5,\"id\":1200}".getBytes(), Map.of());
        for (String holds : new String[] {"body.size + 1 == 4", "string(body.id) == '1200'", "body.size * 2 > 5",
                "body.amount > 12", "type(body.amount) == double", "type(body.size) == int"}) {
            Where.Verdict verdict = WhereLanguage.compile(holds).test(event);
            assertTrue(verdict.matched(), holds + ": " + verdict.failure());
        }
    }

    @Test
    void anExpressionTooLongIsRefused() {
        String tooLong = "type == '" + "x".repeat(WhereLanguage.MAX_LENGTH) + "'";
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> WhereLanguage.compile(tooLong));
        assertTrue(refused.getMessage().contains("4096"), refused.getMessage());
    }

    private static EventFacts event(byte[] body, Map<String, String> headers) {
        return new EventFacts("gh", "github", "push", "k1", headers, Instant.now(), body);
    }
}
