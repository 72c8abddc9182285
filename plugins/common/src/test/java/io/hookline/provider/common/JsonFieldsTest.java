package io.hookline.provider.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hookline.spi.InvalidPayloadException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a sender reads in a {@code payload_invalid} detail: the reason in plain words and where, never the parser's internals. */
class JsonFieldsTest {

    private static String refusal(String body) {
        String detail = assertThrows(InvalidPayloadException.class,
                () -> JsonFields.read(body.getBytes(StandardCharsets.UTF_8), List.of("id"))).getMessage();
        for (String internal : List.of("StreamReadConstraints", "StreamReadFeature", "Jackson", "jackson", "Exception",
                "REDACTED")) {
            assertFalse(detail.contains(internal), "no library internals in: " + detail);
        }
        return detail;
    }

    @Test
    void aBodyNestedTooDeepSaysHowDeepItMayBe() {
        assertEquals("body nests deeper than 1000 levels at line 1 column 1005",
                refusal("{\"a\":" + "[".repeat(1500) + "]".repeat(1500) + "}"));
    }

    @Test
    void aNumberWithTooManyDigitsSaysHowLongItMayBeAndWhereItStarts() {
        assertEquals("body has a number longer than 1000 digits at line 1 column 6",
                refusal("{\"a\":" + "9".repeat(1500) + "}"));
        assertEquals("body has a number longer than 1000 digits at line 2 column 6",
                refusal("{\"id\":\"x\",\n\"n\": -1." + "5".repeat(1500) + "}"));
    }

    @Test
    void aFieldNameTooLongSaysHowLongItMayBe() {
        assertEquals("body has a field name longer than 50000 characters at line 1 column 60004",
                refusal("{\"" + "k".repeat(60000) + "\":1}"));
    }

    @Test
    void aSyntaxErrorNamesTheCharacterAndWhereItIs() {
        assertEquals("body is not JSON: unexpected character '1' at line 1 column 6", refusal("{\"a\" 1}"));
        assertEquals("body is not JSON: unexpected character '@' at line 3 column 3", refusal("{\n \"a\":\n  @}"));
        assertEquals("body is not JSON: unexpected control character (code 10) at line 1 column 8",
                refusal("{\"a\":\"x\ny\"}"));
        assertEquals("body is not JSON: unexpected character '}' at line 1 column 8", refusal("{\"a\":1}}"));
    }

    @Test
    void aBodyCutShortSaysItEndsEarly() {
        assertEquals("body is not JSON: it ends before the JSON does at line 1 column 8", refusal("{\"ref\":"));
    }

    @Test
    void aBodyThatIsNotAnObjectSaysSo() {
        assertEquals("body is not a JSON object", refusal("[1, 2]"));
        assertEquals("body has content after the JSON object", refusal("{\"a\":1} {\"b\":2}"));
    }
}
