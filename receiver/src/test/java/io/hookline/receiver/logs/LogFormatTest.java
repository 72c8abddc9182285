package io.hookline.receiver.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.event.KeyValuePair;

/**
 * The jar's own logging ({@link LogSetup}), set up in a logger context of its own with the format an
 * operator chooses by {@code HOOKLINE_LOG_FORMAT}, and what it writes on standard output.
 */
class LogFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the jar's logging writes for {@code events} with {@code HOOKLINE_LOG_FORMAT=format}. */
    private static List<String> written(String format, Consumer<Logger> events) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        // A property of the context is looked up before the environment, as the variable would be.
        context.putProperty(LogFormat.VARIABLE, format);
        context.setMDCAdapter(MDC.getMDCAdapter()); // the one MDC.put writes to
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            LogSetup setup = new LogSetup();
            setup.setContext(context);
            assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, setup.configure(context),
                    "no logback.xml is looked for after it");
            events.accept(context.getLogger("io.hookline.receiver.ingest.WebhookController"));
        } finally {
            context.stop(); // writes out the queue
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static void requestWithFailure(Logger log) {
        MDC.put("request_id", "req_01HX");
        MDC.put("event_id", "evt_42");
        try {
            log.atWarn().addKeyValue("status", 503).addKeyValue("source", "gh")
                    .setCause(new IllegalStateException("disk full", new IOException("No space left")))
                    .log("Storing {} from {} failed", "evt_42", "gh");
        } finally {
            MDC.clear();
        }
    }

    @Test
    void aJsonLineHasTheFilledInMessageUtcTimeMdcKeyValuesAndTheStackTraceAsOneField() throws Exception {
        List<String> lines = written("json", LogFormatTest::requestWithFailure);
        assertEquals(1, lines.size(), "one event, one line (the stack trace included): " + lines);
        JsonNode line = JSON.readTree(lines.get(0));
        assertEquals("Storing evt_42 from gh failed", line.path("message").asText(), line.toString());
        assertEquals("WARN", line.path("level").asText());
        assertEquals("io.hookline.receiver.ingest.WebhookController", line.path("logger").asText());
        assertEquals(Thread.currentThread().getName(), line.path("thread").asText());
        OffsetDateTime time = OffsetDateTime.parse(line.path("@timestamp").asText());
        assertEquals(ZoneOffset.UTC, time.getOffset(), "timestamps are UTC: " + line);
        assertTrue(Math.abs(time.toInstant().getEpochSecond() - Instant.now().getEpochSecond()) < 60, line.toString());
        assertEquals("req_01HX", line.path("request_id").asText(), "MDC entries are fields: " + line);
        assertEquals("evt_42", line.path("event_id").asText(), line.toString());
        assertEquals(503, line.path("status").asInt(), "key/value pairs are fields: " + line);
        assertTrue(line.path("status").isNumber(), "a number stays a number: " + line);
        assertEquals("gh", line.path("source").asText(), line.toString());
        String trace = line.path("stack_trace").asText();
        assertTrue(trace.startsWith("java.lang.IllegalStateException: disk full"), trace);
        assertTrue(trace.contains("Caused by: java.io.IOException: No space left"), trace);
        assertTrue(trace.contains("at io.hookline.receiver.logs.LogFormatTest"), trace);
    }

    @Test
    void aTextLineShowsTheMdcAndKeyValuesOnceAfterTheMessageAndAPlainMessageAsBefore() throws Exception {
        List<String> lines = written("text", log -> {
            log.info("Plain {} message", "old");
            MDC.put("source", "from-mdc");
            MDC.put("request_id", "req_01HX");
            try {
                log.atInfo().addKeyValue("source", "gh").addKeyValue("status", 200).addKeyValue("client", "a b")
                        .log("request");
            } finally {
                MDC.clear();
            }
        });
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  \\[.+] "
                + "i\\.h\\.r\\.ingest\\.WebhookController - Plain old message"), lines.get(0));
        assertTrue(lines.get(1).endsWith(" - request request_id=req_01HX source=gh status=200 client=\"a b\""),
                "each field once, the pair's value over the MDC's: " + lines.get(1));
    }

    @Test
    void aTextLineIsWhatLogbacksTextPatternWritesStackTracesIncluded() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        PatternLayout pattern = new PatternLayout();
        pattern.setContext(context);
        pattern.getInstanceConverterMap().put("fields", TextFields::new);
        pattern.setPattern(TextLayout.PATTERN);
        pattern.start();
        TextLayout layout = new TextLayout();
        layout.setContext(context);
        layout.start();

        ch.qos.logback.classic.Logger requests = context.getLogger("hookline.requests");
        ch.qos.logback.classic.Logger controller = context.getLogger("io.hookline.receiver.ingest.WebhookController");
        LoggingEvent plain = new LoggingEvent(null, requests, Level.INFO, "Plain {} message", null, new Object[] {"old"});
        LoggingEvent failure = new LoggingEvent(null, controller, Level.ERROR, "Storing {} from {} failed",
                new IllegalStateException("disk full", new IOException("No space left")), new Object[] {"evt_42", "gh"});
        failure.setMDCPropertyMap(Map.of("request_id", "req_01HX"));
        failure.addKeyValuePair(new KeyValuePair("status", 503));
        failure.addKeyValuePair(new KeyValuePair("client", "a b"));
        LoggingEvent warning = new LoggingEvent(null, context.getLogger("io.micronaut.http.server.netty.NettyHttpServer"),
                Level.WARN, "short", null, null);
        for (LoggingEvent event : List.of(plain, failure, warning)) {
            assertEquals(pattern.doLayout(event), layout.doLayout(event));
        }
        assertTrue(layout.doLayout(failure).contains("\nCaused by: java.io.IOException: No space left"),
                layout.doLayout(failure));
    }

    @Test
    void aConfigurationFileGivenOnTheCommandLineReplacesTheJarsLogging() {
        LoggerContext context = new LoggerContext();
        LogSetup setup = new LogSetup();
        setup.setContext(context);
        System.setProperty("logback.configurationFile", "operator-logback.xml");
        try {
            assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, setup.configure(context),
                    "logback's own XML configurator reads the file");
            assertFalse(context.getLogger("ROOT").iteratorForAppenders().hasNext(), "nothing set up here");
        } finally {
            System.clearProperty("logback.configurationFile");
            context.stop();
        }
    }

    @Test
    void theFormatIsTextUnlessSetAndOnlyTextOrJsonInAnyCaseAreAccepted() {
        assertEquals(LogFormat.TEXT, LogFormat.of(Map.of()));
        assertEquals(LogFormat.TEXT, LogFormat.of(Map.of(LogFormat.VARIABLE, "text")));
        assertEquals(LogFormat.JSON, LogFormat.of(Map.of(LogFormat.VARIABLE, "json")));
        assertEquals(LogFormat.JSON, LogFormat.of(Map.of(LogFormat.VARIABLE, "JSON")));
        assertEquals(LogFormat.JSON, LogFormat.of(Map.of(LogFormat.VARIABLE, " json")));
        assertEquals(LogFormat.TEXT, LogFormat.of(Map.of(LogFormat.VARIABLE, "")), "VARIABLE= is unset");
        for (String wrong : new String[] {"jsonl", "logfmt", "ndjson"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> LogFormat.of(Map.of(LogFormat.VARIABLE, wrong)));
            assertEquals("HOOKLINE_LOG_FORMAT='" + wrong + "' is not a log format; set it to text (the default) or json,"
                    + " or remove it", refused.getMessage());
            assertFalse(refused.getMessage().contains("\n"));
        }
    }
}
