package io.hookline.provider.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.spi.InvalidPayloadException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FormFieldsTest {

    @Test
    void aFieldIsDecodedAsUrlEncoderEncodedIt() {
        String json = "{\"ref\":\"refs/heads/main\",\"message\":\"café & 100% + more\"}";
        byte[] form = ("zen=Keep+it+logically+awesome.&payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.US_ASCII);
        assertEquals(json, text(form, "payload"));
        assertEquals("Keep it logically awesome.", text(form, "zen"));
    }

    @Test
    void theFirstFieldOfTheNameIsRead() {
        assertEquals("1", text("payload=1&payload=2".getBytes(StandardCharsets.US_ASCII), "payload"));
        assertEquals("", text("payload=&x=1".getBytes(StandardCharsets.US_ASCII), "payload"));
        assertEquals("x", text("pay%6Coad=x".getBytes(StandardCharsets.US_ASCII), "payload"), "a name is decoded too");
    }

    @Test
    void rawUtf8InAFormPassesThroughAsItCame() {
        assertEquals("café", text("payload=café".getBytes(StandardCharsets.UTF_8), "payload"));
    }

    @Test
    void aFormWithoutTheFieldHasNone() {
        assertTrue(FormFields.field("zen=x&payloads=y".getBytes(StandardCharsets.US_ASCII), "payload").isEmpty());
        assertTrue(FormFields.field(new byte[0], "payload").isEmpty());
        assertTrue(FormFields.field("payload".getBytes(StandardCharsets.US_ASCII), "payload").isEmpty(),
                "a name without '=' has no value");
    }

    @Test
    void aBadEscapeIsToldWithTheFieldAndItsPositionInTheBody() {
        for (String[] bad : new String[][] {{"payload=%7Bx%zz", "13"}, {"a=1&payload=ab%4", "15"},
                {"payload=%", "9"}, {"payload=%%41", "9"}}) {
            InvalidPayloadException e = assertThrows(InvalidPayloadException.class,
                    () -> FormFields.field(bad[0].getBytes(StandardCharsets.US_ASCII), "payload"), bad[0]);
            assertEquals("form field 'payload' has a bad %-escape at character " + bad[1]
                    + ": '%' must be followed by two hex digits", e.getMessage(), bad[0]);
        }
    }

    @Test
    void aBadEscapeElsewhereIsNotTheFieldsConcern() {
        assertEquals("{}", text("zen=100%&payload=%7B%7D".getBytes(StandardCharsets.US_ASCII), "payload"));
        assertEquals("{}", text("%zz=1&payload=%7B%7D".getBytes(StandardCharsets.US_ASCII), "payload"));
    }

    @Test
    void aContentTypeIsAFormWhateverItsCaseAndParameters() {
        assertTrue(FormFields.isForm("Application/X-WWW-Form-Urlencoded; charset=utf-8"));
        assertFalse(FormFields.isForm("application/json"));
        assertFalse(FormFields.isForm(null));
    }

    private static String text(byte[] form, String name) {
        return new String(FormFields.field(form, name).orElseThrow(), StandardCharsets.UTF_8);
    }
}
